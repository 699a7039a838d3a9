// The Export area: profile bar, the export form (contents, cases, weighting, privacy, files), progress and result.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { invoke } from '../../api/client';
import { useAppStore } from '../../stores';
import { selectProject } from '../../stores/selectors';
import { besidePath, codesOrLabels, DEFAULT_MIN_N, type CodesOrLabels, type ExportStatusId } from '../../stores/exportSlice';
import type { ExportTables } from '../../../shared/contract/export';
import type { ResultError } from '../../../shared/contract/result';
import type { SheetId } from '../../../shared/export/layout';
import { ExportProgress, ExportResult } from './ExportResult';

/** The Export work area's main panel. */
export function ExportArea() {
  const { t } = useTranslation();
  const project = useAppStore(selectProject);
  const options = useAppStore((s) => s.exportOptions);
  const error = useAppStore((s) => s.exportError);
  const job = useAppStore((s) => s.exportJob);
  const load = useAppStore((s) => s.loadExport);
  const projectPath = project?.path;

  useEffect(() => {
    if (projectPath) void load();
  }, [projectPath, load]);

  if (!options) {
    return (
      <div className="xp">
        {error ? <ExportError error={error} /> : <p className="muted">{t('export.loading')}</p>}
      </div>
    );
  }
  const running = job?.state === 'running';
  return (
    <div className="xp">
      {options.readOnly && <p className="xp-note" role="note">{t('export.readOnly')}</p>}
      <ProfileBar />
      <form
        className="xp-form"
        aria-busy={running}
        onSubmit={(e) => {
          e.preventDefault();
          void useAppStore.getState().startExport();
        }}
      >
        <div className="xp-grid">
          <ContentCard />
          <CasesCard />
          <WeightCard />
          <PrivacyCard />
        </div>
        <TablesCard />
        <FilesCard />
        <RunBar />
      </form>
      {error && <ExportError error={error} />}
      {job && job.state === 'running' && <ExportProgress job={job} />}
      {job?.state === 'cancelled' && <p className="xp-note">{t('export.run.cancelled')}</p>}
      {/* One persistent live region announces start, end and cancel (regions added with their text are often not read). */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {job?.state === 'running' ? t('export.run.starting') : job?.state === 'done' ? t('export.result.title') : job?.state === 'cancelled' ? t('export.run.cancelled') : ''}
      </p>
      {job?.state === 'done' && job.result && <ExportResult result={job.result} />}
    </div>
  );
}

/** A card with a heading that names its region. */
function Card({ title, children, className = '' }: { title: string; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section className={`card xp-card ${className}`} aria-labelledby={id}>
      <h2 id={id} className="xp-card__title">{title}</h2>
      {children}
    </section>
  );
}

/** An export error where it happened (role alert), with its code and located issues. */
function ExportError({ error }: { error: ResultError }) {
  const { t } = useTranslation();
  return (
    <div className="xp-alert" role="alert">
      <div className="xp-alert__body">
        <strong>{error.message}</strong>
        <span className="xp-alert__code">{t('common.errorCode', { code: error.code })}</span>
        {error.issues && error.issues.length > 0 && (
          <ul className="xp-alert__issues">
            {error.issues.slice(0, 10).map((issue, i) => (
              <li key={i}>{issue.message}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="btn btn--ghost btn--small" aria-label={t('common.dismiss')} onClick={() => useAppStore.getState().clearExportError()}>
        ×
      </button>
    </div>
  );
}

/** Choose, apply, save and delete export profiles. */
function ProfileBar() {
  const { t } = useTranslation();
  const profiles = useAppStore((s) => s.exportProfiles) ?? [];
  const readOnly = useAppStore((s) => s.exportOptions?.readOnly ?? false);
  const applied = useAppStore((s) => s.exportProfileName);
  // Starts on the profile in force (the project's default when the area opens); follows an apply, save or delete.
  const [chosen, setChosen] = useState(applied);
  const [name, setName] = useState(applied);
  const [seen, setSeen] = useState(applied);
  if (applied !== seen) {
    setSeen(applied);
    setChosen(applied);
    if (applied !== '') setName(applied);
  }
  const [saved, setSaved] = useState<string | null>(null);
  const selectId = useId();
  const nameId = useId();
  const s = () => useAppStore.getState();
  return (
    <Card title={t('export.profiles.title')} className="xp-profiles">
      <p className="xp-intro">{t('export.profiles.intro')}</p>
      <div className="xp-profiles__row">
        <div className="xp-profiles__group">
          <div className="field">
            <label className="field__label" htmlFor={selectId}>{t('export.profiles.choose')}</label>
            <select id={selectId} className="xp-select" value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">{t('export.profiles.none')}</option>
              {profiles.map((p) => (
                <option key={p.name} value={p.name}>{p.name}</option>
              ))}
            </select>
          </div>
          <button type="button" className="btn btn--secondary" disabled={chosen === ''} onClick={() => {
              s().applyExportProfile(chosen);
              setName(chosen);
            }}>
            {t('export.profiles.apply')}
          </button>
          <button type="button" className="btn btn--secondary" disabled={chosen === '' || readOnly} onClick={() => void s().deleteExportProfile(chosen).then(() => setChosen(''))}>
            {t('export.profiles.delete')}
          </button>
        </div>
        <div className="xp-profiles__group">
          <div className="field">
            <label className="field__label" htmlFor={nameId}>{t('export.profiles.name')}</label>
            <input id={nameId} type="text" value={name} maxLength={80} autoComplete="off" onChange={(e) => setName(e.target.value)} />
          </div>
          <button
            type="button"
            className="btn btn--secondary"
            disabled={name.trim() === '' || readOnly}
            onClick={() =>
              void s()
                .saveExportProfile(name)
                .then(() => {
                  if (s().exportError) return;
                  setSaved(name.trim());
                  setChosen(name.trim());
                })
            }
          >
            {t('export.profiles.save')}
          </button>
        </div>
      </div>
      {profiles.length === 0 && <p className="xp-hint">{t('export.profiles.empty')}</p>}
      {saved && (
        <p className="xp-ok" role="status">
          <span aria-hidden="true">✓</span> {t('export.profiles.saved', { name: saved })}
        </p>
      )}
    </Card>
  );
}

/** Codes/labels and the other sheets. */
function ContentCard() {
  const { t } = useTranslation();
  const sheets = useAppStore(useShallow((s) => s.exportDraft.sheets));
  const all = useAppStore((s) => s.exportOptions?.sheets) ?? [];
  const set = useAppStore((s) => s.setExportDraft);
  const mode = codesOrLabels(sheets);
  const order = all.map((x) => x.id);
  const withSheets = (next: Set<SheetId>) => set({ sheets: order.filter((id) => next.has(id)) });
  const setMode = (m: CodesOrLabels) => {
    const next = new Set(sheets);
    next.delete('data');
    next.delete('labels');
    if (m !== 'labels') next.add('data');
    if (m !== 'codes') next.add('labels');
    withSheets(next);
  };
  const toggle = (id: SheetId, on: boolean) => {
    const next = new Set(sheets);
    if (on) next.add(id);
    else next.delete(id);
    withSheets(next);
  };
  return (
    <Card title={t('export.content.title')}>
      <fieldset className="xp-fieldset">
        <legend className="field__label">{t('export.content.codesOrLabels')}</legend>
        {(['both', 'codes', 'labels'] as const).map((m) => (
          <label key={m} className="xp-check">
            <input type="radio" name="xp-codes-labels" value={m} checked={mode === m} onChange={() => setMode(m)} />
            {t(`export.content.${m}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="xp-fieldset">
        <legend className="field__label">{t('export.content.sheets')}</legend>
        <div className="xp-sheets">
          {all
            .filter((x) => x.id !== 'data' && x.id !== 'labels' && x.id !== 'info')
            .map((x) => (
              <label key={x.id} className="xp-check">
                <input type="checkbox" checked={sheets.includes(x.id)} onChange={(e) => toggle(x.id, e.target.checked)} />
                <span>
                  <span>{t(`export.sheet.${x.id}`)}</span>
                  <span className="xp-sheetname">{x.name}</span>
                </span>
              </label>
            ))}
          <label className="xp-check">
            <input type="checkbox" checked disabled />
            <span>
              <span>{t('export.content.infoAlways')}</span>
              <span className="xp-sheetname">Info</span>
            </span>
          </label>
        </div>
      </fieldset>
    </Card>
  );
}

/** Statuses with their counts, and an optional one-group filter. */
function CasesCard() {
  const { t, i18n } = useTranslation();
  const draft = useAppStore((s) => s.exportDraft);
  const options = useAppStore((s) => s.exportOptions);
  const set = useAppStore((s) => s.setExportDraft);
  const varId = useId();
  const nf = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'nl');
  if (!options) return null;
  const counts = options.statusCounts;
  const toggle = (st: ExportStatusId, on: boolean) => {
    const next = new Set(draft.statuses);
    if (on) next.add(st);
    else next.delete(st);
    set({ statuses: (['open', 'complete', 'verified'] as const).filter((x) => next.has(x)) });
  };
  const fv = options.filterVariables.find((v) => v.name === draft.filter?.variable);
  const toggleCode = (code: string, on: boolean) => {
    if (!draft.filter) return;
    const next = new Set(draft.filter.codes);
    if (on) next.add(code);
    else next.delete(code);
    set({ filter: { variable: draft.filter.variable, codes: (fv?.codes ?? []).map((c) => c.code).filter((c) => next.has(c)) } });
  };
  return (
    <Card title={t('export.cases.title')}>
      <fieldset className="xp-fieldset">
        <legend className="field__label">{t('export.cases.statuses')}</legend>
        {(['open', 'complete', 'verified'] as const).map((st) => (
          <label key={st} className="xp-check">
            <input type="checkbox" checked={draft.statuses.includes(st)} onChange={(e) => toggle(st, e.target.checked)} />
            <span>
              {t(`export.cases.${st}`)} <span className="xp-count">{nf.format(counts[st])}</span>
            </span>
          </label>
        ))}
        {counts.excluded > 0 && <p className="xp-hint">{t('export.cases.excludedNote', { n: nf.format(counts.excluded) })}</p>}
      </fieldset>
      {options.filterVariables.length > 0 && (
        <div className="field">
          <label className="field__label" htmlFor={varId}>{t('export.cases.filterVariable')}</label>
          <select
            id={varId}
            className="xp-select"
            value={draft.filter?.variable ?? ''}
            onChange={(e) => {
              const v = options.filterVariables.find((x) => x.name === e.target.value);
              set({ filter: v ? { variable: v.name, codes: v.codes.map((c) => c.code) } : null });
            }}
          >
            <option value="">{t('export.cases.noFilter')}</option>
            {options.filterVariables.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name} — {v.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {draft.filter && fv && (
        <fieldset className="xp-fieldset">
          <legend className="field__label">{t('export.cases.filterCodes', { variable: fv.name })}</legend>
          <div className="xp-codes">
            {fv.codes.map((c) => (
              <label key={c.code} className="xp-check">
                <input type="checkbox" checked={draft.filter?.codes.includes(c.code) ?? false} onChange={(e) => toggleCode(c.code, e.target.checked)} />
                <span>
                  <span className="xp-code">{c.code}</span> {c.label}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
    </Card>
  );
}

/** The weight variable, if any. */
function WeightCard() {
  const { t } = useTranslation();
  const weight = useAppStore((s) => s.exportDraft.weight);
  const weights = useAppStore((s) => s.exportOptions?.weights) ?? [];
  const set = useAppStore((s) => s.setExportDraft);
  const id = useId();
  return (
    <Card title={t('export.weight.title')}>
      <div className="field">
        <label className="field__label" htmlFor={id}>{t('export.weight.label')}</label>
        <select id={id} className="xp-select" value={weight ?? ''} aria-describedby={`${id}-hint`} onChange={(e) => set({ weight: e.target.value === '' ? null : e.target.value })}>
          <option value="">{t('export.weight.none')}</option>
          {weights.map((w) => (
            <option key={w.name} value={w.name}>
              {w.name} — {w.label}
            </option>
          ))}
        </select>
      </div>
      <p id={`${id}-hint`} className="xp-hint">
        {weights.length === 0 ? t('export.weight.noCandidates') : t('export.weight.hint')}
      </p>
    </Card>
  );
}

/**
 * Report tables of the Tables sheet: single-choice variables (rows) by a grouping variable (columns), weighted or
 * not, with the small-cell threshold and whether small columns are flagged or suppressed. Saved with the profile;
 * indicator tables a profile already holds (from the CLI or the example) are kept untouched.
 */
function TablesCard() {
  const { t } = useTranslation();
  const tables = useAppStore((s) => s.exportDraft.tables);
  const sheetOn = useAppStore((s) => s.exportDraft.sheets.includes('tables'));
  const singles = useAppStore((s) => s.exportOptions?.filterVariables) ?? [];
  const weights = (useAppStore((s) => s.exportOptions?.weights) ?? []).filter((w) => w.source !== 'stored');
  const set = useAppStore((s) => s.setExportDraft);
  const byId = useId();
  const weightId = useId();
  const minId = useId();
  const hintId = useId();
  if (singles.length < 2 && !tables) return null;
  const patch = (p: Partial<ExportTables>) => {
    if (!tables) return;
    set({ tables: { ...tables, ...p } });
  };
  const chooseBy = (by: string) => {
    if (by === '') return set({ tables: null });
    if (tables) return patch({ by, variables: tables.variables.filter((v) => v !== by) });
    set({ tables: { variables: [], by, minN: DEFAULT_MIN_N, smallCells: 'flag' } });
  };
  const toggle = (name: string, on: boolean) => {
    if (!tables) return;
    const next = new Set(tables.variables);
    if (on) next.add(name);
    else next.delete(name);
    // Rows in questionnaire order, plus any variable a profile named that the form does not offer.
    const offered = singles.map((v) => v.name);
    patch({ variables: [...offered.filter((n) => next.has(n)), ...tables.variables.filter((n) => !offered.includes(n) && next.has(n))] });
  };
  return (
    <Card title={t('export.tables.title')} className="xp-tables">
      <p className="xp-intro">{t('export.tables.intro')}</p>
      {!sheetOn && tables && <p className="xp-note" role="note">{t('export.tables.sheetOff')}</p>}
      <div className="xp-tables__row">
        <div className="field">
          <label className="field__label" htmlFor={byId}>{t('export.tables.by')}</label>
          <select id={byId} className="xp-select" value={tables?.by ?? ''} onChange={(e) => chooseBy(e.target.value)}>
            <option value="">{t('export.tables.noBy')}</option>
            {singles.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name} — {v.label}
              </option>
            ))}
            {tables && !singles.some((v) => v.name === tables.by) && <option value={tables.by}>{tables.by}</option>}
          </select>
        </div>
        {tables && (
          <div className="field">
            <label className="field__label" htmlFor={weightId}>{t('export.tables.weight')}</label>
            <select id={weightId} className="xp-select" value={tables.weight ?? ''} onChange={(e) => {
                const next: ExportTables = { ...tables, weight: e.target.value };
                if (e.target.value === '') delete next.weight;
                set({ tables: next });
              }}>
              <option value="">{t('export.tables.unweighted')}</option>
              {weights.map((w) => (
                <option key={w.name} value={w.name}>
                  {w.name} — {w.label}
                </option>
              ))}
              {tables.weight !== undefined && !weights.some((w) => w.name === tables.weight) && <option value={tables.weight}>{tables.weight}</option>}
            </select>
          </div>
        )}
      </div>
      {tables && (
        <>
          <fieldset className="xp-fieldset" aria-describedby={tables.variables.length === 0 ? hintId : undefined}>
            <legend className="field__label">{t('export.tables.variables')}</legend>
            <div className="xp-codes xp-tables__vars">
              {singles
                .filter((v) => v.name !== tables.by)
                .map((v) => (
                  <label key={v.name} className="xp-check" title={`${v.name} — ${v.label}`}>
                    <input type="checkbox" checked={tables.variables.includes(v.name)} onChange={(e) => toggle(v.name, e.target.checked)} />
                    <span>
                      <span className="xp-code">{v.name}</span> {v.label}
                    </span>
                  </label>
                ))}
            </div>
          </fieldset>
          {tables.variables.length === 0 && (
            <p id={hintId} className="xp-hint">
              {t('export.tables.needVariables')}
            </p>
          )}
          <div className="xp-tables__row">
            <div className="field">
              <label className="field__label" htmlFor={minId}>{t('export.tables.minN')}</label>
              <input
                id={minId}
                type="number"
                min={1}
                max={100000}
                step={1}
                className="xp-number"
                value={tables.minN ?? DEFAULT_MIN_N}
                onChange={(e) => {
                  const n = Math.trunc(Number(e.target.value));
                  if (Number.isFinite(n) && n >= 1 && n <= 100_000) patch({ minN: n });
                }}
              />
            </div>
            <fieldset className="xp-fieldset">
              <legend className="field__label">{t('export.tables.smallCells')}</legend>
              {(['flag', 'suppress'] as const).map((m) => (
                <label key={m} className="xp-check">
                  <input type="radio" name="xp-small-cells" value={m} checked={(tables.smallCells ?? 'flag') === m} onChange={() => patch({ smallCells: m })} />
                  {t(`export.tables.${m}`)}
                </label>
              ))}
            </fieldset>
          </div>
          {(tables.indicators?.length ?? 0) > 0 && <p className="xp-hint">{t('export.tables.indicators', { n: tables.indicators!.length })}</p>}
        </>
      )}
    </Card>
  );
}

/** Identifying variables: off by default, with the audit-log warning when on. */
function PrivacyCard() {
  const { t } = useTranslation();
  const include = useAppStore((s) => s.exportDraft.includeIdentifiers);
  const ids = useAppStore((s) => s.exportOptions?.identifiers) ?? [];
  const readOnly = useAppStore((s) => s.exportOptions?.readOnly ?? false);
  const set = useAppStore((s) => s.setExportDraft);
  const warnId = useId();
  return (
    <Card title={t('export.privacy.title')}>
      {ids.length === 0 ? (
        <p className="xp-hint">{t('export.privacy.none')}</p>
      ) : (
        <p className="xp-hint">{t('export.privacy.which', { names: ids.map((v) => v.name).join(', ') })}</p>
      )}
      <label className="xp-check">
        <input type="checkbox" checked={include} disabled={readOnly} aria-describedby={warnId} onChange={(e) => set({ includeIdentifiers: e.target.checked })} />
        {t('export.privacy.include')}
      </label>
      <p id={warnId} className={`xp-warning${include ? ' xp-warning--on' : ''}`} role={include ? 'alert' : undefined}>
        <span aria-hidden="true">⚠</span> {t('export.privacy.warning')}
      </p>
    </Card>
  );
}

/** The target workbook (save dialog or typed), CSV with its notation, SPSS syntax. */
function FilesCard() {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.exportDraft);
  const suggested = useAppStore((s) => s.exportOptions?.suggestedName);
  const set = useAppStore((s) => s.setExportDraft);
  const pathId = useId();
  const browse = async () => {
    try {
      const name = d.path.replace(/^.*[\\/]/, '') || suggested;
      const { path } = await invoke('dialog.saveFile', { title: t('export.files.pickerTitle'), extensions: ['xlsx'], ...(name ? { defaultName: name } : {}) });
      if (path) set({ path });
    } catch (err) {
      useAppStore.setState({ exportError: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } });
    }
  };
  return (
    <Card title={t('export.files.title')}>
      <div className="field">
        <label className="field__label" htmlFor={pathId}>{t('export.files.xlsx')}</label>
        <div className="xp-path">
          <input
            id={pathId}
            type="text"
            className="mono"
            value={d.path}
            spellCheck={false}
            autoComplete="off"
            placeholder={t('export.files.placeholder')}
            onChange={(e) => set({ path: e.target.value })}
          />
          <button type="button" className="btn btn--secondary" aria-label={`${t('export.files.browse')} (${t('export.files.xlsx')})`} onClick={() => void browse()}>
            {t('export.files.browse')}
          </button>
        </div>
      </div>
      <div className="xp-files">
        <label className="xp-check">
          <input type="checkbox" checked={d.csv !== null} onChange={(e) => set({ csv: e.target.checked ? 'nl' : null, ...(e.target.checked ? {} : { sps: false }) })} />
          {t('export.files.csv')}
        </label>
        {d.csv !== null && (
          <>
            <fieldset className="xp-fieldset xp-fieldset--inset">
              <legend className="field__label">{t('export.files.locale')}</legend>
              {(['nl', 'intl'] as const).map((loc) => (
                <label key={loc} className="xp-check">
                  <input type="radio" name="xp-locale" value={loc} checked={d.csv === loc} onChange={() => set({ csv: loc })} />
                  {t(loc === 'nl' ? 'export.files.localeNl' : 'export.files.localeIntl')}
                </label>
              ))}
            </fieldset>
            <label className="xp-check">
              <input type="checkbox" checked={d.sps} onChange={(e) => set({ sps: e.target.checked })} />
              {t('export.files.sps')}
            </label>
            {d.path.trim() !== '' && (
              <p className="xp-hint mono">
                {t('export.files.beside', { path: [besidePath(d.path.trim(), 'csv'), ...(d.sps ? [besidePath(d.path.trim(), 'sps')] : [])].map((p) => p.replace(/^.*[\\/]/, '')).join(', ') })}
              </p>
            )}
          </>
        )}
      </div>
    </Card>
  );
}

/** The export button (and cancel while running), with why it is disabled. */
function RunBar() {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.exportDraft);
  const job = useAppStore((s) => s.exportJob);
  const running = job?.state === 'running';
  const problem = d.path.trim() === '' ? t('export.run.needPath') : d.statuses.length === 0 ? t('export.run.needStatus') : null;
  const hintId = useId();
  return (
    <div className="xp-run">
      <button type="submit" className="btn btn--primary xp-run__go" disabled={running || problem !== null} {...(problem ? { 'aria-describedby': hintId } : {})}>
        {t('export.run.start')}
      </button>
      {running && (
        <button type="button" className="btn btn--secondary" onClick={() => void useAppStore.getState().cancelExport()}>
          {t('export.run.cancel')}
        </button>
      )}
      {problem && (
        <p id={hintId} className="xp-hint">
          {problem}
        </p>
      )}
    </div>
  );
}
