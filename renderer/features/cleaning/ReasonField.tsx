// The required reason box of the cleaning actions (correct, accept, exclude, include, undo): label, a textarea limited
// to the contract's REASON_MAX_LENGTH with a character counter, and the "reason required" error once submit was tried.
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { REASON_MAX_LENGTH } from '../../../shared/contract/cleaning';

/**
 * Label, textarea, counter and error of a required reason. Ids are `${id}-r` (textarea), `${id}-rc` (counter) and
 * `${id}-re` (error), so the caller's form can point at them.
 * @param missing true when submit was tried with an empty reason (shows the error, marks the box invalid)
 */
export function ReasonField({ id, value, onChange, missing, inputRef }: { id: string; value: string; onChange: (v: string) => void; missing: boolean; inputRef?: Ref<HTMLTextAreaElement> | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <label htmlFor={`${id}-r`}>{t('cleaning.action.reason')}</label>
      <textarea
        ref={inputRef}
        id={`${id}-r`}
        rows={2}
        value={value}
        maxLength={REASON_MAX_LENGTH}
        required
        aria-required="true"
        aria-invalid={missing}
        aria-describedby={missing ? `${id}-rc ${id}-re` : `${id}-rc`}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-rc`} className="cl-field__hint" data-testid="reason-count">{t('cleaning.action.reasonCount', { count: value.length, max: REASON_MAX_LENGTH })}</span>
      {missing && <span id={`${id}-re`} className="cl-field__error">{t('cleaning.action.reasonRequired')}</span>}
    </>
  );
}
