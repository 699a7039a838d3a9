// Runs one export of an open project: workbook, optional CSV and SPSS syntax, audit entry when identifiers go out.
import { createWriteStream, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import type { Database } from 'better-sqlite3';
import { DomainError } from '../../../shared/domain/errors';
import {
  CSV_BOM,
  csvLine,
  csvProfile,
  dataSheet,
  DEFAULT_SHEET_IDS,
  infoSheet,
  spssSyntax,
  workbookSheets,
  type CsvLocale,
  type ExportMeta,
  type SheetId,
  type SheetLimits,
} from '../../../shared/export';
import { openSnapshot, type ProjectDb } from '../db/open';
import { readMeta } from '../db/repos/projectRepo';
import { APP_VERSION } from '../version';
import { loadDataset, openDataset, type ExportableStatus } from './loadDataset';
import { readCleaningLog } from './auditSummary';
import { fieldworkReport } from '../services/fieldwork';
import { SchemeDefinitionSchema, type SchemeStaleness, type WeightingDiagnostics } from '../../../shared/contract/weighting';
import { numberAt, type Dataset, type NumberColumn } from '../../../shared/export/dataset';
import type { TablesChoice, TablesWeights } from '../../../shared/export/tables';
import type { WeightingSchemeFacts } from '../../../shared/export/weightingSheet';
import { getResultRow, getSchemeRow, listSchemeRows, schemeWeights } from '../db/repos/weightingRepo';
import { weightingWeights } from './loadDataset';
import { loadSchemeSample, schemeStaleness } from '../services/weighting';
import { stalenessMessage } from '../../../shared/weighting/staleness';
import { computeWeights } from '../../../shared/weighting';
import type { CalibrationModel } from '../../../shared/weighting/types';
import { writeFailure, writeWorkbook, type WriteProgress } from './xlsxWriter';
import { assertWritableTargets } from '../writeTarget';
import { hasTable } from '../db/repos/statements';

/** What to export and where. */
export interface ExportRequest {
  /** The .xlsx to write. */
  out: string;
  sheets?: readonly SheetId[];
  includeIdentifiers?: boolean;
  weight?: string;
  statuses?: readonly ExportableStatus[];
  /** Only cases whose final value of `variable` is one of `codes`. */
  filter?: { variable: string; codes: readonly string[] };
  /** Report tables of the Tables sheet (weight: a scheme name or a weight variable; absent = unweighted). */
  tables?: { variables: readonly string[]; by: string; weight?: string; minN?: number; smallCells?: 'flag' | 'suppress'; indicators?: TablesChoice['indicators'] };
  csv?: { path: string; locale: CsvLocale };
  /** The export profile the choices came from (Info sheet). */
  profile?: string;
  /** SPSS syntax reading the CSV (needs `csv`). */
  sps?: { path: string };
}

/**
 * The variables the Tables sheet reads: the tables' variables and grouping variable, the indicator tables' variables
 * and row conditions, and the Tables weight (when it is a variable).
 */
export function tablesColumns(t: NonNullable<ExportRequest['tables']>): string[] {
  const names = new Set<string>([...t.variables, t.by]);
  for (const ind of t.indicators ?? []) {
    names.add(ind.variable);
    for (const r of ind.rows) if (r.where) names.add(r.where.variable);
  }
  if (t.weight !== undefined) names.add(t.weight);
  return [...names];
}

function hasWeightingTables(db: Database): boolean {
  return hasTable(db, 'weighting_scheme');
}

/**
 * The stored weighting schemes (by name) with the diagnostics of their latest run and whether the data changed since
 * (schemeStaleness), for the Weighting sheet and the export's notes.
 */
export function readWeightingFacts(db: Database): WeightingSchemeFacts[] {
  if (!hasWeightingTables(db)) return [];
  return listSchemeRows(db).map((row) => {
    const r = getResultRow(db, row.id);
    return {
      definition: SchemeDefinitionSchema.parse(JSON.parse(row.definition)),
      result: r ? (JSON.parse(r.diagnostics) as WeightingDiagnostics) : null,
      staleness: schemeStaleness(db, row.name),
    };
  });
}

/**
 * The out-of-date line ({@link stalenessMessage}) of each scheme whose data changed since its run, among the schemes
 * the export shows: all of them when the Weighting sheet is written (`facts`), and the schemes behind the Data weight
 * and the Tables weights (`used`, weight or scheme names), each once, in name order.
 * @returns scheme name → the line
 */
export function staleSchemes(db: Database, facts: readonly WeightingSchemeFacts[], used: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const say = (scheme: string, weights: readonly (string | null)[], st: SchemeStaleness | null | undefined) => {
    if (st?.stale && !out.has(scheme)) out.set(scheme, stalenessMessage(st, weights));
  };
  for (const f of facts) say(f.definition.name, [f.definition.weightVariable, f.definition.weightVariableN], f.staleness);
  for (const name of used) {
    const id = schemeIdOf(db, name);
    const row = id === undefined ? undefined : listSchemeRows(db).find((r) => r.id === id);
    if (!row || out.has(row.name)) continue;
    const def = JSON.parse(row.definition) as { weightVariable?: string | null; weightVariableN?: string | null };
    say(row.name, [def.weightVariable ?? null, def.weightVariableN ?? null], schemeStaleness(db, row.name));
  }
  return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** Flags Tables weights of a scheme whose data changed since its run: the label (the sheet's weight note) says so. */
function flagStale(db: Database, stale: ReadonlyMap<string, string>, name: string, w: TablesWeights): TablesWeights {
  const id = schemeIdOf(db, name);
  const scheme = id === undefined ? undefined : listSchemeRows(db).find((r) => r.id === id)?.name;
  const line = scheme === undefined ? undefined : stale.get(scheme);
  return line === undefined ? w : { ...w, label: `${w.label} — OUT OF DATE: ${line}` };
}

/**
 * The weights of the Tables sheet per dataset row (NaN = no weight): a scheme name gives the population weights
 * of its latest run; a scheme's weight variable (`w_pa`, `w_pa_n`) its stored weights; otherwise a numeric column
 * of the dataset (the export's weight or a questionnaire variable). Scheme weights carry the scheme's calibration
 * model when it applies (see withModel): `models` gives models read beforehand, others are read here; 'fixed' =
 * no model (the indicator tables, whose combined weights are taken as fixed).
 * @throws DomainError INVALID_INPUT when the name is none of these, or the scheme has not been run
 */
export function readTableWeights(db: Database, ds: Dataset, name: string, models: ReadonlyMap<number, SchemeModel | null> | 'fixed' = new Map()): TablesWeights {
  const modelOf = (id: number) => (models === 'fixed' ? null : models.has(id) ? models.get(id)! : schemeModel(db, id));
  const row = ds.caseIds.map((id, i) => [id, i] as const);
  const fromScheme = (schemeId: number, column: 'weight' | 'weightN'): Float64Array => {
    const byId = new Map(schemeWeights(db, schemeId).map((w) => [w.caseId, w[column]]));
    const out = new Float64Array(ds.caseIds.length).fill(Number.NaN);
    for (const [id, i] of row) out[i] = byId.get(id) ?? Number.NaN;
    return out;
  };
  if (hasWeightingTables(db)) {
    const scheme = getSchemeRow(db, name);
    if (scheme) {
      if (!getResultRow(db, scheme.id)) throw new DomainError('INVALID_INPUT', `Tables: weighting scheme ${name} has not been run yet; run it first.`);
      return withModel(ds, modelOf(scheme.id), { values: fromScheme(scheme.id, 'weight'), label: `weighting scheme ${name} (population weights of its latest run)` });
    }
    const ww = weightingWeights(db).find((w) => w.name === name);
    const s = ww ? getSchemeRow(db, ww.scheme) : undefined;
    if (ww && s) return withModel(ds, modelOf(s.id), { values: fromScheme(s.id, ww.column === 'weight' ? 'weight' : 'weightN'), label: `${name} (weighting scheme ${ww.scheme})` });
  }
  const c = ds.columns.find((x): x is NumberColumn => x.kind === 'number' && x.name === name && !x.option);
  if (!c) throw new DomainError('INVALID_INPUT', `Tables: ${name} is neither a weighting scheme nor a weight variable in the export.`);
  return { values: Float64Array.from(ds.caseIds, (_, i) => numberAt(c, i)), label: name };
}

/** A scheme's calibration model over its sample (case IDs in sample order), or why it cannot be used. */
export type SchemeModel = { caseIds: string[]; model: CalibrationModel } | { reason: string };

/**
 * The calibration model of a scheme's latest run, when its inputs are unchanged since that run (same input hash,
 * so recomputing gives the stored weights and the model behind them); else the reason, in words.
 * Reads the scheme's sample like weighting.estimate does; {@link runExport} calls it before loading the export
 * dataset, so the two loads do not hold memory at the same time.
 * @param db the project; @param schemeId the scheme
 * @returns the model, a reason, or null when the scheme has no run
 */
export function schemeModel(db: Database, schemeId: number): SchemeModel | null {
  const row = listSchemeRows(db).find((r) => r.id === schemeId);
  const result = getResultRow(db, schemeId);
  if (!row || !result) return null;
  const stored = JSON.parse(result.diagnostics) as WeightingDiagnostics;
  try {
    const s = loadSchemeSample(db, SchemeDefinitionSchema.parse(JSON.parse(row.definition)));
    if (s.inputHash !== stored.inputHash) return { reason: 'the data changed since the scheme was run' };
    return { caseIds: s.caseIds, model: computeWeights(s.sample, s.spec).model };
  } catch (e) {
    if (e instanceof DomainError) return { reason: `the scheme cannot be recomputed now: ${e.message}` };
    throw e;
  }
}

/** The scheme behind a Tables weight name (a scheme, or a scheme's weight variable), if any. */
function schemeIdOf(db: Database, name: string): number | undefined {
  if (!hasWeightingTables(db)) return undefined;
  const direct = getSchemeRow(db, name);
  if (direct) return direct.id;
  const ww = weightingWeights(db).find((w) => w.name === name);
  return ww ? getSchemeRow(db, ww.scheme)?.id : undefined;
}

/**
 * Adds the scheme's calibration model to its weights (so the Tables CIs are calibration-aware) when that is sound:
 * the model is current ({@link schemeModel}) and the export's weighted rows are exactly the scheme's sample (an
 * export filter that leaves sample cases out would make the residual regression run over a different set).
 * Otherwise the weights are returned as they are (fixed-weight CIs) with the reason in the label.
 * @param ds the export dataset; @param sm the scheme's model (null: no run); @param w its weights per row
 */
function withModel(ds: Dataset, sm: SchemeModel | null, w: TablesWeights): TablesWeights {
  if (!sm) return w;
  if ('reason' in sm) return { ...w, label: `${w.label}; CIs with the weights taken as fixed (${sm.reason})` };
  const rowOf = new Map(ds.caseIds.map((id, i) => [id, i] as const));
  const weighted = w.values.reduce((a, x) => a + (Number.isFinite(x) ? 1 : 0), 0);
  if (weighted !== sm.caseIds.length || sm.caseIds.some((id) => rowOf.get(id) === undefined || !Number.isFinite(w.values[rowOf.get(id)!]!))) {
    return { ...w, label: `${w.label}; CIs with the weights taken as fixed (the export holds ${weighted} of the scheme's ${sm.caseIds.length} weighted cases)` };
  }
  const n = ds.caseIds.length;
  const model: CalibrationModel = { margins: sm.model.margins.map((m) => ({ index: new Int32Array(n), size: m.size })), base: new Float64Array(n) };
  sm.caseIds.forEach((id, k) => {
    const i = rowOf.get(id)!;
    sm.model.margins.forEach((m, j) => (model.margins[j]!.index[i] = m.index[k]!));
    model.base[i] = sm.model.base[k]!;
  });
  return { ...w, model, label: `${w.label}; CIs calibration-aware (the scheme's margins)` };
}

/** What was written. */
export interface ExportReport {
  path: string;
  bytes: number;
  sheets: string[];
  cases: number;
  excluded: number;
  columns: number;
  dataSha256: string;
  truncatedCells: number;
  /** Notes of the export (also on the Info sheet): the out-of-date warnings first, then split sheets and the like. */
  notes: string[];
  /** Warnings a reader must not miss: weighting schemes whose data changed since their run (also in `notes`). */
  warnings: string[];
  csv: { path: string; bytes: number } | null;
  sps: { path: string; bytes: number } | null;
  identifiersIncluded: string[];
}

/** Hooks of a running export. */
export interface ExportHooks {
  signal?: AbortSignal;
  onProgress?: (p: WriteProgress) => void;
  /** Who is exporting (audit log); default the OS user. */
  operator?: string;
  /** Test hook: smaller Excel limits. */
  limits?: SheetLimits;
  /** Pause threshold of the XLSX writer's queue (bytes). */
  queueLimitBytes?: number;
  /** Cases read per chunk (default CHUNK_ROWS; tests use small chunks). */
  chunkRows?: number;
}

function tempBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
}

function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DomainError('CANCELLED', 'The export was cancelled.');
}

/**
 * Writes the CSV of the Data sheet (UTF-8 with BOM, CRLF) to a temporary name and renames it when complete.
 * @throws DomainError CANCELLED, IO_ERROR
 */
async function writeCsv(path: string, lines: () => Iterable<string>, signal?: AbortSignal): Promise<number> {
  const tmp = tempBeside(path);
  const out = createWriteStream(tmp, { encoding: 'utf8' });
  const done = new Promise<void>((res, rej) => {
    out.on('close', res);
    out.on('error', rej);
  });
  try {
    let n = 0;
    let buf = CSV_BOM;
    for (const line of lines()) {
      buf += line;
      if (buf.length > 65_536) {
        if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', r));
        buf = '';
      }
      if ((++n & 4095) === 0) checkAbort(signal);
    }
    out.end(buf);
    await done;
    checkAbort(signal);
    renameSync(tmp, path);
    return statSync(path).size;
  } catch (e) {
    out.destroy();
    await done.catch(() => undefined);
    rmSync(tmp, { force: true });
    if (e instanceof DomainError) throw e;
    throw new DomainError('IO_ERROR', `Cannot write ${path}: ${writeFailure(e)}`);
  }
}

function writeTextAtomic(path: string, text: string): void {
  const tmp = tempBeside(path);
  try {
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new DomainError('IO_ERROR', `Cannot write ${path}: ${writeFailure(e)}`);
  }
}

function logIdentifierExport(db: Database, operator: string, names: string[], req: ExportRequest): void {
  const files = [resolve(req.out), req.csv ? resolve(req.csv.path) : null].filter((x): x is string => x !== null);
  db.prepare("INSERT INTO audit_log (at, operator, source, reason, details) VALUES (?, ?, 'export', ?, ?)").run(
    new Date().toISOString(),
    operator,
    `export with identifying variables: ${names.join(', ') || '(none in the questionnaire)'}`,
    JSON.stringify({ identifiers: names, files }),
  );
}

/**
 * Exports the open project: loads the dataset once, writes the workbook (see {@link writeWorkbook}), then the
 * CSV and the SPSS syntax when asked. With `includeIdentifiers` an audit_log row (source `export`) naming the
 * variables and files is written before any file, so even a failed attempt is on record.
 * @param p the open project (writable when identifiers are included)
 * Every target folder is checked first and all files are written under temporary names, renamed together only when
 * all are complete: a failed export leaves no file behind.
 * @throws DomainError INVALID_INPUT (workbook name not ending in .xlsx, sps without csv, unknown weight, identifiers
 *   from a read-only project, too many columns), CANCELLED, IO_ERROR (`Cannot write <file>: …`, before anything is written
 *   when a folder is missing or not writable)
 */
export async function runExport(p: ProjectDb, req: ExportRequest, hooks: ExportHooks = {}): Promise<ExportReport> {
  if (req.sps && !req.csv) throw new DomainError('INVALID_INPUT', 'The SPSS syntax reads the CSV: ask for a CSV file too.');
  const out = resolve(req.out);
  const csvPath = req.csv ? resolve(req.csv.path) : null;
  const spsPath = req.sps ? resolve(req.sps.path) : null;
  const all = [out, csvPath, spsPath].filter((x): x is string => x !== null);
  if (new Set(all).size !== all.length) throw new DomainError('INVALID_INPUT', 'The workbook, CSV and SPSS files must be different files.');
  if (all.includes(p.path)) throw new DomainError('INVALID_INPUT', 'An export file cannot replace the project file.');
  if (extname(out).toLowerCase() !== '.xlsx') throw new DomainError('INVALID_INPUT', `The report workbook is an Excel file and its name must end in .xlsx: ${out}`);
  // Every target folder is checked before anything is written; the files are written under temporary names and
  // renamed together at the end, so a failed export leaves no file behind (an existing file stays as it was).
  assertWritableTargets(all);
  /** Target → the temporary file it is written to; renamed when every file is complete, removed otherwise. */
  const staged = new Map<string, string>();
  const stage = (target: string): string => {
    let tmp = staged.get(target);
    if (tmp === undefined) staged.set(target, (tmp = tempBeside(target)));
    return tmp;
  };
  const snap = openSnapshot(p);
  const db = snap.db;
  try {
    const wanted = new Set<SheetId>(req.sheets ?? DEFAULT_SHEET_IDS);
    // The Tables weight's calibration model is read first: its sample load is garbage before the dataset is loaded.
    const models = new Map<number, SchemeModel | null>();
    const tablesSchemeId = wanted.has('tables') && req.tables?.weight !== undefined ? schemeIdOf(db, req.tables.weight) : undefined;
    if (tablesSchemeId !== undefined) models.set(tablesSchemeId, schemeModel(db, tablesSchemeId));
    // Schemes whose data changed since their run: said on the Weighting sheet, in the notes and on the Tables sheet.
    const facts = wanted.has('weighting') ? readWeightingFacts(db) : [];
    const tablesWeightNames = wanted.has('tables') && req.tables ? [...(req.tables.weight !== undefined ? [req.tables.weight] : []), ...(req.tables.indicators ?? []).flatMap((t) => t.weights ?? [])] : [];
    const dataWeight = req.weight !== undefined ? [req.weight] : [];
    const stale = staleSchemes(db, facts, [...dataWeight, ...tablesWeightNames]);
    const outOfDate = [...stale.values()];
    const loadOpts = {
      includeIdentifiers: req.includeIdentifiers ?? false,
      ...(req.weight !== undefined ? { weight: req.weight } : {}),
      ...(req.statuses !== undefined ? { statuses: req.statuses } : {}),
      ...(req.filter !== undefined ? { filter: req.filter } : {}),
    };
    // The cases are read in chunks while the sheets are written (Data, Labels, CSV) or counted (Frequencies, SPSS
    // formats): memory does not grow with the number of cases. Opening checks the weight and filter first. All reads go
    // through one snapshot (openSnapshot), so forms keyed during the export are neither mixed in nor a reason to stop.
    const loaded = openDataset(db, loadOpts, hooks.chunkRows);
    if (req.includeIdentifiers) {
      if (p.readOnly) throw new DomainError('INVALID_INPUT', 'Exporting identifying variables is recorded in the audit log: open the project for writing.');
      logIdentifierExport(p.db, hooks.operator ?? osUser(), loaded.identifiers, req);
    }
    const { questionnaire: q, source: ds } = loaded;
    // The Tables sheet estimates over all cases at once: only its own columns are loaded into memory.
    const tablesDs = wanted.has('tables') && req.tables ? loadDataset(db, { ...loadOpts, only: tablesColumns(req.tables) }).dataset : undefined;
    checkAbort(hooks.signal);
    const meta = readMeta(db);
    const statuses = req.statuses ?? ['open', 'complete', 'verified'];
    const em: ExportMeta = {
      projectTitle: meta.title ?? '',
      projectId: meta.project_id ?? '',
      questionnaireId: q.id,
      questionnaireVersion: loaded.questionnaireVersion,
      exportedAt: new Date().toISOString(),
      appVersion: APP_VERSION,
      filters: [`case status: ${statuses.join(', ')}`, ...(req.filter ? [`${req.filter.variable} = ${req.filter.codes.join(' or ')}`] : [])],
      ...(req.profile !== undefined ? { profile: req.profile } : {}),
      excludedCount: ds.excluded.length,
      includeIdentifiers: req.includeIdentifiers ?? false,
      identifiersLeftOut: req.includeIdentifiers ? [] : loaded.identifiers,
    };
    const sheets = workbookSheets(q, ds, {
      ...(req.sheets ? { sheets: req.sheets } : {}),
      ...(tablesDs ? { tablesDataset: tablesDs } : {}),
      ...(hooks.limits ? { limits: hooks.limits } : {}),
      // Read now (not while writing): the background job must not touch the project after this point.
      ...(wanted.has('fieldwork') ? { fieldwork: fieldworkReport(db, 'estimate') } : {}),
      ...(wanted.has('cleaningLog') ? { cleaningLog: readCleaningLog(db) } : {}),
      ...(wanted.has('weighting') ? { weighting: facts } : {}),
      ...(wanted.has('tables') && req.tables
        ? {
          tables: {
            choice: req.tables,
            weights: req.tables.weight !== undefined ? flagStale(db, stale, req.tables.weight, readTableWeights(db, tablesDs!, req.tables.weight, models)) : null,
            // The weights indicator tables name (schemes or weight variables), each read once.
            indicatorWeights: Object.fromEntries([...new Set((req.tables.indicators ?? []).flatMap((t) => t.weights ?? []))].map((n) => [n, flagStale(db, stale, n, readTableWeights(db, tablesDs!, n, 'fixed'))])),
          },
        }
        : {}),
    });
    const wr = await writeWorkbook(stage(out), sheets, (o) => infoSheet(em, ds, { ...o, notes: [...outOfDate, ...o.notes] }), {
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
      ...(hooks.limits ? { limits: hooks.limits } : {}),
      ...(hooks.queueLimitBytes ? { queueLimitBytes: hooks.queueLimitBytes } : {}),
    });
    let csv: ExportReport['csv'] = null;
    let sps: ExportReport['sps'] = null;
    if (req.csv && csvPath) {
      const profile = csvProfile(req.csv.locale);
      const data = dataSheet(q, ds);
      const dateCols = data.columns.map((c) => c.format === 'date');
      hooks.onProgress?.({ phase: 'csv', done: 0, total: data.rowCount });
      const bytes = await writeCsv(
        stage(csvPath),
        function* () {
          yield csvLine(data.columns.map((c) => c.header), dateCols.map(() => false), profile);
          const cells = new Array<string | number | null>(data.columns.length).fill(null);
          for (let r = 0; r < data.rowCount; r++) {
            data.row(r, cells);
            yield csvLine(cells, dateCols, profile);
          }
        },
        hooks.signal,
      );
      csv = { path: csvPath, bytes };
      if (req.sps && spsPath) {
        writeTextAtomic(stage(spsPath), spssSyntax(q, ds, { csvPath, locale: req.csv.locale, title: `Veldwerk export of ${em.projectTitle}, ${em.exportedAt}` }));
        sps = { path: spsPath, bytes: statSync(stage(spsPath)).size };
      }
    }
    for (const [target, tmp] of staged) {
      try {
        renameSync(tmp, target);
      } catch (e) {
        throw new DomainError('IO_ERROR', `Cannot write ${target}: ${writeFailure(e)}`);
      }
    }
    staged.clear();
    return {
      path: out,
      bytes: wr.bytes,
      sheets: wr.sheetNames,
      cases: ds.rowCount,
      excluded: ds.excluded.length,
      columns: ds.columns.length + 1,
      dataSha256: wr.dataSha256,
      truncatedCells: wr.truncatedCells,
      notes: [...outOfDate, ...wr.notes],
      warnings: outOfDate,
      csv,
      sps,
      identifiersIncluded: req.includeIdentifiers ? loaded.identifiers : [],
    };
  } catch (e) {
    // A write error names the temporary file: name the target instead.
    if (e instanceof DomainError) {
      let m = e.message;
      for (const [target, tmp] of staged) m = m.split(tmp).join(target);
      if (m !== e.message) throw new DomainError(e.code, m, e.issues);
    }
    throw e;
  } finally {
    for (const tmp of staged.values()) rmSync(tmp, { force: true });
    snap.end();
  }
}
