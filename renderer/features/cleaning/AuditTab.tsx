// The Auditlog tab: the append-only audit log with filters, as a windowed list newest first; a cleaning correction can be undone from it (a new entry).
import { ReasonField } from './ReasonField';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { AUDIT_PAGE, type AuditFilter, type AuditRow } from '../../stores/cleaningSlice';
import { AUDIT_SOURCES } from '../../../shared/contract/cleaning';
import { placedVariables } from '../../../shared/domain/questionnaire';
import { WindowedList } from './WindowedList';
import { auditReasonText } from './auditReason';

const ROW_HEIGHT = 36;
/** The text filters, applied after a short pause. */
const keys = ['caseId', 'variable', 'operator', 'text'] as const;
const LIST_HEIGHT = 432;

/** The details.action values of cleaning entries that have a text. */
const KNOWN_ACTIONS = ['correct', 'undo', 'accept', 'withdraw', 'exclude', 'include', 'derive', 'derive.delete', 'rule.save', 'rule.delete'] as const;
type KnownActionKey = 'correct' | 'undo' | 'accept' | 'withdraw' | 'exclude' | 'include' | 'derive' | 'derive_delete' | 'rule_save' | 'rule_delete';
const isKnownAction = (a: string): a is (typeof KNOWN_ACTIONS)[number] => (KNOWN_ACTIONS as readonly string[]).includes(a);

/** The variable of an entry; for an acceptance or its withdrawal the variables of the warning. */
function variableOf(r: AuditRow): string {
  return r.variable ?? r.ruleVariables.join(', ');
}

/** Formats an ISO instant in local time (the operator's clock), seconds included; other text as it is. */
function useLocalTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  const df = useMemo(() => new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'nl', { dateStyle: 'short', timeStyle: 'medium' }), [i18n.resolvedLanguage]);
  return useCallback((iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : df.format(new Date(iso))), [df]);
}

/** Filters, the list and the entry selected in it (with undo for corrections). */
export function AuditTab() {
  const { t, i18n } = useTranslation();
  const total = useAppStore((s) => s.auditTotal);
  const pages = useAppStore((s) => s.auditPages);
  const active = useAppStore((s) => s.activeAudit);
  const setActive = useAppStore((s) => s.setActiveAudit);
  const ensure = useAppStore((s) => s.ensureAudit);
  const reload = useAppStore((s) => s.reloadAudit);
  const when = useLocalTime();
  const [undoing, setUndoing] = useState<AuditRow | null>(null);
  const nf = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'nl');
  const count = total ?? 0;

  // The log grows with every edit elsewhere: read it again whenever the tab is shown.
  useEffect(() => {
    void reload();
  }, [reload]);

  const rowAt = (i: number) => pages[Math.floor(i / AUDIT_PAGE)]?.[i % AUDIT_PAGE];
  const onRange = useCallback((from: number, to: number) => void ensure(from, to), [ensure]);
  const selected = rowAt(active);
  const value = (v: string | null) => v ?? t('cleaning.empty');
  const actionText = (a: string) => (isKnownAction(a) ? t(`cleaning.audit.action.${a.replace('.', '_') as KnownActionKey}`) : a);

  return (
    <section className="cl-audit" aria-labelledby="cl-audit-title">
      <div className="cl-section-head">
        <h2 id="cl-audit-title" className="cl-h2">{t('cleaning.audit.title')}</h2>
      </div>
      <p className="muted cl-intro">{t('cleaning.audit.intro')}</p>
      <AuditFilters />
      <div className="cl-listpanel table-panel">
        <div className="cl-listhead" aria-hidden="true">
          <span>{t('cleaning.audit.col.at')}</span>
          <span>{t('cleaning.audit.col.source')}</span>
          <span>{t('cleaning.audit.col.operator')}</span>
          <span>{t('cleaning.col.case')}</span>
          <span>{t('cleaning.col.variable')}</span>
          <span>{t('cleaning.audit.col.change')}</span>
          <span>{t('cleaning.audit.col.reason')}</span>
          <span />
        </div>
        <WindowedList
          count={count}
          rowHeight={ROW_HEIGHT}
          height={Math.min(LIST_HEIGHT, Math.max(4, count) * ROW_HEIGHT)}
          label={t('cleaning.audit.label', { count })}
          idPrefix="cl-a"
          activeIndex={active}
          onActiveChange={setActive}
          onOpen={(i) => {
            const r = rowAt(i);
            if (r?.correctionId != null && r.undoable) setUndoing(r);
          }}
          onRangeChange={onRange}
          empty={<p className="cl-empty">{total === null ? t('cleaning.list.loading') : t('cleaning.audit.empty')}</p>}
          renderRow={(i) => {
            const r = rowAt(i);
            if (!r) return <span className="cl-row__loading">{t('cleaning.list.loadingRow')}</span>;
            const change = r.oldValue === null && r.newValue === null ? '' : `${value(r.oldValue)} → ${value(r.newValue)}`;
            return (
              <>
                <span className="mono" title={r.at}>{when(r.at)}</span>
                <span><span className={`badge badge--muted cl-src cl-src--${r.source}`}>{t(`cleaning.audit.source.${r.source}`)}</span></span>
                <span title={r.operator}>{r.operator}</span>
                <span className="mono">{r.caseId ?? ''}</span>
                <span className="mono" title={variableOf(r)}>{variableOf(r)}</span>
                <span className="mono" title={change}>{change}</span>
                <span className="cl-row__msg" title={r.reason ?? ''}>{r.undoes !== null ? `${t('cleaning.audit.undoes', { id: r.undoesEntry ?? r.undoes })} · ` : ''}{r.ruleId !== null ? `${t('cleaning.audit.accepts', { rule: r.ruleId })} · ` : ''}{auditReasonText(r, t)}</span>
                <span>
                  {r.correctionId !== null && (
                    // Mouse shortcut; keyboard users press Enter on the row or use the button under the list.
                    // A correction the service would not undo (undone, or not the latest change of its variable) keeps its
                    // button, disabled, so the column stays aligned; the title says why.
                    <button type="button" tabIndex={-1} aria-hidden="true" className="btn btn--secondary btn--small cl-audit__undo" disabled={!r.undoable} title={r.undoneBy !== null ? t('cleaning.audit.undone', { id: r.undoneBy }) : !r.undoable ? t('cleaning.audit.notLatest') : undefined} onClick={() => { setActive(i); setUndoing(r); }}>
                      {t('cleaning.audit.undo')}
                    </button>
                  )}
                </span>
              </>
            );
          }}
        />
        <p className="cl-listfoot" aria-live="polite">
          {total === null ? '' : t('cleaning.audit.footer', { count: total, shown: nf.format(total), position: nf.format(count > 0 ? active + 1 : 0) })}
          <span className="cl-listfoot__keys">{t('cleaning.audit.keys')}</span>
        </p>
      </div>
      {selected && (
        <section className="card cl-audit__detail" aria-labelledby="cl-audit-sel">
          <h3 id="cl-audit-sel" className="card__title">{t('cleaning.audit.selected', { id: selected.id })}</h3>
          <dl className="cl-audit__dl">
            <dt>{t('cleaning.audit.col.at')}</dt><dd>{when(selected.at)} <span className="muted mono">({selected.at})</span></dd>
            <dt>{t('cleaning.audit.col.source')}</dt><dd>{t(`cleaning.audit.source.${selected.source}`)}{selected.action ? ` · ${actionText(selected.action)}` : ''}</dd>
            <dt>{t('cleaning.audit.col.operator')}</dt><dd>{selected.operator}</dd>
            {selected.caseId !== null && <><dt>{t('cleaning.col.case')}</dt><dd className="mono">{selected.caseId}</dd></>}
            {selected.ruleId !== null && <><dt>{t('cleaning.col.rule')}</dt><dd className="mono">{selected.ruleId}</dd></>}
            {variableOf(selected) !== '' && <><dt>{t('cleaning.col.variable')}</dt><dd className="mono">{variableOf(selected)}</dd></>}
            {(selected.oldValue !== null || selected.newValue !== null) && <><dt>{t('cleaning.audit.col.change')}</dt><dd className="mono">{value(selected.oldValue)} → {value(selected.newValue)}</dd></>}
            <dt>{t('cleaning.audit.col.reason')}</dt><dd>{auditReasonText(selected, t)}</dd>
          </dl>
          {selected.correctionId !== null && selected.undoneBy !== null && <p className="muted">{t('cleaning.audit.undone', { id: selected.undoneBy })}</p>}
          {selected.correctionId !== null && selected.undoneBy === null && !selected.undoable && <p className="muted">{t('cleaning.audit.notLatest')}</p>}
          {selected.correctionId !== null && selected.undoable && undoing?.id !== selected.id && (
            <button type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.audit.undoLabel', { variable: selected.variable ?? '', caseId: selected.caseId ?? '', value: value(selected.newValue) })} onClick={() => setUndoing(selected)}>
              {t('cleaning.audit.undo')}
            </button>
          )}
        </section>
      )}
      {undoing && undoing.correctionId !== null && <UndoForm row={undoing} onDone={() => setUndoing(null)} />}
    </section>
  );
}

/** Asks the reason of an undo and sends it; the new entry appears at the top of the list. */
function UndoForm({ row, onDone }: { row: AuditRow; onDone(): void }) {
  const { t } = useTranslation();
  const busy = useAppStore((s) => s.cleaningBusy);
  const operator = useAppStore((s) => s.operator);
  const undo = useAppStore((s) => s.undoFromAudit);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const noReason = reason.trim() === '';
  const noOperator = operator.trim() === '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (noReason || noOperator || row.correctionId === null) return;
    if (await undo(row.correctionId, reason.trim())) onDone();
  };

  return (
    <form className="cl-action cl-audit__undoform" aria-labelledby={`${id}-t`} onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onDone()} noValidate>
      <h3 id={`${id}-t`} className="cl-action__title">{t('cleaning.audit.undoTitle', { variable: row.variable ?? '', caseId: row.caseId ?? '' })}</h3>
      <p className="cl-field__hint">{t('cleaning.audit.undoHint', { from: row.newValue ?? t('cleaning.empty'), to: row.oldValue ?? t('cleaning.empty') })}</p>
      <div className="cl-field">
        <ReasonField id={id} value={reason} onChange={setReason} missing={tried && noReason} inputRef={ref} />
        {tried && noOperator && <span className="cl-field__error">{t('cleaning.action.operatorRequired')}</span>}
      </div>
      <div className="button-row">
        <button type="submit" className="btn btn--primary" disabled={busy}>{t('cleaning.action.undoSubmit')}</button>
        <button type="button" className="btn btn--secondary" onClick={onDone}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

/** The filter bar: case ID, variable, operator, source, date range (local days) and text in the reason; text fields apply after a short pause. */
function AuditFilters() {
  const { t } = useTranslation();
  const filter = useAppStore((s) => s.auditFilter);
  const setFilter = useAppStore((s) => s.setAuditFilter);
  const q = useAppStore((s) => s.qState?.questionnaire);
  const names = useMemo(() => (q ? [...new Set(placedVariables(q).map((p) => p.variable.name))] : []), [q]);
  const operators = useAppStore((s) => s.auditOperators);
  const [draft, setDraft] = useState({ caseId: filter.caseId, variable: filter.variable, operator: filter.operator, text: filter.text });

  useEffect(() => {
    if (keys.every((k) => draft[k] === filter[k])) return;
    const h = setTimeout(() => setFilter(draft), 300);
    return () => clearTimeout(h);
  }, [draft, filter, setFilter]);

  const text = (k: (typeof keys)[number], mono = false) => (
    <div className={`cl-filter${k === 'caseId' ? ' cl-filter--narrow' : ''}`}>
      <label htmlFor={`cl-af-${k}`}>{t(`cleaning.audit.filter.${k}`)}</label>
      <input
        id={`cl-af-${k}`}
        type="text"
        className={mono ? 'mono' : undefined}
        value={draft[k]}
        list={k === 'variable' ? 'cl-audit-variable-names' : k === 'operator' ? 'cl-audit-operator-names' : undefined}
        placeholder={t('cleaning.filter.allShort')}
        onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
      />
    </div>
  );
  const any = Object.values(filter).some((v) => v !== '');
  return (
    <div className="cl-filters" role="group" aria-label={t('cleaning.audit.filter.label')}>
      {text('caseId', true)}
      {text('variable', true)}
      <datalist id="cl-audit-variable-names">{names.map((n) => <option key={n} value={n} />)}</datalist>
      {text('operator')}
      <datalist id="cl-audit-operator-names">{operators.map((n) => <option key={n} value={n} />)}</datalist>
      <div className="cl-filter">
        <label htmlFor="cl-af-source">{t('cleaning.audit.filter.source')}</label>
        <select id="cl-af-source" value={filter.source} onChange={(e) => setFilter({ source: e.target.value as AuditFilter['source'] })}>
          <option value="">{t('cleaning.filter.all')}</option>
          {AUDIT_SOURCES.map((s) => <option key={s} value={s}>{t(`cleaning.audit.source.${s}`)}</option>)}
        </select>
      </div>
      <div className="cl-filter">
        <label htmlFor="cl-af-from">{t('cleaning.audit.filter.from')}</label>
        <input id="cl-af-from" type="date" value={filter.from} max={filter.to || undefined} onChange={(e) => setFilter({ from: e.target.value })} />
      </div>
      <div className="cl-filter">
        <label htmlFor="cl-af-to">{t('cleaning.audit.filter.to')}</label>
        <input id="cl-af-to" type="date" value={filter.to} min={filter.from || undefined} onChange={(e) => setFilter({ to: e.target.value })} />
      </div>
      {text('text')}
      <button
        type="button"
        className="btn btn--secondary btn--small cl-filters__clear"
        disabled={!any}
        onClick={() => {
          setDraft({ caseId: '', variable: '', operator: '', text: '' });
          setFilter({ caseId: '', variable: '', operator: '', source: '', from: '', to: '', text: '' });
        }}
      >
        {t('cleaning.filter.clear')}
      </button>
    </div>
  );
}
