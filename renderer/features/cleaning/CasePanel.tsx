// The case opened beside the violation list: its violations (correct, accept), its values with labels, its corrections (undo), exclude/include.
import { ReasonField } from './ReasonField';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { EXCLUSION_REASONS, type ExclusionReason } from '../../stores/cleaningSlice';
import { findVariable, isEnterable, placedVariables, textIn, valueLabels, type Questionnaire } from '../../../shared/domain/questionnaire';
import { cleaningErrorKey } from './format';
import { SeverityBadge } from './RunSummary';
import { useViolationMessage } from './useViolationMessage';
import { useFormLanguage } from '../questionnaire/useFormText';

/** The action the reason form is open for. */
type Pending =
  | { kind: 'correct'; variable: string }
  | { kind: 'accept'; ruleId: string }
  | { kind: 'withdraw'; ruleId: string }
  | { kind: 'exclude' }
  | { kind: 'include' }
  | { kind: 'undo'; correctionId: number; variable: string };

/** The label of a stored value: the value label of a code, or '' when none. */
function labelOf(q: Questionnaire | undefined, variable: string, value: string | null | undefined, lang: string): string {
  if (!q || value === null || value === undefined) return '';
  const v = findVariable(q, variable);
  if (!v) return '';
  const labels = valueLabels(q, v);
  const one = (code: string) => labels.find((l) => l.code === code);
  if (v.type === 'multiple') return value.split(' ').map((c) => (one(c) ? textIn(one(c)!.label, lang) : c)).join(', ');
  const l = one(value);
  return l ? textIn(l.label, lang) : '';
}

/** The opened case. */
export function CasePanel() {
  const { t } = useTranslation();
  const message = useViolationMessage();
  const c = useAppStore((s) => s.cleaningCase);
  const violations = useAppStore((s) => s.cleaningCaseViolations);
  const close = useAppStore((s) => s.closeCleaningCase);
  const q = useAppStore((s) => s.qState?.questionnaire);
  const lang = useFormLanguage(q);
  const [pendingFor, setPendingFor] = useState<{ caseId: string; action: Pending } | null>(null);
  const [onlyFilled, setOnlyFilled] = useState(true);
  const caseId = c?.caseId;
  // A pending action belongs to the case it was started on.
  const pending = pendingFor && pendingFor.caseId === caseId ? pendingFor.action : null;
  const setPending = (action: Pending | null) => setPendingFor(action && caseId ? { caseId, action } : null);

  const flagged = useMemo(() => new Set(violations.flatMap((v) => v.variables)), [violations]);
  const rows = useMemo(() => {
    if (!c) return [];
    const names = q ? [...new Set(placedVariables(q).filter((p) => isEnterable(p.variable)).map((p) => p.variable.name))] : [];
    for (const k of Object.keys(c.values)) if (!names.includes(k)) names.push(k);
    return names.filter((n) => !onlyFilled || (c.values[n] ?? null) !== null || flagged.has(n));
  }, [c, q, onlyFilled, flagged]);

  if (!c) return null;
  const excluded = c.status === 'excluded';
  const question = (name: string) => {
    const v = q ? findVariable(q, name) : undefined;
    return v ? textIn(v.label, lang) : '';
  };

  return (
    <section className="cl-case card" aria-labelledby="cl-case-title">
      <header className="cl-case__head">
        <div>
          <h2 id="cl-case-title" className="cl-case__title">{t('cleaning.case.title', { caseId: c.caseId })}</h2>
          <p className="cl-case__meta">
            <span className={`status-pill status-pill--${c.status}`}>{t(`caseStatus.${c.status}`, { defaultValue: c.status })}</span>
            {c.batch && <span className="muted">{t('cleaning.case.batch', { batch: c.batch })}</span>}
          </p>
        </div>
        <div className="cl-case__tools">
          {excluded ? (
            <button type="button" className="btn btn--secondary btn--small" onClick={() => setPending({ kind: 'include' })}>{t('cleaning.case.include')}</button>
          ) : (
            <button type="button" className="btn btn--secondary btn--small cl-danger" onClick={() => setPending({ kind: 'exclude' })}>{t('cleaning.case.exclude')}</button>
          )}
          <button type="button" className="btn btn--ghost" aria-label={t('cleaning.case.close')} title={t('cleaning.case.close')} onClick={close}>×</button>
        </div>
      </header>

      {pending && <ActionForm key={JSON.stringify(pending)} pending={pending} current={pending.kind === 'correct' ? (c.values[pending.variable] ?? null) : null} onDone={() => setPending(null)} />}

      <div className="cl-case__block">
        <h3 className="cl-case__subtitle">{t('cleaning.case.violations', { count: violations.length })}</h3>
        {violations.length === 0 ? (
          <p className="muted">{t('cleaning.case.noViolations')}</p>
        ) : (
          <ul className="cl-case__violations">
            {violations.map((v) => (
              <li key={v.id} className="cl-cv">
                <div className="cl-cv__text">
                  <SeverityBadge severity={v.severity} />
                  {v.status === 'accepted' && <span className="cl-accepted" title={v.acceptedReason ?? ''}>{t('cleaning.status.accepted')}</span>}
                  <span title={v.message}>{message(v)}</span>
                  <code className="cl-cv__rule">{v.ruleId}</code>
                </div>
                <div className="cl-cv__actions">
                  {v.variables.slice(0, 3).map((name) => (
                    <button key={name} type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.case.correctVar', { variable: name })} onClick={() => setPending({ kind: 'correct', variable: name })}>
                      {t('cleaning.case.correctShort', { variable: name })}
                    </button>
                  ))}
                  {v.status === 'accepted' && (
                    <button type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.case.withdrawRule', { rule: v.ruleId })} onClick={() => setPending({ kind: 'withdraw', ruleId: v.ruleId })}>
                      {t('cleaning.case.withdraw')}
                    </button>
                  )}
                  {v.severity === 'warning' && v.status === 'open' && (
                    <button type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.case.acceptRule', { rule: v.ruleId })} onClick={() => setPending({ kind: 'accept', ruleId: v.ruleId })}>
                      {t('cleaning.case.accept')}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>

      {c.corrections.length > 0 && (
        <div className="cl-case__block">
          <h3 className="cl-case__subtitle">{t('cleaning.case.corrections', { count: c.corrections.length })}</h3>
          <ul className="cl-case__corrections">
            {[...c.corrections].reverse().map((x) => (
              <li key={x.id}>
                <span><code>{x.variable}</code>: {x.oldValue ?? t('cleaning.empty')} → <strong>{x.newValue ?? t('cleaning.empty')}</strong></span>
                <span className="muted cl-case__why">{x.reason} · {x.operator}</span>
                {/* Only where the service accepts it: not undone, the latest change of its variable, no keying since. */}
                {x.undoable && (
                  <button type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.case.undoLabel', { variable: x.variable, value: x.newValue ?? t('cleaning.empty') })} onClick={() => setPending({ kind: 'undo', correctionId: x.id, variable: x.variable })}>
                    {t('cleaning.case.undo')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="cl-case__block">
        <div className="cl-case__valueshead">
          <h3 className="cl-case__subtitle">{t('cleaning.case.values')}</h3>
          <label className="cl-check"><input type="checkbox" checked={onlyFilled} onChange={(e) => setOnlyFilled(e.target.checked)} /> {t('cleaning.case.onlyFilled')}</label>
        </div>
        <div className="cl-case__values">
          <table className="table">
            <caption className="visually-hidden">{t('cleaning.case.valuesCaption', { caseId: c.caseId })}</caption>
            <thead><tr><th scope="col">{t('cleaning.col.variable')}</th><th scope="col">{t('cleaning.col.value')}</th><th scope="col"><span className="visually-hidden">{t('cleaning.case.actions')}</span></th></tr></thead>
            <tbody>
              {rows.map((name) => {
                const value = c.values[name] ?? null;
                const label = labelOf(q, name, value, lang);
                return (
                  <tr key={name} className={flagged.has(name) ? 'cl-flagged' : undefined}>
                    <th scope="row">
                      <code>{name}</code>
                      <span className="cl-case__question">{question(name)}</span>
                    </th>
                    <td>
                      {value === null ? <span className="muted">{t('cleaning.empty')}</span> : <span className="mono">{value}</span>}
                      {label && <span className="cl-case__label">{label}</span>}
                    </td>
                    <td className="cl-case__edit">
                      <button type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.case.correctVar', { variable: name })} onClick={() => setPending({ kind: 'correct', variable: name })}>
                        {t('cleaning.case.edit')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

/** The form of one cleaning edit: every edit needs a reason; a correction also a new value, an exclusion a reason code. */
function ActionForm({ pending, current, onDone }: { pending: Pending; current: string | null; onDone(): void }) {
  const { t } = useTranslation();
  const q = useAppStore((s) => s.qState?.questionnaire);
  const lang = useFormLanguage(q);
  const busy = useAppStore((s) => s.cleaningBusy);
  const operator = useAppStore((s) => s.operator);
  const store = useAppStore.getState;
  const [value, setValue] = useState(current ?? '');
  const [reason, setReason] = useState('');
  const [code, setCode] = useState<ExclusionReason>('duplicate');
  const [tried, setTried] = useState(false);
  // A correction that changes routing: the answered variables it puts off route (named by the backend for the value
  // typed, `for` = that value) and whether to clear them in the same action (default on).
  const [offRoute, setOffRoute] = useState<{ for: string; answers: { variable: string; value: string }[] }>({ for: current ?? '', answers: [] });
  const [clearOffRoute, setClearOffRoute] = useState(true);
  const routeEffect = useAppStore((s) => s.correctionRouteEffect);
  const correcting = pending.kind === 'correct' ? pending.variable : null;
  // The refusal of the last submit (a value keying would refuse, an excluded case), shown in this form; nothing was stored.
  const [refusal, setRefusal] = useState<string | null>(null);
  const id = useId();
  const firstRef = useRef<HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement>(null);

  useEffect(() => {
    // Keyboard-first: a correction's field opens with the current value selected, so typing replaces it (7, not 57).
    firstRef.current?.focus();
    if (pending.kind === 'correct') firstRef.current?.select();
  }, [pending.kind]);

  useEffect(() => {
    if (correcting === null) return;
    const typed = value.trim();
    let live = true;
    const h = setTimeout(() => {
      void routeEffect(correcting, typed === '' ? null : typed).then((answers) => {
        if (live) setOffRoute({ for: typed, answers });
      });
    }, 200);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [correcting, value, routeEffect]);

  const variable = pending.kind === 'correct' && q ? findVariable(q, pending.variable) : undefined;
  const labels = variable && q ? valueLabels(q, variable) : [];
  const noReason = reason.trim() === '';
  const noOperator = operator.trim() === '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (noReason || noOperator) return;
    const s = store();
    let ok = false;
    switch (pending.kind) {
      case 'correct': {
        const typed = value.trim();
        // Never save a routing change the form has not shown yet: look it up first, and show it when it clears answers.
        if (offRoute.for !== typed) {
          const answers = await s.correctionRouteEffect(pending.variable, typed === '' ? null : typed);
          setOffRoute({ for: typed, answers });
          if (answers.length > 0) return;
        }
        ok = await s.correctValue({ variable: pending.variable, value: typed === '' ? null : typed, reason: reason.trim(), clearOffRoute });
        break;
      }
      case 'accept':
        ok = await s.acceptViolation(pending.ruleId, reason.trim());
        break;
      case 'withdraw':
        ok = await s.withdrawAcceptance(pending.ruleId, reason.trim());
        break;
      case 'exclude':
        ok = await s.excludeCase(code, reason.trim());
        break;
      case 'include':
        ok = await s.includeCase(reason.trim());
        break;
      case 'undo':
        ok = await s.undoCorrection(pending.correctionId, reason.trim());
        break;
    }
    if (ok) onDone();
    else {
      const err = store().cleaningError;
      const known = err ? cleaningErrorKey(err.message, t) : null;
      setRefusal(err ? (known ? t(known.key, { caseId: '', ...known.params }) : err.message) : null);
      if (err) store().clearCleaningError(); // shown in this form, not again in the area's alert
    }
  };

  const title =
    pending.kind === 'correct' ? t('cleaning.action.correctTitle', { variable: pending.variable })
    : pending.kind === 'accept' ? t('cleaning.action.acceptTitle', { rule: pending.ruleId })
    : pending.kind === 'withdraw' ? t('cleaning.action.withdrawTitle', { rule: pending.ruleId })
    : pending.kind === 'undo' ? t('cleaning.action.undoTitle', { variable: pending.variable })
    : t(`cleaning.action.${pending.kind}Title`);

  return (
    <form className="cl-action" aria-labelledby={`${id}-t`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${id}-t`} className="cl-action__title">{title}</h3>
      {pending.kind === 'correct' && (
        <div className="cl-field">
          <label htmlFor={`${id}-v`}>{t('cleaning.action.newValue')}</label>
          <input
            ref={firstRef} id={`${id}-v`} type="text" className="mono" value={value} list={labels.length > 0 ? `${id}-codes` : undefined}
            onFocus={(e) => e.currentTarget.select()}
            aria-invalid={refusal !== null || undefined} aria-describedby={refusal !== null ? `${id}-vh ${id}-ve` : `${id}-vh`}
            onChange={(e) => {
              setValue(e.target.value);
              setRefusal(null);
            }}
          />
          {labels.length > 0 && <datalist id={`${id}-codes`}>{labels.map((l) => <option key={l.code} value={l.code}>{textIn(l.label, lang, q?.defaultLanguage)}</option>)}</datalist>}
          <span id={`${id}-vh`} className="cl-field__hint">
            {t('cleaning.action.was', { value: current ?? t('cleaning.empty') })} {t('cleaning.action.emptyClears')}
            {labels.length > 0 && ` ${t('cleaning.action.codes')}: ${labels.slice(0, 12).map((l) => `${l.code} = ${textIn(l.label, lang, q?.defaultLanguage)}`).join('; ')}${labels.length > 12 ? '; …' : ''}`}
          </span>
          {refusal !== null && <span id={`${id}-ve`} className="cl-field__error" role="alert" data-testid="correction-refusal">{refusal}</span>}
        </div>
      )}
      {pending.kind === 'correct' && (
        <div aria-live="polite">
          {offRoute.for === value.trim() && offRoute.answers.length > 0 && (
            <div className="cl-offroute" role="group" aria-labelledby={`${id}-or`} data-testid="off-route">
              <p id={`${id}-or`} className="cl-offroute__title">
                {t('cleaning.action.offRoute.title', { count: offRoute.answers.length, variable: pending.variable, value: offRoute.for === '' ? t('cleaning.empty') : offRoute.for })}
              </p>
              <ul className="cl-offroute__list">
                {offRoute.answers.map((a) => {
                  const label = labelOf(q, a.variable, a.value, lang);
                  return (
                    <li key={a.variable}>
                      <code>{a.variable}</code> = <span className="mono">{a.value}</span>
                      {label && <span className="cl-case__label">{label}</span>}
                    </li>
                  );
                })}
              </ul>
              <label className="cl-check">
                <input type="checkbox" checked={clearOffRoute} onChange={(e) => setClearOffRoute(e.target.checked)} /> {t('cleaning.action.offRoute.clear', { count: offRoute.answers.length })}
              </label>
              {!clearOffRoute && <p className="cl-field__hint">{t('cleaning.action.offRoute.keep')}</p>}
            </div>
          )}
        </div>
      )}
      {pending.kind !== 'correct' && refusal !== null && <p className="cl-field__error" role="alert">{refusal}</p>}
      {pending.kind === 'exclude' && (
        <div className="cl-field">
          <label htmlFor={`${id}-c`}>{t('cleaning.action.reasonCode')}</label>
          <select ref={firstRef} id={`${id}-c`} value={code} onChange={(e) => setCode(e.target.value as ExclusionReason)}>
            {EXCLUSION_REASONS.map((r) => <option key={r} value={r}>{t(`cleaning.exclusionReason.${r}`)}</option>)}
          </select>
        </div>
      )}
      <div className="cl-field">
        <ReasonField id={id} value={reason} onChange={setReason} missing={tried && noReason} inputRef={pending.kind === 'correct' || pending.kind === 'exclude' ? undefined : firstRef} />
        {tried && noOperator && <span className="cl-field__error">{t('cleaning.action.operatorRequired')}</span>}
      </div>
      <div className="button-row">
        <button type="submit" className={`btn btn--primary${pending.kind === 'exclude' ? ' cl-danger-primary' : ''}`} disabled={busy}>{t(`cleaning.action.${pending.kind}Submit`)}</button>
        <button type="button" className="btn btn--secondary" onClick={onDone}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
