// Entry-form preview: the fields in entry order with their codes; routing and checks applied to typed example answers.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isEnterable, textIn, valueLabels, type Questionnaire } from '../../../shared/domain/questionnaire';
import { createChecker, type Checker } from '../../../shared/checks';
import type { RawValue } from '../../../shared/expr/values';
import { questionNumbers } from './model';
import { useFormLanguage } from './useFormText';

/** Compiles routing and checks; null (with the reason) when the draft still has expression errors. */
function compileChecker(q: Questionnaire): { checker: Checker | null; error: string | null } {
  try {
    return { checker: createChecker(q), error: null };
  } catch (e) {
    return { checker: null, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Shows the entry form of a (draft) questionnaire: every enterable field in entry order with its codes.
 * Typed example answers are routed with shared/routing (fields skipped are greyed out and marked) and
 * checked with shared/checks (hard and soft violations shown under the field).
 */
export function EntryPreview({ questionnaire: q }: { questionnaire: Questionnaire }) {
  const { t } = useTranslation();
  const language = useFormLanguage(q);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const { checker, error } = useMemo(() => compileChecker(q), [q]);
  const numbers = useMemo(() => questionNumbers(q), [q]);
  const result = useMemo(() => {
    if (!checker) return null;
    const raw: Record<string, RawValue> = {};
    for (const [k, v] of Object.entries(answers)) raw[k] = v;
    return checker.check(raw, { requireAnswers: false });
  }, [checker, answers]);
  const fields = (checker?.router.variables ?? []).map((v, slot) => ({ v, slot })).filter(({ v }) => isEnterable(v));
  const onRouteCount = result ? fields.filter(({ slot }) => result.state.onRoute[slot]).length : 0;

  return (
    <div className="pv">
      <div className="pv__bar">
        <p className="muted">{t('questionnaire.preview.explain')}</p>
        <span className="pv__count" aria-live="polite">{t('questionnaire.preview.onRoute', { count: onRouteCount, total: fields.length })}</span>
        <button type="button" className="btn btn--secondary btn--small" onClick={() => setAnswers({})} disabled={Object.keys(answers).length === 0}>
          {t('questionnaire.preview.clear')}
        </button>
      </div>
      {error && <p className="bld-problem bld-problem--error" role="alert">{t('questionnaire.preview.cannot', { error })}</p>}
      {fields.length === 0 && !error && <p className="muted">{t('questionnaire.preview.empty')}</p>}
      <ol className="pv__list" aria-label={t('questionnaire.preview.label')}>
        {fields.map(({ v, slot }) => {
          const on = result?.state.onRoute[slot] ?? true;
          const num = numbers.get(v.name) ?? '';
          const codes = valueLabels(q, v);
          const violations = (result?.violations ?? []).filter((x) => x.variable === v.name && x.kind !== 'offRoute');
          const label = textIn(v.label, language, q.defaultLanguage) || v.name;
          return (
            <li key={v.name} className={`pv-field${on ? '' : ' pv-field--off'}`} data-name={v.name} data-on-route={on ? 'true' : 'false'}>
              <span className="pv-field__num">{num}</span>
              <div className="pv-field__main">
                <label className="pv-field__label">
                  <span className="pv-field__text">
                    <code>{v.name}</code> {label}
                  </span>
                  <input
                    type="text"
                    inputMode={v.type === 'text' ? 'text' : 'numeric'}
                    className="pv-field__input"
                    value={answers[v.name] ?? ''}
                    onChange={(e) => setAnswers((a) => ({ ...a, [v.name]: e.target.value }))}
                    aria-describedby={`pv-${v.name}-state`}
                  />
                </label>
                {codes.length > 0 && (
                  <ul className="pv-field__codes" aria-label={t('questionnaire.preview.codes', { name: v.name })}>
                    {codes.map((c) => (
                      <li key={c.code} className={c.missing ? 'pv-code pv-code--missing' : 'pv-code'}>
                        <b>{c.code}</b> {textIn(c.label, language, q.defaultLanguage)}
                      </li>
                    ))}
                  </ul>
                )}
                <p id={`pv-${v.name}-state`} className="pv-field__state">
                  {!on && <span className="badge badge--muted">{t('questionnaire.preview.skipped')}</span>}
                  {violations.map((x, i) => (
                    <span key={i} className={`pv-viol pv-viol--${x.severity}`}>
                      {x.formMessage ? textIn(x.formMessage, language, q.defaultLanguage) || x.message : x.message}
                    </span>
                  ))}
                </p>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
