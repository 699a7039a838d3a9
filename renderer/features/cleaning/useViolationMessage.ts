// A hook giving a violation's message in the UI language (see format.ts violationMessageKey).
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { violationMessageKey, type ViolationText } from './format';

/** Returns a function turning a stored violation into its message in the UI language (the stored text when it has no key). */
export function useViolationMessage(): (v: ViolationText) => string {
  const { t } = useTranslation();
  return useCallback((v: ViolationText) => {
    const m = violationMessageKey(v);
    return m ? t(m.key, { value: m.params.value, ...m.params }) : v.message;
  }, [t]);
}
