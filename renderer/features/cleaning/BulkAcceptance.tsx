// Bulk acceptance under the violation list's filter: accept every open warning, or withdraw every acceptance, with one
// reason after a confirmation that names the count and the filter (cleaning.acceptFiltered / cleaning.withdrawFiltered).
// The Status filter decides which of the two applies: accept acts on open warnings, withdraw on acceptances, so under
// Status = Open only accept is offered and under Status = Accepted only withdraw. The confirmation holds the count and
// the digest of the exact set (cleaning.bulkPreview); the backend refuses another set (cleaning.bulk.changed).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../api/client';
import { useAppStore } from '../../stores';
import { violationFilterInput, type ViolationFilter } from '../../stores/cleaningSlice';
import { ReasonField } from './ReasonField';

/** The list's filter as the backend takes it, without status (the action decides: open warnings or acceptances). */
function listFilter(f: ViolationFilter) {
  return violationFilterInput(f, false);
}

/** The filter a bulk action sends: the list's, with its status (an action the status rules out acts on nothing). */
function bulkFilter(f: ViolationFilter) {
  return violationFilterInput(f);
}

/**
 * The two counts under the current filter (open warnings; acceptances), re-read whenever the list is (filter change,
 * run, any edit). Errors are never counted: a filter on severity error gives 0 open warnings.
 */
function useCounts(): { open: number; accepted: number } | null {
  const filter = useAppStore((s) => s.cleaningFilter);
  const generation = useAppStore((s) => s.violationGeneration);
  const [counts, setCounts] = useState<{ open: number; accepted: number } | null>(null);
  useEffect(() => {
    let live = true;
    const f = listFilter(filter);
    void Promise.all([
      f.severity === 'error' ? Promise.resolve({ total: 0 }) : invoke('cleaning.violations', { ...f, severity: 'warning', status: 'open', limit: 1 }),
      invoke('cleaning.violations', { ...f, status: 'accepted', limit: 1 }),
    ]).then(
      ([o, a]) => live && setCounts({ open: o.total, accepted: a.total }),
      () => live && setCounts(null),
    );
    return () => {
      live = false;
    };
  }, [filter, generation]);
  return counts;
}

/** The buttons under the filters and, when one is pressed, the confirmation form with the reason. */
export function BulkAcceptance() {
  const { t } = useTranslation();
  const counts = useCounts();
  const [pending, setPending] = useState<'accept' | 'withdraw' | null>(null);
  const filter = useAppStore((s) => s.cleaningFilter);
  // What the last bulk action did belongs to the list it was done on: under another filter it is not shown.
  const [doneFor, setDone] = useState<{ kind: 'accept' | 'withdraw'; count: number; filter: ViolationFilter } | null>(null);
  const done = doneFor && doneFor.filter === filter ? doneFor : null;
  // The action that cannot apply under the chosen status is not offered (it would act on rows the list does not show).
  const canAccept = filter.status !== 'accepted';
  const canWithdraw = filter.status !== 'open';
  const open = canAccept ? (counts?.open ?? 0) : 0;
  const accepted = canWithdraw ? (counts?.accepted ?? 0) : 0;
  if (!counts || (open === 0 && accepted === 0 && !pending && !done)) return null;
  return (
    <div className="cl-bulk" role="group" aria-label={t('cleaning.bulk.label')}>
      <div className="button-row">
        {canAccept && (
          <button type="button" className="btn btn--secondary btn--small" disabled={open === 0 || pending !== null} aria-label={t('cleaning.bulk.acceptLabel', { count: open })} onClick={() => { setDone(null); setPending('accept'); }}>
            {t('cleaning.bulk.accept', { count: open })}
          </button>
        )}
        {canWithdraw && (
          <button type="button" className="btn btn--secondary btn--small" disabled={accepted === 0 || pending !== null} aria-label={t('cleaning.bulk.withdrawLabel', { count: accepted })} onClick={() => { setDone(null); setPending('withdraw'); }}>
            {t('cleaning.bulk.withdraw', { count: accepted })}
          </button>
        )}
        {done && <p role="status" className="cl-notice cl-bulk__done">{t(done.kind === 'accept' ? 'cleaning.bulk.accepted' : 'cleaning.bulk.withdrawn', { count: done.count })}</p>}
      </div>
      {pending && (
        <BulkForm
          kind={pending}
          onDone={(count) => {
            setPending(null);
            if (count !== null) setDone({ kind: pending, count, filter });
          }}
        />
      )}
    </div>
  );
}

/** The label of each filter field (as the filter bar names it). */
const FILTER_LABELS = { ruleId: 'cleaning.filter.rule', variable: 'cleaning.filter.variable', severity: 'cleaning.filter.severity', batch: 'cleaning.filter.batch' } as const;

/**
 * The confirmation: what happens to how many violations under which filter (the status the action acts on included),
 * the reason (required) and the operator. The count and the set's digest are read when it opens (cleaning.bulkPreview).
 */
function BulkForm({ kind, onDone }: { kind: 'accept' | 'withdraw'; onDone(count: number | null): void }) {
  const { t } = useTranslation();
  const busy = useAppStore((s) => s.cleaningBusy);
  const operator = useAppStore((s) => s.operator);
  const filter = useAppStore((s) => s.cleaningFilter);
  const bulk = useAppStore((s) => s.bulkAcceptance);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  // The count and set confirmed (null while read); a refusal because the list changed offers the new ones to confirm.
  const [confirmed, setConfirmed] = useState<{ count: number; digest: string } | null>(null);
  const expected = confirmed?.count ?? 0;
  const [refusal, setRefusal] = useState<string | null>(null);
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const noReason = reason.trim() === '';
  const noOperator = operator.trim() === '';
  const f = listFilter(filter);
  useEffect(() => {
    let live = true;
    invoke('cleaning.bulkPreview', { filter: bulkFilter(filter), kind }).then(
      (p) => live && setConfirmed(p),
      (err: unknown) => live && setRefusal(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [filter, kind]);
  // The status is part of the filter text: the action takes only open warnings (accept) or acceptances (withdraw).
  const filterText = [
    ...Object.entries(f).map(([k, v]) => `${t(FILTER_LABELS[k as keyof typeof FILTER_LABELS])} = ${k === 'severity' ? t(`cleaning.severity.${v as 'error' | 'warning'}`) : v}`),
    `${t('cleaning.filter.status')} = ${t(kind === 'accept' ? 'cleaning.status.open' : 'cleaning.status.accepted')}`,
  ].join(', ');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (noReason || noOperator || !confirmed) return;
    const r = await bulk(kind, reason.trim(), confirmed.count, confirmed.digest);
    if ('count' in r) {
      onDone(r.count);
      return;
    }
    const changed = r.error.issues?.find((i) => i.reason === 'cleaning.bulk.changed');
    if (changed?.params) {
      const actual = Number(changed.params.actual);
      setConfirmed({ count: actual, digest: String(changed.params.digest) });
      setRefusal(actual === confirmed.count
        ? t('cleaning.bulk.changedSet', { count: actual })
        : t('cleaning.bulk.changed', { expected: changed.params.expected, actual }));
    } else setRefusal(r.error.message);
  };

  return (
    <form className="cl-action cl-bulk__form" aria-labelledby={`${id}-t`} onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onDone(null)} noValidate>
      <h3 id={`${id}-t`} className="cl-action__title">{t(kind === 'accept' ? 'cleaning.bulk.acceptTitle' : 'cleaning.bulk.withdrawTitle', { count: expected })}</h3>
      <p className="cl-field__hint" id={`${id}-h`}>{t(kind === 'accept' ? 'cleaning.bulk.acceptConfirm' : 'cleaning.bulk.withdrawConfirm', { count: expected, filter: filterText })}</p>
      <div className="cl-field">
        <ReasonField id={id} value={reason} onChange={setReason} missing={tried && noReason} inputRef={ref} />
        {tried && noOperator && <span className="cl-field__error">{t('cleaning.action.operatorRequired')}</span>}
        {refusal !== null && <span className="cl-field__error" role="alert">{refusal}</span>}
      </div>
      <div className="button-row">
        <button type="submit" className="btn btn--primary" disabled={busy || !confirmed || expected === 0}>{t(kind === 'accept' ? 'cleaning.bulk.acceptSubmit' : 'cleaning.bulk.withdrawSubmit', { count: expected })}</button>
        <button type="button" className="btn btn--secondary" onClick={() => onDone(null)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
