// The operator field: who works at this keyboard, recorded with every fieldwork change and remembered in the UI store.
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';

const OPERATOR_INPUT_ID = 'fw-operator';

/** Moves focus to the operator field (e.g. when an action needs a name first). */
export function focusOperator(): void {
  document.getElementById(OPERATOR_INPUT_ID)?.focus();
}

/** A compact labelled text field bound to the store's operator name. */
export function OperatorField() {
  const { t } = useTranslation();
  const operator = useAppStore((s) => s.operator);
  const setOperator = useAppStore((s) => s.setOperator);
  const missing = operator.trim() === '';
  return (
    <div className={`fw-operator${missing ? ' fw-operator--missing' : ''}`}>
      <label htmlFor={OPERATOR_INPUT_ID} className="fw-operator__label">{t('fieldwork.operator.label')}</label>
      <input
        id={OPERATOR_INPUT_ID}
        type="text"
        value={operator}
        maxLength={100}
        autoComplete="off"
        placeholder={t('fieldwork.operator.placeholder')}
        aria-describedby={`${OPERATOR_INPUT_ID}-hint`}
        onChange={(e) => setOperator(e.target.value)}
      />
      <span id={`${OPERATOR_INPUT_ID}-hint`} className="visually-hidden">{t('fieldwork.operator.hint')}</span>
    </div>
  );
}
