// The entry screen of the Invoer area: identify the form (operator, batch, date received, case ID), key it, read its summary, next form.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDutchDate, parseFastDate } from '../../../shared/entry/fastDate';
import { COMPLETE_MIN_SHARE, PARTIAL_MIN_SHARE } from '../../../shared/fieldwork/responseDisposition';
import { isDispositionCode, dispositionOf } from '../../../shared/fieldwork/dispositions';
import { invoke } from '../../api/client';
import { useAppStore } from '../../stores';
import { EntryForm, todayIso } from './EntryForm';
import { EntryHelp } from './EntryHelp';
import './entry.css';

/** The whole keying workflow; F1 shows or hides the keyboard help. */
export function EntryScreen() {
  const { t } = useTranslation();
  const phase = useAppStore((s) => s.entryPhase);
  const error = useAppStore((s) => s.entryError);
  const setError = useAppStore((s) => s.setEntryError);
  const [help, setHelp] = useState(false);
  const titleId = useId();

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'F1') {
        e.preventDefault();
        setHelp((h) => !h);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="entry" aria-labelledby={titleId}>
      <div className="entry__head">
        <h2 id={titleId} className="section-title">{t('entry.title')}</h2>
        <button type="button" className="btn btn--small" aria-expanded={help} aria-controls="entry-help" onClick={() => setHelp((h) => !h)}>
          {help ? t('entry.help.hide') : t('entry.help.show')}
        </button>
      </div>
      {error && (
        <div className="entry-msg entry-msg--hard" role="alert" data-testid="entry-error">
          <span>{error.message}</span>{' '}
          <button type="button" className="btn btn--ghost" onClick={() => setError(null)}>{t('common.dismiss')}</button>
        </div>
      )}
      <div className={`entry__body${help ? ' entry__body--help' : ''}`}>
        <div className="entry__main">
          {phase === 'identify' && <IdentifyStep />}
          {phase === 'form' && <EntryForm />}
          {phase === 'summary' && <SummaryStep />}
        </div>
        {help && <EntryHelp />}
      </div>
    </section>
  );
}

/** Operator, carry-forward batch and date received, then the case ID; Enter moves on, Enter on the case ID opens the form. */
function IdentifyStep() {
  const { t } = useTranslation();
  const operator = useAppStore((s) => s.entryOperator);
  const batch = useAppStore((s) => s.entryBatch);
  const receivedOn = useAppStore((s) => s.entryReceivedOn);
  const pass = useAppStore((s) => s.entryPass);
  const passRef = useRef<HTMLSelectElement>(null);
  const setHeader = useAppStore((s) => s.setEntryHeader);
  const openCase = useAppStore((s) => s.openEntryCase);
  const [batches, setBatches] = useState<string[]>([]);
  const [dateText, setDateText] = useState(receivedOn ? formatDutchDate(receivedOn) : '');
  const [dateError, setDateError] = useState(false);
  const [caseId, setCaseId] = useState('');
  const [busy, setBusy] = useState(false);
  const opRef = useRef<HTMLInputElement>(null);
  const batchRef = useRef<HTMLSelectElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  const caseRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    invoke('batch.list', {}).then((rows) => live && setBatches(rows.map((b) => b.number)), () => live && setBatches([]));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    (operator.trim() === '' ? opRef.current : caseRef.current)?.focus();
    // only when the step appears
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const commitDate = (): boolean => {
    if (dateText.trim() === '') {
      setHeader({ receivedOn: '' });
      setDateError(false);
      return true;
    }
    const d = parseFastDate(dateText, todayIso());
    if (!d.ok) {
      setDateError(true);
      return false;
    }
    setHeader({ receivedOn: d.iso });
    setDateText(formatDutchDate(d.iso));
    setDateError(false);
    return true;
  };
  const onEnter = (e: KeyboardEvent, next: () => void) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      next();
    }
  };
  const open = async () => {
    if (operator.trim() === '') {
      opRef.current?.focus();
      return;
    }
    if (!commitDate() || caseId.trim() === '' || busy) return;
    setBusy(true);
    const ok = await openCase(caseId);
    setBusy(false);
    if (!ok) caseRef.current?.select();
  };

  return (
    <form className="entry-identify" aria-label={t('entry.identify')} onSubmit={(e) => { e.preventDefault(); void open(); }}>
      <label className="field">
        <span className="field__label">{t('entry.operator')}</span>
        <input ref={opRef} aria-label={t('entry.operator')} className="input" value={operator} autoComplete="off" onChange={(e) => setHeader({ operator: e.target.value })} onKeyDown={(e) => onEnter(e, () => passRef.current?.focus())} />
      </label>
      <label className="field">
        <span className="field__label">{t('entry.pass')}</span>
        <select ref={passRef} aria-label={t('entry.pass')} className="input" value={pass} onChange={(e) => setHeader({ pass: e.target.value === '2' ? 2 : 1 })} onKeyDown={(e) => onEnter(e, () => batchRef.current?.focus())}>
          <option value="1">{t('entry.passes.1')}</option>
          <option value="2">{t('entry.passes.2')}</option>
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('entry.batch')}</span>
        <select ref={batchRef} aria-label={t('entry.batch')} className="input" value={batch} onChange={(e) => setHeader({ batch: e.target.value })} onKeyDown={(e) => onEnter(e, () => dateRef.current?.focus())}>
          <option value="">{t('entry.noBatch')}</option>
          {batch !== '' && !batches.includes(batch) && <option value={batch}>{batch}</option>}
          {batches.map((b) => <option key={b} value={b}>{b}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('entry.receivedOn')}</span>
        <input
          ref={dateRef}
          aria-label={t('entry.receivedOn')}
          className="input"
          value={dateText}
          placeholder={t('entry.datePlaceholder')}
          aria-invalid={dateError || undefined}
          autoComplete="off"
          onChange={(e) => setDateText(e.target.value)}
          onBlur={commitDate}
          onKeyDown={(e) => onEnter(e, () => commitDate() && caseRef.current?.focus())}
        />
        {dateError && <span className="field__error" role="alert">{t('entry.violation.date')}</span>}
      </label>
      <label className="field">
        <span className="field__label">{t('entry.caseId')}</span>
        <input ref={caseRef} id="entry-identify-caseid" aria-label={t('entry.caseId')} className="input input--mono" value={caseId} autoComplete="off" inputMode="numeric" onChange={(e) => setCaseId(e.target.value)} />
      </label>
      <button type="submit" className="btn btn--primary" disabled={busy}>{t('entry.open')}</button>
    </form>
  );
}

/** The end-of-form summary: Enter → next form, Escape → back into this form (modify). */
function SummaryStep() {
  const { t, i18n } = useTranslation();
  const summary = useAppStore((s) => s.entrySummary)!;
  const opened = useAppStore((s) => s.entryCase);
  const next = useAppStore((s) => s.nextEntryCase);
  const openCase = useAppStore((s) => s.openEntryCase);
  const nextRef = useRef<HTMLButtonElement>(null);
  useEffect(() => nextRef.current?.focus(), []);
  const back = () => {
    if (opened) void openCase(opened.caseId);
  };
  const s = summary.summary;
  return (
    <section
      className="entry-summary"
      aria-label={t('entry.summary.title')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          back();
        }
      }}
    >
      <h3>{t('entry.summary.heading', { caseId: summary.caseId })}</h3>
      <p>{t('entry.summary.answered', { answered: s.answered, total: s.fieldsOnRoute })}</p>
      {s.disposition !== null && (
        <p data-testid="summary-disposition">
          {t('entry.summary.disposition', {
            disposition: isDispositionCode(s.disposition) ? `${s.disposition} ${i18n.resolvedLanguage === 'en' ? dispositionOf(s.disposition).en : dispositionOf(s.disposition).nl}` : s.disposition,
            answered: s.requiredOnRoute - s.requiredEmpty.length,
            required: s.requiredOnRoute,
            complete: Math.round(COMPLETE_MIN_SHARE * 100),
            partial: Math.round(PARTIAL_MIN_SHARE * 100),
          })}
        </p>
      )}
      <div className="entry-summary__lists">
        <div>
          <h4>{t('entry.summary.requiredEmpty', { count: s.requiredEmpty.length })}</h4>
          {s.requiredEmpty.length > 0 ? <ul data-testid="summary-required">{s.requiredEmpty.map((n) => <li key={n} className="mono">{n}</li>)}</ul> : <p className="muted">{t('entry.summary.none')}</p>}
        </div>
        <div>
          <h4>{t('entry.summary.openWarnings', { count: s.openWarnings.length })}</h4>
          {s.openWarnings.length > 0 ? <ul data-testid="summary-warnings">{s.openWarnings.map((w) => <li key={w.variable}><span className="mono">{w.variable}</span> = {w.value}: {w.message}</li>)}</ul> : <p className="muted">{t('entry.summary.none')}</p>}
        </div>
        {s.errors.length > 0 && (
          <div>
            <h4>{t('entry.summary.errors', { count: s.errors.length })}</h4>
            <ul>{s.errors.map((w) => <li key={w.variable}><span className="mono">{w.variable}</span> = {w.value}: {w.message}</li>)}</ul>
          </div>
        )}
      </div>
      <div className="entry-summary__actions">
        <button ref={nextRef} type="button" className="btn btn--primary" onClick={next}>{t('entry.summary.next')}</button>
        <button type="button" className="btn" onClick={back}>{t('entry.summary.back')}</button>
      </div>
    </section>
  );
}
