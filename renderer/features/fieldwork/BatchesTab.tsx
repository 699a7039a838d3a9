// The Batches tab: register a returned paper batch, list batches with status and counts, add forms by case ID, reconcile, move status forward.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchRow } from '../../../shared/contract/fieldwork';
import type { Output } from '../../../shared/contract/api';
import type { ResultError } from '../../../shared/contract/result';
import { invoke, toResultError } from '../../api/client';
import { useAppStore } from '../../stores';
import { formatNumber, nextStatuses, todayIso, type BatchStatus } from './format';
import { CaseIdField, isUsableId, type CaseIdState } from './CaseIdField';
import { InlineError, Section, Stats, Success, type Stat } from './parts';
import { useAction } from './useAction';
import { focusOperator } from './OperatorField';
import { formatDutchDate, parseFastDate } from '../../../shared/entry/fastDate';

type Reconciliation = Output<'batch.reconcile'>;

/** The batches tab: registration form, batch list and the selected batch's detail. */
export function BatchesTab() {
  const { t } = useTranslation();
  const batches = useAppStore((s) => s.batches);
  const selected = useAppStore((s) => s.selectedBatch);
  const batch = batches?.find((b) => b.number === selected) ?? null;
  return (
    <div className="fw-stack">
      <RegisterBatch />
      <Section title={t('fieldwork.batches.listTitle')}>
        {batches === null ? <p className="muted">{t('app.loading')}</p> : batches.length === 0 ? <p className="fw-empty-line">{t('fieldwork.batches.none')}</p> : <BatchTable batches={batches} selected={selected} />}
      </Section>
      {batch && <BatchDetail key={batch.number} batch={batch} />}
    </div>
  );
}

/** Runs an action that needs the operator name; focuses the operator field and returns null when it is empty. */
function useOperator(): () => string | null {
  return useCallback(() => {
    const op = useAppStore.getState().operator.trim();
    if (op === '') {
      focusOperator();
      return null;
    }
    return op;
  }, []);
}

function RegisterBatch() {
  const { t } = useTranslation();
  const ids = { number: useId(), date: useId(), expected: useId(), origin: useId(), notes: useId() };
  const loadFieldwork = useAppStore((s) => s.loadFieldwork);
  const selectBatch = useAppStore((s) => s.selectBatch);
  const needOperator = useOperator();
  const [number, setNumber] = useState('');
  // The date is typed Dutch-style (dd-mm-jjjj; also 210314, 21-3-14 or ISO) in a text field: a native date input
  // shows the browser's locale (mm/dd/yyyy in an English Chromium) whatever the app's language.
  const [dateText, setDateText] = useState(() => formatDutchDate(todayIso()));
  const [dateError, setDateError] = useState(false);
  const dateRef = useRef<HTMLInputElement>(null);
  /** Parses the typed date; shows it as dd-mm-jjjj when valid. @returns the ISO date, or null (field marked invalid) */
  const commitDate = (): string | null => {
    const d = parseFastDate(dateText, todayIso());
    setDateError(!d.ok);
    if (!d.ok) return null;
    setDateText(formatDutchDate(d.iso));
    return d.iso;
  };
  const [expected, setExpected] = useState('');
  const [origin, setOrigin] = useState('');
  const [notes, setNotes] = useState('');
  const { busy, failure, setFailure, attempt } = useAction();
  const [done, setDone] = useState<string | null>(null);

  const submit = async () => {
    setFailure(null);
    setDone(null);
    const n = Number(expected);
    if (number.trim() === '' || expected.trim() === '' || !Number.isInteger(n) || n < 0) {
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.batches.formIncomplete') });
      return;
    }
    const receivedOn = commitDate();
    if (!receivedOn) {
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.batches.dateInvalid') });
      dateRef.current?.focus();
      return;
    }
    const operator = needOperator();
    if (!operator) {
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.operator.required') });
      return;
    }
    await attempt(async () => {
      const b = await invoke('batch.register', {
        number: number.trim(),
        receivedOn,
        expectedForms: n,
        operator,
        ...(origin.trim() ? { origin: origin.trim() } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      setDone(t('fieldwork.batches.registered', { number: b.number, count: n }));
      setNumber('');
      setExpected('');
      setNotes('');
      await loadFieldwork();
      selectBatch(b.number);
    });
  };

  return (
    <Section title={t('fieldwork.batches.registerTitle')} intro={t('fieldwork.batches.registerIntro')}>
      <form
        className="fw-form fw-form--batch"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={ids.number}>{t('fieldwork.batches.number')}</label>
          <input id={ids.number} type="text" value={number} maxLength={50} required autoComplete="off" onChange={(e) => setNumber(e.target.value)} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={ids.date}>{t('fieldwork.batches.receivedOn')} <span className="muted">({t('fieldwork.batches.dateFormat')})</span></label>
          <input
            ref={dateRef} id={ids.date} type="text" value={dateText} required autoComplete="off" maxLength={10}
            placeholder={t('fieldwork.batches.dateFormat')} title={t('fieldwork.batches.dateHint')} aria-invalid={dateError || undefined}
            style={dateError ? { borderColor: 'var(--danger)' } : undefined}
            onChange={(e) => { setDateText(e.target.value); setDateError(false); }} onBlur={() => { if (dateText.trim() !== '') commitDate(); }}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={ids.expected}>{t('fieldwork.batches.expected')}</label>
          <input id={ids.expected} type="number" min={0} step={1} inputMode="numeric" value={expected} required onChange={(e) => setExpected(e.target.value)} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={ids.origin}>{t('fieldwork.batches.origin')}</label>
          <input id={ids.origin} type="text" value={origin} maxLength={200} placeholder={t('fieldwork.batches.originPlaceholder')} onChange={(e) => setOrigin(e.target.value)} />
        </div>
        <div className="field fw-form__wide">
          <label className="field__label" htmlFor={ids.notes}>{t('fieldwork.batches.notes')}</label>
          <textarea id={ids.notes} rows={2} value={notes} maxLength={2000} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <div className="fw-form__submit">
          <button type="submit" className="btn btn--primary" disabled={busy}>{t('fieldwork.batches.register')}</button>
        </div>
      </form>
      {failure && <InlineError error={failure} onDismiss={() => setFailure(null)} />}
      {done && <Success>{done}</Success>}
    </Section>
  );
}

function StatusPill({ status }: { status: BatchStatus }) {
  const { t } = useTranslation();
  return <span className={`status-pill fw-status fw-status--${status}`}>{t(`fieldwork.status.${status}`)}</span>;
}

function BatchTable({ batches, selected }: { batches: BatchRow[]; selected: string | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const captionId = useId();
  const selectBatch = useAppStore((s) => s.selectBatch);
  const none = t('common.none');
  const dateFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  const n = (x: number | null) => (x === null ? none : formatNumber(x, lang));
  return (
    <div className="table-panel fw-table-scroll">
      <table className="table fw-table fw-table--dense" aria-labelledby={captionId}>
        <caption id={captionId} className="visually-hidden">{t('fieldwork.batches.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fieldwork.batches.number')}</th>
            <th scope="col">{t('fieldwork.batches.receivedShort')}</th>
            <th scope="col">{t('fieldwork.batches.origin')}</th>
            <th scope="col">{t('fieldwork.batches.status')}</th>
            <th scope="col" className="num">{t('fieldwork.batches.expectedShort')}</th>
            <th scope="col" className="num">{t('fieldwork.batches.registeredForms')}</th>
            <th scope="col" className="num">{t('fieldwork.batches.keyed')}</th>
            <th scope="col" className="num">{t('fieldwork.batches.verified')}</th>
            <th scope="col" className="num">{t('fieldwork.batches.excluded')}</th>
            <th scope="col"><span className="visually-hidden">{t('fieldwork.batches.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {batches.map((b) => (
            <tr key={b.id} className={b.number === selected ? 'fw-row--selected' : undefined} aria-selected={b.number === selected}>
              <th scope="row" className="mono fw-rowhead">{b.number}</th>
              <td className="fw-nowrap">{b.receivedOn ? dateFmt.format(new Date(`${b.receivedOn}T12:00:00`)) : none}</td>
              <td>{b.origin ?? none}</td>
              <td><StatusPill status={b.status} /></td>
              <td className="num">{n(b.expectedForms)}</td>
              <td className="num">{n(b.registeredForms)}</td>
              <td className="num">{n(b.keyed)}</td>
              <td className="num">{n(b.verified)}</td>
              <td className="num">{n(b.excluded)}</td>
              <td className="fw-cell--action">
                <button
                  type="button"
                  className="btn btn--secondary btn--small"
                  aria-pressed={b.number === selected}
                  aria-label={t('fieldwork.batches.openLabel', { number: b.number })}
                  onClick={() => selectBatch(b.number === selected ? null : b.number)}
                >
                  {b.number === selected ? t('fieldwork.batches.shown') : t('fieldwork.batches.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One batch: reconciliation, adding forms by case ID, moving the status forward. */
function BatchDetail({ batch }: { batch: BatchRow }) {
  const { t } = useTranslation();
  const [rec, setRec] = useState<Reconciliation | null>(null);
  const [failure, setFailure] = useState<ResultError | null>(null);
  const loadBatches = useAppStore((s) => s.loadBatches);
  const loadReport = useAppStore((s) => s.loadReport);

  useEffect(() => {
    let live = true;
    invoke('batch.reconcile', { number: batch.number }).then(
      (r) => live && setRec(r),
      (err: unknown) => live && setFailure(toResultError(err)),
    );
    return () => {
      live = false;
    };
  }, [batch.number, batch.updatedAt, batch.registeredForms, batch.keyed]);

  const changed = async () => {
    await Promise.all([loadBatches(), loadReport()]);
  };

  return (
    <Section
      title={t('fieldwork.batches.detailTitle', { number: batch.number })}
      intro={batch.notes ?? undefined}
      actions={<StatusPill status={batch.status} />}
      className="fw-batch-detail"
    >
      {failure && <InlineError error={failure} onDismiss={() => setFailure(null)} />}
      {rec && <ReconciliationView rec={rec} />}
      <div className="fw-grid-2 fw-grid-2--top">
        <AddForms batch={batch} onChanged={changed} />
        <StatusChange key={batch.status} batch={batch} onChanged={changed} />
      </div>
    </Section>
  );
}

function ReconciliationView({ rec }: { rec: Reconciliation }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const b = rec.batch;
  const none = t('common.none');
  const n = (x: number | null) => (x === null ? none : formatNumber(x, lang));
  const diff = rec.difference;
  const diffHint = diff === null ? null : diff > 0 ? t('fieldwork.rec.missing', { count: diff }) : diff < 0 ? t('fieldwork.rec.extra', { count: -diff }) : t('fieldwork.rec.even');
  const diffStat: Stat = {
    label: t('fieldwork.rec.difference'),
    value: diff === null ? none : diff > 0 ? `+${n(diff)}` : n(diff),
    tone: diff === 0 ? 'ok' : 'warn',
    ...(diffHint ? { hint: diffHint } : {}),
  };
  return (
    <div className="fw-rec">
      <h3 className="fw-subtitle">
        {t('fieldwork.rec.title')}{' '}
        <span className={`badge ${rec.balanced ? 'badge--ok' : 'fw-badge--warn'}`}>{rec.balanced ? t('fieldwork.rec.balanced') : t('fieldwork.rec.unbalanced')}</span>
      </h3>
      <Stats
        label={t('fieldwork.rec.title')}
        items={[
          { label: t('fieldwork.rec.expected'), value: n(rec.expected) },
          { label: t('fieldwork.rec.registered'), value: n(b.registeredForms) },
          { label: t('fieldwork.rec.keyed'), value: n(b.keyed), hint: t('fieldwork.rec.inProgress', { count: rec.inProgress }) },
          { label: t('fieldwork.rec.verified'), value: n(b.verified) },
          { label: t('fieldwork.rec.excluded'), value: n(b.excluded) },
          diffStat,
        ]}
      />
      <div className="fw-grid-2" style={{ marginTop: 12 }}>
        <IdList title={t('fieldwork.rec.notKeyed')} ids={rec.notKeyed} empty={t('fieldwork.rec.noneNotKeyed')} />
        <IdList
          title={t('fieldwork.rec.keyedElsewhere')}
          ids={rec.keyedElsewhere.map((k) => k.caseId)}
          notes={rec.keyedElsewhere.map((k) => t('fieldwork.rec.inBatch', { number: k.batch }))}
          empty={t('fieldwork.rec.noneListed')}
        />
        <IdList title={t('fieldwork.rec.keyedUnregistered')} ids={rec.keyedUnregistered} empty={t('fieldwork.rec.noneListed')} />
        <IdList title={t('fieldwork.rec.notInSample')} ids={rec.notInSample} empty={t('fieldwork.rec.noneListed')} />
      </div>
    </div>
  );
}

/** A titled list of case IDs with its count (at most 200 shown); `notes[i]`, when given, follows ID i in plain text. */
function IdList({ title, ids, empty, notes }: { title: string; ids: string[]; empty: string; notes?: string[] }) {
  const id = useId();
  return (
    <div className="fw-idlist">
      <h4 id={id} className="fw-idlist__title">
        {title} <span className="fw-count">{ids.length}</span>
      </h4>
      {ids.length === 0 ? (
        <p className="fw-hint">{empty}</p>
      ) : (
        <ul className="fw-idlist__ids" aria-labelledby={id}>
          {ids.slice(0, 200).map((x, i) => (
            <li key={x}>
              <span className="mono">{x}</span>
              {notes?.[i] !== undefined && <span className="fw-hint"> {notes[i]}</span>}
            </li>
          ))}
          {ids.length > 200 && <li className="fw-hint">+{ids.length - 200}</li>}
        </ul>
      )}
    </div>
  );
}

/** Type case IDs one by one (Enter adds a checked ID to the list), then register them with the batch. */
function AddForms({ batch, onChanged }: { batch: BatchRow; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const needOperator = useOperator();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [pending, setPending] = useState<string[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const { busy, failure, setFailure, attempt } = useAction();
  const [done, setDone] = useState<string | null>(null);

  const onEnter = (s: CaseIdState) => {
    setDone(null);
    if (!isUsableId(s)) {
      setNote(s.kind === 'checking' ? t('fieldwork.caseId.checking') : t('fieldwork.forms.notAdded'));
      return;
    }
    const id = s.check.caseId;
    if (pending.includes(id)) setNote(t('fieldwork.forms.already', { id }));
    else {
      setPending([...pending, id]);
      setNote(null);
      setText('');
    }
    inputRef.current?.focus();
  };

  const submit = async () => {
    const operator = needOperator();
    if (!operator) {
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.operator.required') });
      return;
    }
    setFailure(null);
    await attempt(async () => {
      await invoke('batch.addForms', { number: batch.number, caseIds: pending, operator });
      setDone(t('fieldwork.forms.added', { count: pending.length, number: batch.number }));
      setPending([]);
      inputRef.current?.focus();
      await onChanged();
    });
  };

  return (
    <div className="fw-panel">
      <h3 className="fw-subtitle">{t('fieldwork.forms.title')}</h3>
      <p className="fw-hint">{t('fieldwork.forms.intro')}</p>
      <CaseIdField label={t('fieldwork.forms.caseId')} value={text} onChange={setText} onEnter={onEnter} inputRef={inputRef} />
      {note && <p className="fw-inline-warn" role="status">{note}</p>}
      {pending.length > 0 && (
        <ul className="fw-pending" aria-label={t('fieldwork.forms.pending', { count: pending.length })}>
          {pending.map((id) => (
            <li key={id} className="fw-chip">
              <span className="mono">{id}</span>
              <button type="button" className="fw-chip__remove" aria-label={t('fieldwork.forms.remove', { id })} onClick={() => setPending(pending.filter((x) => x !== id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="fw-actions fw-actions--start">
        <button type="button" className="btn btn--primary" disabled={busy || pending.length === 0} onClick={() => void submit()}>
          {pending.length === 0 ? t('fieldwork.forms.submitNone') : t('fieldwork.forms.submit', { count: pending.length })}
        </button>
      </div>
      {failure && <InlineError error={failure} onDismiss={() => setFailure(null)} />}
      {done && <Success>{done}</Success>}
    </div>
  );
}

/** Move the batch forward (received → keying → keyed → verified → closed), with an optional reason. */
function StatusChange({ batch, onChanged }: { batch: BatchRow; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const needOperator = useOperator();
  const selectId = useId();
  const reasonId = useId();
  const options = nextStatuses(batch.status);
  const [to, setTo] = useState<BatchStatus | ''>(options[0] ?? '');
  const [reason, setReason] = useState('');
  const { busy, failure, setFailure, attempt } = useAction();

  const submit = async () => {
    if (to === '') return;
    const operator = needOperator();
    if (!operator) {
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.operator.required') });
      return;
    }
    setFailure(null);
    await attempt(async () => {
      await invoke('batch.setStatus', { number: batch.number, status: to, operator, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setReason('');
      await onChanged();
    });
  };

  return (
    <div className="fw-panel">
      <h3 className="fw-subtitle">{t('fieldwork.statusChange.title')}</h3>
      <ol className="fw-steps" aria-label={t('fieldwork.statusChange.steps')}>
        {(['received', 'keying', 'keyed', 'verified', 'closed'] as const).map((s) => {
          const rel = s === batch.status ? 'current' : nextStatuses(batch.status).includes(s) ? 'todo' : 'done';
          return (
            <li key={s} className={`fw-step fw-step--${rel}`} {...(rel === 'current' ? { 'aria-current': 'step' as const } : {})}>
              {t(`fieldwork.status.${s}`)}
            </li>
          );
        })}
      </ol>
      {options.length === 0 ? (
        <p className="fw-hint">{t('fieldwork.statusChange.closed')}</p>
      ) : (
        <form
          className="fw-form fw-form--status"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="field">
            <label className="field__label" htmlFor={selectId}>{t('fieldwork.statusChange.to')}</label>
            <select id={selectId} value={to} onChange={(e) => setTo(e.target.value as BatchStatus)}>
              {options.map((s) => <option key={s} value={s}>{t(`fieldwork.status.${s}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={reasonId}>{t('fieldwork.statusChange.reason')}</label>
            <input id={reasonId} type="text" value={reason} maxLength={1000} placeholder={to === 'closed' ? t('fieldwork.statusChange.reasonClose') : t('fieldwork.statusChange.reasonOptional')} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="fw-form__submit">
            <button type="submit" className="btn btn--secondary" disabled={busy || to === ''}>{t('fieldwork.statusChange.submit')}</button>
          </div>
        </form>
      )}
      {failure && <InlineError error={failure} onDismiss={() => setFailure(null)} />}
    </div>
  );
}
