// The Verificatie area's screen: forms waiting for blind re-keying, adjudication of differences against the paper, operator statistics.
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../shared/contract/api';
import { REASON_MAX_LENGTH } from '../../../shared/contract/cleaning';
import type { Difference } from '../../../shared/contract/entry';
import { findVariable, textIn, valueLabels, type Questionnaire } from '../../../shared/domain/questionnaire';
import { invoke, toResultError } from '../../api/client';
import { useAppStore } from '../../stores';
import { cleaningErrorKey } from '../cleaning/format';
import './entry.css';

/** Resolves a decision: null when stored, else the refusal in the UI language. */
type Resolve = (d: Difference, choice: 'A' | 'B' | 'new', value: string, reason: string) => Promise<string | null>;

/** "2 Ja": a stored value with the value labels of its codes (a multiple choice code by code); the value alone without labels. */
export function valueWithLabel(q: Questionnaire | undefined, variable: string, value: string | null, lang: string): string {
  if (value === null) return '—';
  const v = q ? findVariable(q, variable) : undefined;
  if (!q || !v) return value;
  const labels = valueLabels(q, v);
  const one = (code: string) => {
    const l = labels.find((x) => x.code === code);
    return l ? `${code} ${textIn(l.label, lang, q.defaultLanguage)}` : code;
  };
  return v.type === 'multiple' ? value.split(' ').map(one).join(', ') : one(value.trim());
}

/** What the screen shows, read in one go. */
interface VerificationData {
  queue: Output<'verification.queue'>;
  diffs: Difference[];
  stats: Output<'verification.stats'>;
}

/** Reads the queue, the open differences and the statistics. */
async function fetchVerification(): Promise<VerificationData> {
  const [queue, diffs, stats] = await Promise.all([invoke('verification.queue', {}), invoke('verification.differences', { open: true }), invoke('verification.stats', {})]);
  return { queue, diffs, stats };
}

/** Queue, differences to adjudicate (keyboard: A, B or a new value, a reason, Enter) and statistics. */
export function VerificationScreen() {
  const { t, i18n } = useTranslation();
  const operator = useAppStore((s) => s.entryOperator);
  const setHeader = useAppStore((s) => s.setEntryHeader);
  const refreshProject = useAppStore((s) => s.refreshProject);
  const [queue, setQueue] = useState<Output<'verification.queue'>>([]);
  const [diffs, setDiffs] = useState<Difference[]>([]);
  const [stats, setStats] = useState<Output<'verification.stats'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ids = { queue: useId(), diffs: useId(), stats: useId() };
  const nf = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'nl', { maximumFractionDigits: 1 });

  const apply = useCallback((r: VerificationData) => {
    setQueue(r.queue);
    setDiffs(r.diffs);
    setStats(r.stats);
  }, []);
  const load = useCallback(() => fetchVerification().then(apply, (err: unknown) => setError(toResultError(err).message)), [apply]);
  useEffect(() => {
    let live = true;
    fetchVerification().then((r) => live && apply(r), (err: unknown) => live && setError(toResultError(err).message));
    return () => {
      live = false;
    };
  }, [apply]);

  const resolve: Resolve = async (d, choice, value, reason) => {
    try {
      await invoke('verification.resolve', { operator: operator.trim(), caseId: d.caseId, variable: d.variable, choice, reason, ...(choice === 'new' ? { value } : {}) });
      setError(null);
      await load();
      void refreshProject();
      return null;
    } catch (err) {
      const e = toResultError(err);
      const known = cleaningErrorKey(e.message, t);
      return known ? t(known.key, { caseId: d.caseId, ...known.params }) : e.message;
    }
  };

  return (
    <section className="entry verification" aria-label={t('verification.title')}>
      {error && <p className="entry-msg entry-msg--hard" role="alert">{error}</p>}
      <label className="field verification__operator">
        <span className="field__label">{t('verification.adjudicator')}</span>
        <input className="input" aria-label={t('verification.adjudicator')} value={operator} autoComplete="off" onChange={(e) => setHeader({ operator: e.target.value })} />
      </label>

      <section aria-labelledby={ids.diffs} className="verification__block">
        <h2 id={ids.diffs} className="section-title">{t('verification.differences', { count: diffs.length })}</h2>
        {diffs.length === 0 ? <p className="muted">{t('verification.noDifferences')}</p> : (
          <ol className="verification__diffs">
            {diffs.map((d) => <DifferenceItem key={`${d.caseId}/${d.variable}`} d={d} disabled={operator.trim() === ''} onResolve={resolve} />)}
          </ol>
        )}
      </section>

      <section aria-labelledby={ids.queue} className="verification__block">
        <h2 id={ids.queue} className="section-title">{t('verification.queue', { count: queue.length })}</h2>
        <p className="muted">{t('verification.queueHint')}</p>
        {queue.length > 0 && (
          <table className="table">
            <thead><tr><th scope="col">{t('entry.caseId')}</th><th scope="col">{t('entry.batch')}</th><th scope="col">{t('verification.keyer')}</th><th scope="col">{t('verification.why')}</th></tr></thead>
            <tbody>{queue.map((q) => <tr key={q.caseId}><td className="mono">{q.caseId}</td><td>{q.batch ?? '—'}</td><td>{q.keyer}</td><td>{t(`verification.reasons.${q.reason}`)}</td></tr>)}</tbody>
          </table>
        )}
      </section>

      <section aria-labelledby={ids.stats} className="verification__block">
        <h2 id={ids.stats} className="section-title">{t('verification.stats')}</h2>
        {stats && (
          <table className="table" aria-labelledby={ids.stats} data-testid="operator-stats">
            <thead>
              <tr>
                {(['operator', 'formsKeyed', 'formsVerified', 'fieldsKeyed', 'keystrokesPerHour', 'fieldsPerHour', 'keyerErrors', 'verifierErrors', 'errorsPer1000'] as const).map((c) => <th key={c} scope="col">{t(`verification.cols.${c}`)}</th>)}
              </tr>
            </thead>
            <tbody>
              {stats.operators.map((o) => (
                <tr key={o.operator} data-operator={o.operator}>
                  <td>{o.operator}</td><td>{o.formsKeyed}</td><td>{o.formsVerified}</td><td>{o.fieldsKeyed}</td>
                  <td>{o.keystrokesPerHour === null ? '—' : nf.format(o.keystrokesPerHour)}</td><td>{o.fieldsPerHour === null ? '—' : nf.format(o.fieldsPerHour)}</td>
                  <td data-col="keyerErrors">{o.keyerErrors}</td><td data-col="verifierErrors">{o.verifierErrors}</td><td>{o.errorsPer1000 === null ? '—' : nf.format(o.errorsPer1000)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

/** One difference: A and B side by side; arrow keys choose A, B or a new value, Tab to the reason, Enter decides. */
function DifferenceItem({ d, disabled, onResolve }: { d: Difference; disabled: boolean; onResolve: Resolve }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const q = useAppStore((s) => s.qState?.questionnaire);
  const [refusal, setRefusal] = useState<string | null>(null);
  const id = useId();
  const [choice, setChoice] = useState<'A' | 'B' | 'new'>('A');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const name = `${d.caseId}-${d.variable}`;
  const label = t('verification.diffLabel', { caseId: d.caseId, variable: d.variable });
  return (
    <li className={`verification__diff${d.openText ? ' verification__diff--text' : ''}`}>
      <form
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim() !== '') void onResolve(d, choice, value, reason.trim()).then(setRefusal);
        }}
      >
        <div className="verification__diff-head">
          <span className="mono">{d.caseId}</span> <strong className="mono">{d.variable}</strong>
          {d.openText && <span className="badge badge--muted">{t('verification.openText')}</span>}
        </div>
        <fieldset className="verification__choices">
          <legend className="visually-hidden">{label}</legend>
          <label><input type="radio" name={name} checked={choice === 'A'} onChange={() => setChoice('A')} /> A <span>{valueWithLabel(q, d.variable, d.valueA, lang)}</span> <span className="muted">({d.keyer})</span></label>
          <label><input type="radio" name={name} checked={choice === 'B'} onChange={() => setChoice('B')} /> B <span>{valueWithLabel(q, d.variable, d.valueB, lang)}</span> <span className="muted">({d.verifier})</span></label>
          <label><input type="radio" name={name} checked={choice === 'new'} onChange={() => setChoice('new')} /> {t('verification.newValue')}</label>
          <input
            className="input input--mono" aria-label={t('verification.newValueInput', { variable: d.variable })} value={value} disabled={choice !== 'new'}
            aria-invalid={refusal !== null || undefined} aria-describedby={refusal !== null ? `${id}-err` : undefined}
            onChange={(e) => {
              setValue(e.target.value);
              setRefusal(null);
            }}
          />
        </fieldset>
        <span className="verification__reason">
          <input className="input" aria-label={t('verification.reason', { variable: d.variable })} aria-describedby={d.correction ? `${id}-rc ${id}-co` : `${id}-rc`} placeholder={t('verification.reasonPlaceholder')} value={reason} maxLength={REASON_MAX_LENGTH} onChange={(e) => setReason(e.target.value)} />
          <span id={`${id}-rc`} className="muted verification__count">{t('verification.reasonCount', { count: reason.length, max: REASON_MAX_LENGTH })}</span>
        </span>
        <button type="submit" className="btn btn--primary btn--small" disabled={disabled || reason.trim() === ''}>{t('verification.decide')}</button>
        {d.correction && (
          // A cleaning correction of this case × variable stays final whatever is decided here (it wins over pass 3).
          <p id={`${id}-co`} className="entry-msg entry-msg--soft verification__correction" role="note" data-testid="adjudication-correction">
            {t('verification.correction', {
              variable: d.variable, oldValue: valueWithLabel(q, d.variable, d.correction.oldValue, lang), newValue: valueWithLabel(q, d.variable, d.correction.newValue, lang),
              operator: d.correction.operator, reason: d.correction.reason,
            })}{' '}
            <strong>{t('verification.correctionFinal', { newValue: valueWithLabel(q, d.variable, d.correction.newValue, lang) })}</strong>
          </p>
        )}
        {refusal !== null && <p id={`${id}-err`} className="entry-msg entry-msg--hard verification__refusal" role="alert" data-testid="adjudication-refusal">{refusal}</p>}
      </form>
    </li>
  );
}
