// An expression input checked as you type (shared/expr tryParse + checkExpr), with the faulty part underlined.
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Questionnaire } from '../../../shared/domain/questionnaire';
import { checkExpression, type ExprKind } from './exprCheck';
import { exprProblemText } from './exprText';

/** Props of {@link ExprField}. */
export interface ExprFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  q: Questionnaire;
  kind: ExprKind;
  owner: string | undefined;
  position: number;
  placeholder?: string;
}

/** A labelled expression input; below it the expression with the first problem's span underlined and the message. */
export function ExprField({ label, value, onChange, q, kind, owner, position, placeholder }: ExprFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const findings = useMemo(() => checkExpression(value, q, kind, owner, position), [value, q, kind, owner, position]);
  const first = findings[0];
  const hasError = findings.some((f) => f.severity === 'error');
  const start = first ? Math.min(first.span.start, value.length) : 0;
  const end = first ? Math.max(start, Math.min(first.span.end, value.length)) : 0;
  return (
    <div className={`expr${hasError ? ' expr--error' : first ? ' expr--warning' : ''}`}>
      <label className="field">
        <span className="field__label">{label}</span>
        <input
          type="text"
          className="expr__input"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          placeholder={placeholder}
          aria-invalid={hasError}
          aria-describedby={first ? `${id}-msg` : undefined}
        />
      </label>
      {first && (
        <div className="expr__check" id={`${id}-msg`}>
          <code className="expr__mirror" aria-hidden="true">
            {value.slice(0, start)}
            <span className={`expr__span expr__span--${first.severity}`}>{end > start ? value.slice(start, end) : '\u00a0'}</span>
            {value.slice(end)}
          </code>
          <p className="expr__msg" role={hasError ? 'alert' : undefined}>
            <span className="expr__sev">{first.severity === 'error' ? t('questionnaire.builder.exprError') : t('questionnaire.builder.exprWarning')}</span>{' '}
            {t('questionnaire.builder.atChar', { n: first.span.start + 1 })}: {exprProblemText(first.key, first.params, t)}
            {findings.length > 1 && <span className="muted"> {t('questionnaire.builder.more', { count: findings.length - 1 })}</span>}
          </p>
        </div>
      )}
      {!first && value.trim() !== '' && <p className="expr__ok">{t('questionnaire.builder.exprOk')}</p>}
    </div>
  );
}
