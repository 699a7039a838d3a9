// Hook: the label of an AAPOR disposition code in the UI language ("1.1 Volledig ingevuld").
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';

/**
 * Returns a function code → "code label" in the current language, from the disposition list in the store
 * (the code alone while the list is not loaded or for an unknown code).
 */
export function useDispositionLabel(): (code: string) => string {
  const { i18n } = useTranslation();
  const codes = useAppStore((s) => s.dispositionCodes);
  const en = i18n.resolvedLanguage === 'en';
  return useCallback(
    (code: string) => {
      const d = codes?.find((c) => c.code === code);
      return d ? `${d.code} ${en ? d.en : d.nl}` : code;
    },
    [codes, en],
  );
}
