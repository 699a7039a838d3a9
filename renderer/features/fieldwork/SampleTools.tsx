// Sample tools: the case-ID format (set while no sample exists) and the sample list export (contacts only on request, logged).
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../shared/contract/api';
import type { ResultError } from '../../../shared/contract/result';
import { CHECK_DIGIT_SCHEMES, formatCaseId, type CheckDigitScheme } from '../../../shared/fieldwork/caseId';
import { invoke, toResultError } from '../../api/client';
import { useAppStore } from '../../stores';
import { PathField } from './PathField';
import { InlineError, Section, Success } from './parts';
import { useAction } from './useAction';
import { focusOperator } from './OperatorField';

type IdFormat = Output<'sample.getIdFormat'>;
const isScheme = (s: string): s is CheckDigitScheme => (CHECK_DIGIT_SCHEMES as readonly string[]).includes(s);

/** The project's case-ID format; editable (prefix, digits, check-digit scheme) until a sample is imported. */
export function IdFormatSection() {
  const { t } = useTranslation();
  const sampleTotal = useAppStore((s) => s.sampleTotal);
  const [info, setInfo] = useState<IdFormat | null>(null);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    let live = true;
    invoke('sample.getIdFormat', {}).then((i) => live && setInfo(i), (err: unknown) => live && useAppStore.getState().setError(toResultError(err)));
    return () => {
      live = false;
    };
  }, [sampleTotal]);
  if (!info) return null;
  const f = info.format;
  return (
    <Section
      title={t('fieldwork.idFormat.title')}
      intro={t('fieldwork.sample.idFormat', { prefix: f.prefix || t('fieldwork.sample.noPrefix'), digits: f.bodyDigits, scheme: t(`fieldwork.scheme.${f.scheme}`) })}
      actions={
        info.locked ? (
          <span className="badge badge--muted" title={t('fieldwork.idFormat.lockedHint')}>{t('fieldwork.idFormat.locked')}</span>
        ) : (
          <button type="button" className="btn btn--secondary btn--small" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {editing ? t('common.close') : t('fieldwork.idFormat.change')}
          </button>
        )
      }
    >
      <p className="fw-hint">
        {t('fieldwork.idFormat.example')} <code className="fw-example-id">{formatCaseId(1, f)}</code>, <code className="fw-example-id">{formatCaseId(2, f)}</code>, <code className="fw-example-id">{formatCaseId(3, f)}</code>
      </p>
      {editing && !info.locked && (
        <IdFormatForm
          info={info}
          onSaved={(i) => {
            setInfo(i);
            setEditing(false);
          }}
        />
      )}
    </Section>
  );
}

function IdFormatForm({ info, onSaved }: { info: IdFormat; onSaved: (i: IdFormat) => void }) {
  const { t } = useTranslation();
  const ids = { prefix: useId(), digits: useId(), scheme: useId() };
  const [prefix, setPrefix] = useState(info.format.prefix);
  const [digits, setDigits] = useState(String(info.format.bodyDigits));
  const [scheme, setScheme] = useState<CheckDigitScheme>(info.format.scheme);
  const [failure, setFailure] = useState<ResultError | null>(null);
  const n = Number(digits);
  const valid = /^[A-Za-z]{0,8}$/.test(prefix) && Number.isInteger(n) && n >= 1 && n <= 12;
  const save = async () => {
    setFailure(null);
    const operator = useAppStore.getState().operator.trim();
    if (operator === '') {
      focusOperator();
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.operator.required') });
      return;
    }
    try {
      onSaved(await invoke('sample.setIdFormat', { format: { prefix, bodyDigits: n, scheme }, operator }));
    } catch (err) {
      setFailure(toResultError(err));
    }
  };
  return (
    <form
      className="fw-form fw-form--idformat"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void save();
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={ids.prefix}>{t('fieldwork.idFormat.prefix')}</label>
        <input id={ids.prefix} type="text" value={prefix} maxLength={8} aria-invalid={!/^[A-Za-z]{0,8}$/.test(prefix)} onChange={(e) => setPrefix(e.target.value)} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={ids.digits}>{t('fieldwork.idFormat.digits')}</label>
        <input id={ids.digits} type="number" min={1} max={12} value={digits} onChange={(e) => setDigits(e.target.value)} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={ids.scheme}>{t('fieldwork.idFormat.scheme')}</label>
        <select id={ids.scheme} value={scheme} onChange={(e) => isScheme(e.target.value) && setScheme(e.target.value)}>
          {CHECK_DIGIT_SCHEMES.map((s) => <option key={s} value={s}>{t(`fieldwork.scheme.${s}`)}</option>)}
        </select>
      </div>
      <div className="fw-form__submit">
        <button type="submit" className="btn btn--primary" disabled={!valid}>{t('fieldwork.idFormat.save')}</button>
      </div>
      {valid && <p className="fw-hint fw-form__full">{t('fieldwork.idFormat.example')} <code className="fw-example-id">{formatCaseId(1, { prefix, bodyDigits: n, scheme })}</code></p>}
      {failure && <div className="fw-form__full"><InlineError error={failure} onDismiss={() => setFailure(null)} /></div>}
    </form>
  );
}

/** Writes the sample list (for labels or a mailing) as .xlsx or .csv; contact details only when ticked, and then audit-logged. */
export function ExportSampleList() {
  const { t } = useTranslation();
  const formatId = useId();
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [contacts, setContacts] = useState(false);
  const { busy, failure, setFailure, attempt } = useAction();
  const [done, setDone] = useState<Output<'sample.exportList'> | null>(null);
  const run = async () => {
    setFailure(null);
    setDone(null);
    const p = path.trim();
    if (p === '') {
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.export.noPath') });
      return;
    }
    const operator = useAppStore.getState().operator.trim();
    if (operator === '') {
      focusOperator();
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.operator.required') });
      return;
    }
    await attempt(async () => {
      const file = p.toLowerCase().endsWith(`.${format}`) ? p : `${p}.${format}`;
      setDone(await invoke('sample.exportList', { path: file, format, includeContacts: contacts, operator }));
    });
  };
  return (
    <Section title={t('fieldwork.list.title')} intro={t('fieldwork.list.intro')}>
      <form
        className="fw-form fw-form--list"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <PathField label={t('fieldwork.list.path')} value={path} onChange={setPath} mode="save" extensions={[format]} pickerTitle={t('fieldwork.list.pickerTitle')} defaultName={`steekproef.${format}`} />
        <div className="field">
          <label className="field__label" htmlFor={formatId}>{t('fieldwork.list.format')}</label>
          <select id={formatId} value={format} onChange={(e) => setFormat(e.target.value === 'csv' ? 'csv' : 'xlsx')}>
            <option value="xlsx">Excel (.xlsx)</option>
            <option value="csv">CSV (.csv)</option>
          </select>
        </div>
        <div className="fw-form__submit">
          <button type="submit" className="btn btn--secondary" disabled={busy}>{t('fieldwork.list.submit')}</button>
        </div>
        <label className="fw-check fw-form__full">
          <input type="checkbox" checked={contacts} onChange={(e) => setContacts(e.target.checked)} /> {t('fieldwork.list.contacts')}
        </label>
        {contacts && <p className="fw-inline-warn fw-form__full">{t('fieldwork.list.contactsWarning')}</p>}
      </form>
      {failure && <InlineError error={failure} onDismiss={() => setFailure(null)} />}
      {done && <Success>{done.includedContacts ? t('fieldwork.list.doneContacts', { count: done.rows, path: done.path }) : t('fieldwork.list.done', { count: done.rows, path: done.path })}</Success>}
    </Section>
  );
}
