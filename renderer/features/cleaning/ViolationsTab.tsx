// The violation list: filters, a windowed listbox over the paged backend list, and the selected case opened beside it.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { VIOLATION_PAGE, type ViolationFilter } from '../../stores/cleaningSlice';
import { placedVariables } from '../../../shared/domain/questionnaire';
import { WindowedList } from './WindowedList';
import { SeverityBadge } from './RunSummary';
import { CasePanel } from './CasePanel';
import { useViolationMessage } from './useViolationMessage';
import { BulkAcceptance } from './BulkAcceptance';

const ROW_HEIGHT = 36;
const LIST_HEIGHT = 468;

/** Filters, the list and the case panel. */
export function ViolationsTab() {
  const { t, i18n } = useTranslation();
  const message = useViolationMessage();
  const total = useAppStore((s) => s.violationTotal);
  const pages = useAppStore((s) => s.violationPages);
  const active = useAppStore((s) => s.activeViolation);
  const setActive = useAppStore((s) => s.setActiveViolation);
  const ensure = useAppStore((s) => s.ensureViolations);
  const openCase = useAppStore((s) => s.openCleaningCase);
  const opened = useAppStore((s) => s.cleaningCase);
  const nf = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'nl');
  const count = total ?? 0;

  const rowAt = (i: number) => pages[Math.floor(i / VIOLATION_PAGE)]?.[i % VIOLATION_PAGE];
  const onRange = useCallback((from: number, to: number) => void ensure(from, to), [ensure]);
  const onOpen = (i: number) => {
    const r = rowAt(i);
    if (r) void openCase(r.caseId);
  };

  return (
    <section className="cl-violations" aria-labelledby="cl-list-title">
      <h2 id="cl-list-title" className="visually-hidden">{t('cleaning.list.title')}</h2>
      <Filters />
      <BulkAcceptance />
      <OpenCaseById />
      <div className={`cl-split${opened ? ' cl-split--open' : ''}`}>
        <div className="cl-listpanel table-panel">
          <div className="cl-listhead" aria-hidden="true">
            <span>{t('cleaning.col.case')}</span>
            <span>{t('cleaning.col.rule')}</span>
            <span>{t('cleaning.col.variable')}</span>
            <span>{t('cleaning.col.severity')}</span>
            <span>{t('cleaning.col.message')}</span>
            <span>{t('cleaning.col.value')}</span>
          </div>
          <WindowedList
            count={count}
            rowHeight={ROW_HEIGHT}
            height={LIST_HEIGHT}
            label={t('cleaning.list.label', { count })}
            idPrefix="cl-v"
            activeIndex={active}
            onActiveChange={setActive}
            onOpen={onOpen}
            onRangeChange={onRange}
            empty={<p className="cl-empty">{total === null ? t('cleaning.list.loading') : t('cleaning.list.empty')}</p>}
            renderRow={(i) => {
              const r = rowAt(i);
              if (!r) return <span className="cl-row__loading">{t('cleaning.list.loadingRow')}</span>;
              return (
                <>
                  <span className={`cl-row__case mono${opened?.caseId === r.caseId ? ' cl-row__case--open' : ''}`}>{r.caseId}</span>
                  <span className="cl-row__rule mono" title={r.ruleId}>{r.ruleId}</span>
                  <span className="cl-row__var mono" title={r.variables.join(', ')}>{r.variables.join(', ')}</span>
                  <span><SeverityBadge severity={r.severity} />{r.status === 'accepted' && <span className="cl-accepted">{t('cleaning.status.accepted')}</span>}</span>
                  <span className="cl-row__msg" title={r.message}>{message(r)}</span>
                  <span className="cl-row__value mono" title={r.value ?? ''}>{r.value ?? ''}</span>
                </>
              );
            }}
          />
          <p className="cl-listfoot" aria-live="polite">
            {total === null ? '' : t('cleaning.list.footer', { count: total, shown: nf.format(total), position: nf.format(count > 0 ? active + 1 : 0) })}
            <span className="cl-listfoot__keys">{t('cleaning.list.keys')}</span>
          </p>
        </div>
        {opened && <CasePanel />}
      </div>
    </section>
  );
}

/**
 * Opens any case by its ID beside the list, with or without violations (a case that weighting or an export names),
 * so its values can be corrected there; an unknown ID is said in the field, nothing else changes.
 */
function OpenCaseById() {
  const { t } = useTranslation();
  const openById = useAppStore((s) => s.openCleaningCaseById);
  const [caseId, setCaseId] = useState('');
  const [notFound, setNotFound] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const id = caseId.trim();
    if (id === '') return;
    const r = await openById(id);
    setNotFound(r === 'notFound' ? id : null);
  };
  return (
    <form className="cl-opencase" role="search" aria-label={t('cleaning.openCase.label')} onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor="cl-open-case">{t('cleaning.openCase.label')}</label>
      <input
        id="cl-open-case" type="text" className="mono" value={caseId} maxLength={40} autoComplete="off" placeholder={t('cleaning.openCase.placeholder')}
        aria-invalid={notFound !== null || undefined} aria-describedby={notFound !== null ? 'cl-open-case-error' : undefined}
        onChange={(e) => {
          setCaseId(e.target.value);
          setNotFound(null);
        }}
      />
      <button type="submit" className="btn btn--secondary btn--small" disabled={caseId.trim() === ''}>{t('cleaning.openCase.submit')}</button>
      {notFound !== null && <span id="cl-open-case-error" className="cl-field__error" role="alert">{t('cleaning.openCase.notFound', { caseId: notFound })}</span>}
    </form>
  );
}

/** The filter bar: rule, variable, severity, batch and status; text fields apply after a short pause. */
function Filters() {
  const { t } = useTranslation();
  const filter = useAppStore((s) => s.cleaningFilter);
  const setFilter = useAppStore((s) => s.setCleaningFilter);
  const run = useAppStore((s) => s.cleaningRun);
  const q = useAppStore((s) => s.qState?.questionnaire);
  const stored = useAppStore((s) => s.storedRuleIds);
  const ruleIds = useMemo(() => [...new Set([...(run?.counts ?? []).map((c) => c.ruleId), ...stored])].sort(), [run, stored]);
  const names = useMemo(() => (q ? [...new Set(placedVariables(q).map((p) => p.variable.name))] : []), [q]);
  const [variable, setVariable] = useState(filter.variable);
  const [batch, setBatch] = useState(filter.batch);

  useEffect(() => {
    if (variable === filter.variable && batch === filter.batch) return;
    const h = setTimeout(() => setFilter({ variable, batch }), 300);
    return () => clearTimeout(h);
  }, [variable, batch, filter.variable, filter.batch, setFilter]);

  const any = Object.values(filter).some((v) => v !== '');
  return (
    <div className="cl-filters" role="group" aria-label={t('cleaning.filter.label')}>
      <div className="cl-filter">
        <label htmlFor="cl-f-rule">{t('cleaning.filter.rule')}</label>
        <select id="cl-f-rule" value={filter.ruleId} onChange={(e) => setFilter({ ruleId: e.target.value })}>
          <option value="">{t('cleaning.filter.all')}</option>
          {filter.ruleId && !ruleIds.includes(filter.ruleId) && <option value={filter.ruleId}>{filter.ruleId}</option>}
          {ruleIds.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </div>
      <div className="cl-filter">
        <label htmlFor="cl-f-variable">{t('cleaning.filter.variable')}</label>
        <input id="cl-f-variable" type="text" list="cl-variable-names" value={variable} placeholder={t('cleaning.filter.allShort')} onChange={(e) => setVariable(e.target.value)} />
        <datalist id="cl-variable-names">{names.map((n) => <option key={n} value={n} />)}</datalist>
      </div>
      <div className="cl-filter">
        <label htmlFor="cl-f-severity">{t('cleaning.filter.severity')}</label>
        <select id="cl-f-severity" value={filter.severity} onChange={(e) => setFilter({ severity: e.target.value as ViolationFilter['severity'] })}>
          <option value="">{t('cleaning.filter.all')}</option>
          <option value="error">{t('cleaning.severity.error')}</option>
          <option value="warning">{t('cleaning.severity.warning')}</option>
        </select>
      </div>
      <div className="cl-filter cl-filter--narrow">
        <label htmlFor="cl-f-batch">{t('cleaning.filter.batch')}</label>
        <input id="cl-f-batch" type="text" value={batch} placeholder={t('cleaning.filter.allShort')} onChange={(e) => setBatch(e.target.value)} />
      </div>
      <div className="cl-filter">
        <label htmlFor="cl-f-status">{t('cleaning.filter.status')}</label>
        <select id="cl-f-status" value={filter.status} onChange={(e) => setFilter({ status: e.target.value as ViolationFilter['status'] })}>
          <option value="">{t('cleaning.filter.all')}</option>
          <option value="open">{t('cleaning.status.open')}</option>
          <option value="accepted">{t('cleaning.status.accepted')}</option>
        </select>
      </div>
      <button
        type="button"
        className="btn btn--secondary btn--small cl-filters__clear"
        disabled={!any}
        onClick={() => {
          setVariable('');
          setBatch('');
          setFilter({ ruleId: '', variable: '', severity: '', batch: '', status: '' });
        }}
      >
        {t('cleaning.filter.clear')}
      </button>
    </div>
  );
}
