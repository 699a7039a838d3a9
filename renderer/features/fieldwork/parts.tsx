// Small building blocks of the Veldwerk area: a titled section card, an inline error, stat tiles.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultError } from '../../../shared/contract/result';

/** A card with a level-2 (or given level) heading; the heading names the region for screen readers. */
export function Section({ title, intro, actions, children, level = 2, className = '' }: { title: string; intro?: ReactNode; actions?: ReactNode; children: ReactNode; level?: 2 | 3; className?: string }) {
  const id = useId();
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <section className={`card fw-section ${className}`} aria-labelledby={id}>
      <header className="fw-section__header">
        <div>
          <H id={id} className="fw-section__title">{title}</H>
          {intro && <p className="fw-section__intro">{intro}</p>}
        </div>
        {actions && <div className="fw-section__actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** An error of one action shown where it happened (role alert), with its located issues. */
export function InlineError({ error, onDismiss }: { error: ResultError; onDismiss?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="fw-alert fw-alert--error" role="alert">
      <div className="fw-alert__body">
        <strong>{error.message}</strong>
        <span className="fw-alert__code">{t('common.errorCode', { code: error.code })}</span>
        {error.issues && error.issues.length > 0 && (
          <ul className="fw-alert__issues">
            {error.issues.slice(0, 20).map((issue, i) => (
              <li key={i}>
                {issue.value !== undefined && <code>{issue.value}</code>} {issue.message}
              </li>
            ))}
            {error.issues.length > 20 && <li>{t('fieldwork.moreIssues', { count: error.issues.length - 20 })}</li>}
          </ul>
        )}
      </div>
      {onDismiss && (
        <button type="button" className="btn btn--ghost btn--small" onClick={onDismiss} aria-label={t('common.dismiss')}>
          ×
        </button>
      )}
    </div>
  );
}

/** A success message (role status). */
export function Success({ children }: { children: ReactNode }) {
  return (
    <p className="fw-alert fw-alert--ok" role="status">
      <span aria-hidden="true">✓</span> {children}
    </p>
  );
}

/** One stat tile of a {@link Stats} row. */
export interface Stat {
  label: string;
  value: string;
  hint?: string;
  tone?: 'ok' | 'warn' | 'bad';
}

/** A row of compact stat tiles (a description list). */
export function Stats({ items, label }: { items: Stat[]; label: string }) {
  return (
    <dl className="fw-stats" aria-label={label}>
      {items.map((s) => (
        <div key={s.label} className={`fw-stat${s.tone ? ` fw-stat--${s.tone}` : ''}`}>
          <dt className="fw-stat__label">{s.label}</dt>
          <dd className="fw-stat__value">{s.value}</dd>
          {s.hint && <dd className="fw-stat__hint">{s.hint}</dd>}
        </div>
      ))}
    </dl>
  );
}
