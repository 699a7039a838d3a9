// The Import area: pick a web-survey export, read the dry-run report per column and row, map columns and labels by hand, save the mapping, commit.
import { useEffect, useId, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { selectProject } from '../../stores/selectors';
import { columnKey, importReportCurrent, type ImportOnDuplicate } from '../../stores/importSlice';
import { dataColumns, findList, isEnterable, textIn, userMissingCodes, variablesOf, type Questionnaire } from '../../../shared/domain/questionnaire';
import { normaliseName, type ImportMapping } from '../../../shared/import/mapping';
import type { ResponseImportReport } from '../../../shared/contract/import';
import { PathField } from '../fieldwork/PathField';
import { useFormLanguage } from '../questionnaire/useFormText';
import { fileErrorMessage, issueMessage, problemMessage, type ImportProblemShown } from './problemText';
import './import.css';

/** One choice of the column select. */
interface TargetChoice {
  value: string;
  label: string;
}

/** The variables (and 0/1 option columns) a column can be mapped to, in paper order. */
function targetChoices(q: Questionnaire | null, lang: string): TargetChoice[] {
  if (!q) return [];
  const out: TargetChoice[] = [];
  for (const v of variablesOf(q)) {
    if (!isEnterable(v)) continue;
    out.push({ value: `v:${v.name}`, label: `${v.name} — ${textIn(v.label, lang, q.defaultLanguage)}` });
    if (v.type === 'multiple') {
      const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
      const cols = dataColumns(q, v);
      (list?.choices ?? []).forEach((c, i) => out.push({ value: `o:${cols[i] ?? `${v.name}_${c.code}`}`, label: `${cols[i] ?? `${v.name}_${c.code}`} — ${textIn(c.label, lang, q.defaultLanguage)} (0/1)` }));
    }
  }
  return out;
}

/** Codes (list and user-missing) of a choice variable with their labels. */
function codeChoices(q: Questionnaire | null, variable: string, lang: string): TargetChoice[] {
  const v = q ? variablesOf(q).find((x) => x.name === variable) : undefined;
  if (!q || !v) return [];
  const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
  const seen = new Set<string>();
  const out: TargetChoice[] = [];
  for (const c of [...(list?.choices ?? []), ...userMissingCodes(q, v)]) {
    if (seen.has(c.code)) continue;
    seen.add(c.code);
    out.push({ value: c.code, label: `${c.code} = ${textIn(c.label, lang, q.defaultLanguage)}` });
  }
  return out;
}

/** The select value of a column: its explicit choice in the mapping, else '' (automatic). */
function explicitChoice(m: ImportMapping, key: string): string {
  const same = (k: string | undefined) => k !== undefined && (k === key || (!k.startsWith('#') && !key.startsWith('#') && normaliseName(k) === normaliseName(key)));
  if (same(m.caseIdColumn)) return 'caseId';
  if (same(m.completeColumn)) return 'complete';
  if ((m.ignore ?? []).some(same)) return 'ignore';
  const e = Object.entries(m.columns ?? {}).find(([k]) => same(k));
  if (!e) return '';
  if (e[1] === null) return 'ignore';
  return e[1];
}

/** Most characters of a cell's text put in the page (a cell may hold megabytes); the rest is left off with "…". */
const CELL_CHARS = 2000;

/** Cell text cut to one line with an ellipsis at a bounded width (import.css .imp-cut); the title shows up to {@link CELL_CHARS}. */
function Cut({ text }: { text: string }) {
  const shown = text.length > CELL_CHARS ? `${text.slice(0, CELL_CHARS)}…` : text;
  return <span className="imp-cut" title={text.length > 30 ? shown : undefined}>{shown}</span>;
}

/** A card with a heading that names its region. */
function Card({ title, children, className = '' }: { title: string; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section className={`card imp-card ${className}`} aria-labelledby={id}>
      <h2 id={id} className="imp-card__title">{title}</h2>
      {children}
    </section>
  );
}

/** The Import work area's main panel. */
export function ImportArea() {
  const { t } = useTranslation();
  const project = useAppStore(selectProject);
  const report = useAppStore((s) => s.importReport);
  const result = useAppStore((s) => s.importResult);
  const error = useAppStore((s) => s.importError);
  const busy = useAppStore((s) => s.importBusy);
  const projectPath = project?.path;

  useEffect(() => {
    if (projectPath) {
      useAppStore.getState().resetImport();
      void useAppStore.getState().loadImportSetup();
    }
  }, [projectPath]);

  return (
    <div className="imp" aria-busy={busy}>
      <FileCard />
      {error && <ImportError />}
      {report && !result && (
        <>
          <ColumnsCard />
          <LabelsCard />
          <ProblemsCard />
          <CommitCard />
        </>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {busy ? t('import.busy') : result ? t('import.result.added', { count: result.imported }) : report ? (report.valid ? t('import.report.valid') : t('import.report.invalid', { count: report.errors.length })) : ''}
      </p>
      {result && <ResultCard result={result} />}
    </div>
  );
}

/** Step 1: the file and how to read it. */
function FileCard() {
  const { t } = useTranslation();
  const form = useAppStore((s) => s.importForm);
  const info = useAppStore((s) => s.importInfo);
  const busy = useAppStore((s) => s.importBusy);
  const mappings = useAppStore((s) => s.importMappings);
  const set = (p: Parameters<ReturnType<typeof useAppStore.getState>['setImportForm']>[0]) => useAppStore.getState().setImportForm(p);
  const encId = useId();
  const sheetId = useId();
  const hrId = useId();
  const toolId = useId();
  const toolListId = useId();
  return (
    <Card title={t('import.file.title')}>
      <p className="imp-intro">{t('import.file.intro')}</p>
      <form
        className="imp-file"
        onSubmit={(e) => {
          e.preventDefault();
          void useAppStore.getState().checkImportFile();
        }}
      >
        <PathField label={t('import.file.path')} value={form.file} onChange={(file) => set({ file })} mode="open" extensions={['csv', 'xlsx', 'txt', 'tsv']} pickerTitle={t('import.file.pickTitle')} />
        <div className="imp-file__options">
          <div className="field">
            <label className="field__label" htmlFor={encId}>{t('import.file.encoding')}</label>
            <select id={encId} value={form.encoding} onChange={(e) => set({ encoding: e.target.value as typeof form.encoding })}>
              <option value="auto">{t('import.file.encodingAuto')}</option>
              <option value="utf-8">UTF-8</option>
              <option value="windows-1252">Windows-1252</option>
              <option value="utf-16le">UTF-16 LE</option>
              <option value="utf-16be">UTF-16 BE</option>
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={sheetId}>{t('import.file.sheet')}</label>
            <select id={sheetId} value={form.sheet} disabled={!info || info.sheets.length === 0} onChange={(e) => set({ sheet: e.target.value })}>
              <option value="">{t('import.file.sheetFirst')}</option>
              {(info?.sheets ?? []).map((s) => (
                <option key={s} value={s}>{s}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={hrId}>{t('import.file.headerRows')}</label>
            <select id={hrId} value={form.headerRows ?? ''} onChange={(e) => set({ headerRows: e.target.value === '' ? null : Number(e.target.value) })}>
              <option value="">{t('import.file.headerRowsAuto')}</option>
              {[1, 2, 3].map((n) => (
                <option key={n} value={n}>{n}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={toolId}>{t('import.file.mappingName')}</label>
            <input id={toolId} type="text" list={toolListId} value={form.mappingName} maxLength={100} autoComplete="off" aria-describedby={`${toolId}-hint`} onChange={(e) => set({ mappingName: e.target.value })} />
            <datalist id={toolListId}>
              {mappings.map((m) => (
                <option key={m.name} value={m.name} />
              ))}
            </datalist>
            <span id={`${toolId}-hint`} className="imp-hint">{t('import.file.mappingNameHint')}</span>
          </div>
        </div>
        <button type="submit" className="btn btn--primary" disabled={busy || form.file.trim() === ''}>
          {t('import.file.check')}
        </button>
      </form>
      {info && (
        <p className="imp-facts" data-testid="import-facts">
          {t('import.file.facts', {
            file: info.file,
            count: info.rows,
            headerRows: info.headerRows,
            how: info.format === 'csv' ? `${info.encoding ?? ''}, ${t('import.file.delimiter')} ${info.delimiter === '\t' ? 'tab' : `"${info.delimiter ?? ''}"`}` : `${t('import.file.sheet')} ${info.sheet ?? ''}`,
          })}
        </p>
      )}
    </Card>
  );
}

/** Step 2: every column with its target (select by hand) and what the dry run found in it. */
function ColumnsCard() {
  const { t } = useTranslation();
  const report = useAppStore((s) => s.importReport)!;
  const info = useAppStore((s) => s.importInfo);
  const q = useAppStore((s) => s.importQn);
  const lang = useFormLanguage(q);
  const mapping = useAppStore((s) => s.importMapping);
  const busy = useAppStore((s) => s.importBusy);
  const choices = useMemo(() => targetChoices(q, lang), [q, lang]);
  const headers = info?.header ?? report.columns.map((c) => c.header);
  const auto = (c: ResponseImportReport['columns'][number]): string => {
    switch (c.target) {
      case 'caseId':
        return t('import.columns.caseId');
      case 'complete':
        return t('import.columns.complete');
      case 'variable':
        return c.variable ?? '';
      case 'option':
        return `${c.variable ?? ''} = ${c.code ?? ''} (0/1)`;
      case 'ignored':
        return t(`import.columns.ignoredReason.${(c.reason ?? 'explicit') as 'explicit' | 'unmapped' | 'calculated' | 'empty'}`);
      default:
        return t('import.columns.unmapped');
    }
  };
  const errorCols = new Set(report.errors.filter((e) => e.kind === 'unmappedColumn' || e.kind === 'columnConflict').flatMap((e) => (e.column ?? '').split(', ')));
  return (
    <Card title={t('import.columns.title')}>
      <p className="imp-intro">{t('import.columns.intro')}</p>
      <div className="table-panel imp-scroll">
        <table className="table imp-table">
          <caption className="visually-hidden">{t('import.columns.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.columns.col')}</th>
              <th scope="col">{t('import.columns.header')}</th>
              <th scope="col">{t('import.columns.target')}</th>
              <th scope="col">{t('import.columns.mapTo')}</th>
              <th scope="col" className="num">{t('import.columns.filled')}</th>
              <th scope="col" className="num">{t('import.columns.labelsMapped')}</th>
              <th scope="col" className="num">{t('import.columns.trimmed')}</th>
              <th scope="col" className="num">{t('import.columns.problems')}</th>
            </tr>
          </thead>
          <tbody>
            {report.columns.map((c) => {
              const name = c.header || `#${c.col}`;
              const key = columnKey(c.header, c.col, headers);
              const value = explicitChoice(mapping, key);
              const selectValue = value === '' ? '' : value === 'ignore' || value === 'caseId' || value === 'complete' ? value : choices.some((x) => x.value === `v:${value}`) ? `v:${value}` : `o:${value}`;
              const bad = c.target === 'unmapped' || errorCols.has(name);
              return (
                <tr key={c.col} className={bad ? 'imp-row--error' : undefined} data-column={name}>
                  <td className="mono">{c.col}</td>
                  <th scope="row" className="mono"><Cut text={name} /></th>
                  <td>
                    {auto(c)}
                    {c.how === 'explicit' && <span className="imp-tag">{t('import.columns.byHand')}</span>}
                  </td>
                  <td>
                    <select aria-label={t('import.columns.mapToFor', { column: name })} value={selectValue} disabled={busy} onChange={(e) => void useAppStore.getState().setImportColumn(c.col, c.header, e.target.value)}>
                      <option value="">{t('import.columns.automatic')}</option>
                      <option value="ignore">{t('import.columns.ignore')}</option>
                      <option value="caseId">{t('import.columns.caseId')}</option>
                      <option value="complete">{t('import.columns.complete')}</option>
                      {choices.map((x) => (
                        <option key={x.value} value={x.value}>{x.label}</option>
                      ))}
                    </select>
                  </td>
                  <td className="num">{c.filled}</td>
                  <td className="num">{c.labelsMapped}</td>
                  <td className="num">{c.trimmed}</td>
                  <td className="num">{c.problems}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

/** Step 3: answers that are neither a code nor a known label, each resolved to a code of its variable. */
function LabelsCard() {
  const { t } = useTranslation();
  const report = useAppStore((s) => s.importReport)!;
  const q = useAppStore((s) => s.importQn);
  const lang = useFormLanguage(q);
  const mapping = useAppStore((s) => s.importMapping);
  const busy = useAppStore((s) => s.importBusy);
  // Labels resolved in this session stay listed (so a choice can be changed) although the dry run no longer reports them.
  const resolved = Object.entries(mapping.labels ?? {}).flatMap(([variable, m]) => Object.keys(m).map((label) => ({ variable, label })));
  const rows = [
    ...report.unmappedLabels.map((u) => ({ variable: u.variable, column: u.column, label: u.label, count: u.count as number | null })),
    ...resolved.filter((r) => !report.unmappedLabels.some((u) => u.variable === r.variable && u.label === r.label)).map((r) => ({ ...r, column: '', count: null })),
  ];
  return (
    <Card title={t('import.labels.title')}>
      {rows.length === 0 ? (
        <p className="muted">{t('import.labels.none')}</p>
      ) : (
        <>
          <p className="imp-intro">{t('import.labels.intro')}</p>
          <div className="table-panel imp-scroll">
            <table className="table imp-table">
              <caption className="visually-hidden">{t('import.labels.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.labels.variable')}</th>
                  <th scope="col">{t('import.labels.label')}</th>
                  <th scope="col" className="num">{t('import.labels.count')}</th>
                  <th scope="col">{t('import.labels.code')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.variable}\u0000${r.label}`} data-label={r.label} data-variable={r.variable}>
                    <td className="mono">{r.variable}</td>
                    <th scope="row"><Cut text={r.label} /></th>
                    <td className="num">{r.count ?? '✓'}</td>
                    <td>
                      <select
                        aria-label={t('import.labels.codeFor', { label: r.label, variable: r.variable })}
                        value={mapping.labels?.[r.variable]?.[r.label] ?? ''}
                        disabled={busy}
                        onChange={(e) => void useAppStore.getState().setImportLabel(r.variable, r.label, e.target.value)}
                      >
                        <option value="">{t('import.labels.unresolved')}</option>
                        {codeChoices(q, r.variable, lang).map((c) => (
                          <option key={c.value} value={c.value}>{c.label}</option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

const SHOWN = 100;

/** Step 4: blocking problems and warnings, by row and column, with the counts per kind. */
function ProblemsCard() {
  const { t } = useTranslation();
  const report = useAppStore((s) => s.importReport)!;
  const kinds = Object.entries(report.counts).sort((a, b) => b[1] - a[1]);
  const messageOf = (p: ImportProblemShown): string => {
    const m = problemMessage(p);
    return m ? t(m.key as 'import.busy', { ...m.params, defaultValue: p.message }) : p.message;
  };
  const list = (items: ResponseImportReport['errors'], kind: 'errors' | 'warnings') => (
    <div className="table-panel imp-scroll">
      <table className="table imp-table" data-testid={`import-${kind}`}>
        <caption className="visually-hidden">{t(`import.problems.${kind}`)}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">{t('import.problems.row')}</th>
            <th scope="col">{t('import.problems.column')}</th>
            <th scope="col">{t('import.problems.caseId')}</th>
            <th scope="col">{t('import.problems.kind')}</th>
            <th scope="col">{t('import.problems.value')}</th>
            <th scope="col">{t('import.problems.message')}</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, SHOWN).map((p, i) => (
            <tr key={i}>
              <td className="num">{p.row ?? ''}</td>
              <td className="mono">{p.column ?? ''}</td>
              <td className="mono">{p.caseId ?? ''}</td>
              <td>{t(`import.kinds.${p.kind}`, { defaultValue: p.kind })}</td>
              <td className="mono"><Cut text={p.value ?? ''} /></td>
              <td className="imp-cell--message">{messageOf(p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length > SHOWN && <p className="muted">{t('import.problems.more', { count: items.length - SHOWN })}</p>}
    </div>
  );
  return (
    <Card title={t('import.problems.title')}>
      <p className={report.valid ? 'imp-ok' : 'imp-bad'} data-testid="import-verdict">
        {report.valid ? t('import.report.valid') : t('import.report.invalid', { count: report.errors.length })}
        {' '}
        {t('import.report.rows', { count: report.rows, complete: report.complete, skipped: report.skipped })}
      </p>
      {kinds.length > 0 && (
        <ul className="imp-kinds" aria-label={t('import.problems.counts')}>
          {kinds.map(([k, n]) => (
            <li key={k}>
              {t(`import.kinds.${k}`, { defaultValue: k })}: <strong>{n}</strong>
            </li>
          ))}
        </ul>
      )}
      {report.errors.length > 0 && (
        <>
          <h3 className="imp-sub">{t('import.problems.errors')}</h3>
          {list(report.errors, 'errors')}
        </>
      )}
      {report.warnings.length > 0 && (
        <details className="imp-details">
          <summary>{t('import.problems.warningsSummary', { count: report.warnings.length })}</summary>
          {list(report.warnings, 'warnings')}
        </details>
      )}
    </Card>
  );
}

/** Step 5: what to do with duplicate case IDs, saving the mapping, the operator, and the commit. */
function CommitCard() {
  const { t } = useTranslation();
  const report = useAppStore((s) => s.importReport)!;
  const form = useAppStore((s) => s.importForm);
  const busy = useAppStore((s) => s.importBusy);
  const savedAt = useAppStore((s) => s.importMappingSavedAt);
  const operator = useAppStore((s) => s.operator);
  const readOnly = useAppStore((s) => s.project?.readOnly ?? false);
  const current = useAppStore(importReportCurrent);
  const opId = useId();
  const options: ImportOnDuplicate[] = ['refuse', 'skip', 'replace'];
  return (
    <Card title={t('import.commit.title')}>
      <fieldset className="imp-radios">
        <legend>{t('import.commit.onDuplicate')}</legend>
        {options.map((o) => (
          <label key={o} className="imp-radio">
            <input
              type="radio"
              name="imp-on-duplicate"
              value={o}
              checked={form.onDuplicate === o}
              onChange={() => {
                useAppStore.getState().setImportForm({ onDuplicate: o });
                void useAppStore.getState().dryRunImport();
              }}
            />
            {t(`import.commit.${o}`)}
          </label>
        ))}
      </fieldset>
      <div className="imp-commit__row">
        <button type="button" className="btn btn--secondary" disabled={busy || readOnly || form.mappingName.trim() === ''} onClick={() => void useAppStore.getState().saveImportMapping()}>
          {t('import.commit.saveMapping', { name: form.mappingName.trim() || '…' })}
        </button>
        {savedAt && <span className="imp-ok" role="note">{t('import.commit.mappingSaved', { name: form.mappingName.trim() })}</span>}
      </div>
      <div className="field imp-operator">
        <label className="field__label" htmlFor={opId}>{t('import.commit.operator')}</label>
        <input id={opId} type="text" value={operator} maxLength={100} autoComplete="off" onChange={(e) => useAppStore.getState().setOperator(e.target.value)} />
      </div>
      <button type="button" className="btn btn--primary" disabled={busy || readOnly || !report.valid || !current} aria-describedby={!report.valid || !current ? 'imp-commit-why' : undefined} onClick={() => void useAppStore.getState().commitImport()}>
        {t('import.commit.run', { count: report.rows - report.skipped })}
      </button>
      {!current ? <p id="imp-commit-why" className="imp-hint">{t('import.commit.stale')}</p> : !report.valid && <p id="imp-commit-why" className="imp-hint">{t('import.commit.blocked')}</p>}
    </Card>
  );
}

/** The committed import: cases added, and the way to the case list with the mixed dataset. */
function ResultCard({ result }: { result: ResponseImportReport }) {
  const { t } = useTranslation();
  return (
    <Card title={t('import.result.title')} className="imp-result">
      <p data-testid="import-result">{t('import.result.added', { count: result.imported })}{result.replaced > 0 ? ` ${t('import.result.replaced', { count: result.replaced })}` : ''}{result.skipped > 0 ? ` ${t('import.result.skipped', { count: result.skipped })}` : ''}</p>
      <p className="muted">{t('import.result.batch', { batch: result.batchId ?? '', file: result.file, sha: result.sha256.slice(0, 12) })}</p>
      <div className="imp-commit__row">
        <button type="button" className="btn btn--primary" onClick={() => useAppStore.getState().setArea('entry')}>
          {t('import.result.toCases')}
        </button>
        <button type="button" className="btn btn--secondary" onClick={() => useAppStore.getState().resetImport()}>
          {t('import.result.another')}
        </button>
      </div>
    </Card>
  );
}

/** The last failed step, with its located issues (file, sheet, row, column). */
function ImportError() {
  const { t } = useTranslation();
  const error = useAppStore((s) => s.importError)!;
  const head = fileErrorMessage(error);
  const issueText = (issue: NonNullable<typeof error.issues>[number]): string => {
    const m = issueMessage(issue);
    return m ? t(m.key as 'import.busy', { ...m.params, defaultValue: issue.message }) : issue.message;
  };
  return (
    <div className="imp-alert" role="alert">
      <div>
        <strong>{head ? t(head.key as 'import.busy', { ...head.params, defaultValue: error.message }) : error.message}</strong>
        <span className="imp-alert__code">{t('common.errorCode', { code: error.code })}</span>
        {!head && error.issues && error.issues.length > 0 && (
          <ul>
            {error.issues.slice(0, 20).map((issue, i) => (
              <li key={i}>{[issue.row !== undefined ? t('import.problems.rowN', { row: issue.row }) : '', issue.column ?? '', issueText(issue)].filter(Boolean).join(' · ')}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="btn btn--ghost btn--small" aria-label={t('common.dismiss')} onClick={() => useAppStore.getState().clearImportError()}>
        ×
      </button>
    </div>
  );
}
