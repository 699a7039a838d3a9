// Response import service: inspect a web-survey export, dry run against the questionnaire and the project, import all or nothing; import.* handlers.
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { importApi, ResponseImportReport } from '../../../shared/contract/import';
import { DomainError, type ErrorIssue } from '../../../shared/domain/errors';
import { findVariable, type Questionnaire } from '../../../shared/domain/questionnaire';
import type { CaseIdFormat } from '../../../shared/fieldwork/caseId';
import { createImportAnalyser, type ImportAnalysis, type ImportProblem } from '../../../shared/import/analyse';
import { mapColumns, type ImportMapping } from '../../../shared/import/mapping';
import { isBlank, splitHeader, type HeaderedTable, type RawRow } from '../../../shared/import/table';
import type { HandlerPart } from '../handlerTypes';
import { getCaseIdFormat } from '../db/repos/fieldworkRepo';
import { previousImport, caseIds, readMappings, sampleIds, saveMapping, storeImport } from '../import/importRepo';
import { openResponseFile, type ResponseSource } from '../import/readResponses';
import { replaceBlockedCases } from '../import/replaceBlocks';
import { readInputFile } from './frameReader';
import { requireProject } from './project';
import { questionnaireState } from './questionnaire';

type ReadInput = z.output<(typeof importApi)['import.inspectFile']['input']>;
type RunInput = z.output<(typeof importApi)['import.dryRun']['input']>;
type InspectOutput = z.output<(typeof importApi)['import.inspectFile']['output']>;

function currentQuestionnaire(db: Database): { versionId: number; questionnaire: Questionnaire } {
  const s = questionnaireState(db);
  if (!s) throw new DomainError('NOT_FOUND', 'This project has no questionnaire yet; import one before importing responses.');
  return { versionId: s.versionId, questionnaire: s.questionnaire };
}

/**
 * Merges an explicit mapping over a saved one: scalar choices of `over` win, `columns` and `labels` are merged
 * key by key, `ignore` lists are joined.
 */
export function mergeMappings(base: ImportMapping, over: ImportMapping = {}): ImportMapping {
  const labels: Record<string, Record<string, string>> = { ...(base.labels ?? {}) };
  for (const [v, m] of Object.entries(over.labels ?? {})) labels[v] = { ...(labels[v] ?? {}), ...m };
  const out: ImportMapping = { ...base, ...over };
  if (base.columns || over.columns) out.columns = { ...(base.columns ?? {}), ...(over.columns ?? {}) };
  if (base.ignore || over.ignore) out.ignore = [...new Set([...(base.ignore ?? []), ...(over.ignore ?? [])])];
  if (Object.keys(labels).length > 0) out.labels = labels;
  return out;
}

/**
 * The mapping an import uses: the one saved under `name` (if any) with `explicit` merged over it.
 * @param strict true (an import or dry run): a name with no explicit mapping must name a saved mapping — a typo
 *   must not fall back to automatic mapping and then be saved under the wrong name. false (inspecting a file, where
 *   the name may be the one to save a new mapping under): an unknown name counts as none.
 * @throws DomainError NOT_FOUND "no saved mapping named …" (listing the saved names; issue reason
 *   `import.mapping.unknown`, params name and saved) when strict and the name is unknown
 */
function effectiveMapping(db: Database, name: string | undefined, explicit: ImportMapping | undefined, strict = true): ImportMapping {
  const all = name !== undefined ? readMappings(db) : {};
  const saved = name !== undefined ? all[name]?.mapping : undefined;
  if (strict && name !== undefined && saved === undefined && explicit === undefined) {
    const names = Object.keys(all).sort();
    const list = names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : 'none';
    throw new DomainError('NOT_FOUND', `no saved mapping named "${name}" (saved mappings: ${list}).`, [
      { message: `no saved mapping named "${name}"`, reason: 'import.mapping.unknown', params: { name, saved: names.join(', ') } },
    ]);
  }
  return mergeMappings(saved ?? {}, explicit ?? {});
}

/** Most invalid-UTF-8 cells listed in the error of a forced UTF-8 reading. */
const MAX_ENCODING_ISSUES = 20;

/**
 * The error for a file read with a forced UTF-8 that is not valid UTF-8: each cell holding a replacement
 * character (U+FFFD, where a byte sequence could not be decoded), with its row and column; the file is likely
 * Windows-1252 (Excel "CSV" on Windows).
 */
function invalidUtf8Error(file: string, cells: { row: number; col: number }[], header: readonly string[]): DomainError {
  const located = cells.length > 0 ? cells : [{ row: 1, col: 0 }];
  const issues = located.slice(0, MAX_ENCODING_ISSUES).map(({ row, col }) => {
    const column = col > 0 ? header[col - 1] || `#${col}` : undefined;
    return { file, row, ...(column !== undefined ? { column } : {}), message: 'invalid UTF-8 byte sequence', reason: 'import.file.encoding', params: { file, row, ...(column !== undefined ? { column } : {}) } };
  });
  const first = issues[0]!;
  return new DomainError('IMPORT_INVALID', `${file} is not valid UTF-8 (first at row ${first.row}${first.column !== undefined ? `, column ${first.column}` : ''}); it is probably windows-1252: read it with encoding windows-1252 or auto.`, issues);
}

/**
 * Opens the file and splits off its header rows (using the questionnaire's question texts to recognise them),
 * then hands every data row to the sink `onHead` returns; blank rows are left out. Only the first few rows
 * (the header candidates) are held; the rest stream through.
 * @returns the source (how the file was read) and the header part of the table (its `rows` empty)
 */
async function streamTable(input: ReadInput, q: Questionnaire, mapping: ImportMapping, onHead: (head: HeaderedTable, src: ResponseSource) => (r: RawRow) => void): Promise<{ src: ResponseSource; head: HeaderedTable }> {
  const src = await openResponseFile(input.file, { encoding: input.encoding, ...(input.sheet !== undefined ? { sheet: input.sheet } : {}) });
  if (src.format === 'csv' && input.sheet !== undefined) {
    throw new DomainError('IMPORT_INVALID', `${src.file} is a CSV file: a sheet ("${input.sheet}") can only be chosen in an .xlsx workbook.`, [
      { file: src.file, sheet: input.sheet, message: 'sheet given for a CSV file', reason: 'import.file.sheetOnCsv', params: { file: src.file, sheet: input.sheet } },
    ]);
  }
  // A forced UTF-8 on bytes that are not UTF-8 would store replacement characters (U+FFFD): a file-level error,
  // located by the cells that hold one. Only then are cells scanned (auto detection never gets here).
  const badUtf8 = input.encoding === 'utf-8' && src.format === 'csv' && !isUtf8((await readInputFile(input.file)).buf);
  const badCells: { row: number; col: number }[] = [];
  // Header detection looks at the first three filled rows at most (the names and two more); a chosen number of
  // header rows needs that many.
  const wanted = input.headerRows ?? 3;
  const first: RawRow[] = [];
  let head: HeaderedTable | undefined;
  let sink: ((r: RawRow) => void) | undefined;
  const decide = (): void => {
    const raw = { file: src.file, ...(src.sheet !== undefined ? { sheet: src.sheet } : {}), rows: first, unreadable: src.unreadable };
    let t = splitHeader(raw, 1);
    if (input.headerRows !== undefined) t = splitHeader(raw, input.headerRows);
    else {
      const labels = mapColumns(t.header, q, mapping).map((c) => {
        const v = c.target.kind === 'variable' || c.target.kind === 'option' ? findVariable(q, c.target.variable) : undefined;
        return v ? Object.values(v.label) : undefined;
      });
      t = splitHeader(raw, undefined, labels);
    }
    const rows = t.rows;
    head = { ...t, rows: [] };
    sink = onHead(head, src);
    for (const r of rows) sink(r);
  };
  src.forEachRow((r) => {
    if (badUtf8 && badCells.length < MAX_ENCODING_ISSUES) r.cells.forEach((c, i) => c !== null && c.includes('\ufffd') && badCells.push({ row: r.row, col: i + 1 }));
    if (!r.cells.some((c) => !isBlank(c))) return;
    if (sink) sink(r);
    else {
      first.push(r);
      if (first.length >= wanted) decide();
    }
  });
  if (!sink) decide();
  if (badUtf8) throw invalidUtf8Error(src.file, badCells, head!.header);
  return { src, head: head! };
}
/**
 * Describes a response file without storing anything: encoding, delimiter, sheets, header rows, the first 20 data
 * rows and the automatic (or saved) mapping of its columns.
 * @param db the open project (for the questionnaire and saved mappings); @param input file and reading options
 * @throws DomainError NOT_FOUND (no file / no questionnaire), IO_ERROR, IMPORT_INVALID (unreadable file)
 */
export async function inspectResponseFile(db: Database, input: ReadInput): Promise<InspectOutput> {
  const { questionnaire: q } = currentQuestionnaire(db);
  const mapping = effectiveMapping(db, input.mappingName, undefined, false);
  const preview: RawRow[] = [];
  let rows = 0;
  const { src: read, head: table } = await streamTable(input, q, mapping, () => (r) => {
    if (rows++ < 20) preview.push(r);
  });
  const cols = mapColumns(table.header, q, mapping);
  return {
    file: table.file,
    sha256: read.sha256,
    format: read.format,
    encoding: read.encoding,
    delimiter: read.delimiter,
    sheet: table.sheet ?? null,
    sheets: read.sheets,
    headerRows: 1 + table.extraHeaderRows.length,
    header: table.header,
    extraHeaderRows: table.extraHeaderRows.map((r) => r.cells.map((c) => c ?? '')),
    duplicateHeaders: table.duplicateHeaders,
    rows,
    preview: preview.map((r) => ({ row: r.row, cells: r.cells.map((c) => c ?? '') })),
    columns: cols.map((c) => ({
      col: c.col,
      header: c.header,
      target: c.target.kind,
      ...(c.target.kind === 'variable' || c.target.kind === 'option' ? { variable: c.target.variable } : {}),
      ...(c.target.kind === 'option' ? { code: c.target.code } : {}),
      how: c.how,
    })),
  };
}

/** A blocking problem as an error issue: located, with reason `import.problem.<kind>` and the problem's params (plus caseId). */
function issueOf(p: ImportProblem): ErrorIssue {
  const where = [p.caseId !== undefined ? `case ${p.caseId}` : undefined, p.variable !== undefined ? `variable ${p.variable}` : undefined].filter(Boolean).join(', ');
  return {
    message: `${p.kind}: ${p.message}${where ? ` (${where})` : ''}`,
    file: p.file,
    ...(p.sheet !== undefined ? { sheet: p.sheet } : {}),
    ...(p.row !== undefined ? { row: p.row } : {}),
    ...(p.column !== undefined ? { column: p.column } : {}),
    ...(p.value !== undefined ? { value: p.value } : {}),
    reason: `import.problem.${p.kind}`,
    params: { ...(p.params ?? {}), ...(p.caseId !== undefined ? { caseId: p.caseId } : {}), ...(p.variable !== undefined ? { variable: p.variable } : {}) },
  };
}

/** A valid dry run kept for the commit that follows it, with everything its outcome depended on. */
interface KeptDryRun {
  /** File bytes (SHA-256), reading options, mapping, onDuplicate, questionnaire (version and content), today. */
  key: string;
  existing: ReadonlySet<string>;
  sample: ReadonlySet<string>;
  previous: string;
  /** The replace-blocked cases ({@link replaceBlockedCases}) as JSON. */
  blocked: string;
  report: ResponseImportReport;
  analysis: ImportAnalysis;
}

/** Most characters of case values a kept dry run may hold (a larger file is read again by its commit). */
const KEEP_AT_MOST = 256 * 1024 * 1024;

/** The last valid dry run per open project (dropped with the connection, or taken by the next import). */
const keptDryRuns = new WeakMap<Database, KeptDryRun>();

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));

/** The inputs an analysis depends on besides the project's case IDs, sample and earlier imports. */
function analysisKey(sha256: string, input: RunInput, versionId: number, q: Questionnaire, mapping: ImportMapping, today: string, idFormat: CaseIdFormat): string {
  return JSON.stringify([sha256, input.encoding, input.sheet ?? null, input.headerRows ?? null, input.onDuplicate, versionId, q, mapping, today, idFormat]);
}

/**
 * Dry-runs or imports a response file. The dry run reports every column and problem and stores nothing; the
 * import runs the same analysis and, when it found no error (structural problem), stores every case in one
 * transaction (responses as pass 1, source 'import', status complete for complete responses, one audit row with
 * a batch id, file name and SHA-256), and saves the mapping under `mappingName`. The file is read row by row
 * (never held as rows of text). An import right after a valid dry run of the same file bytes (SHA-256), options,
 * mapping, questionnaire, case-ID format and day, with the project's case IDs, sample and earlier imports unchanged,
 * reuses that dry run's analysis (kept when its case values are at most 256 Mi characters) instead of reading
 * and checking the file again: the outcome is the same.
 * @param db the open project; @param input file, reading options, mapping, onDuplicate; @param operator who imports
 * @param dryRun true: analyse only
 * @param opts.expectedSha256 the SHA-256 of the file as the dry run the user saw read it: a different file is refused
 * @returns the report (imported/replaced = 0 for a dry run)
 * @throws DomainError IMPORT_INVALID with every blocking problem located (file, sheet, row, column, value) —
 *   nothing stored; NOT_FOUND (file, questionnaire); IO_ERROR
 */
export async function importResponses(db: Database, input: RunInput, operator: string, dryRun: boolean, opts: { expectedSha256?: string | undefined } = {}): Promise<ResponseImportReport> {
  const { versionId, questionnaire: q } = currentQuestionnaire(db);
  const mapping = effectiveMapping(db, input.mappingName, input.mapping);
  const today = new Date().toISOString().slice(0, 10);
  const existing = caseIds(db);
  const sample = sampleIds(db);
  const idFormat = getCaseIdFormat(db);
  // Only a replacing import needs them (one query, not per row).
  const replaceBlocked = input.onDuplicate === 'replace' ? replaceBlockedCases(db) : new Map<string, 'replaceKeyed' | 'replaceCleaned'>();
  const blocked = JSON.stringify([...replaceBlocked]);
  const kept = keptDryRuns.get(db);
  keptDryRuns.delete(db);
  let report: ResponseImportReport | undefined;
  let a: ImportAnalysis | undefined;
  if (!dryRun && kept) {
    const { sha256 } = await readInputFile(input.file);
    if (kept.key === analysisKey(sha256, input, versionId, q, mapping, today, idFormat) && kept.previous === JSON.stringify(previousImport(db, sha256)) && sameSet(kept.existing, existing) && sameSet(kept.sample, sample) && kept.blocked === blocked) {
      report = { ...kept.report, dryRun: false };
      a = kept.analysis;
    }
  }
  if (!report || !a) {
    let analyser: ReturnType<typeof createImportAnalyser> | undefined;
    const { src: read, head: table } = await streamTable(input, q, mapping, (head, src) => {
      analyser = createImportAnalyser(head, q, mapping, {
        existingCaseIds: existing,
        sampleCaseIds: sample,
        caseIdFormat: idFormat,
        delimiter: src.delimiter,
        previousImport: previousImport(db, src.sha256),
        onDuplicate: input.onDuplicate,
        replaceBlocked,
        today,
      });
      return analyser.addRow;
    });
    a = analyser!.finish();
    report = {
      file: table.file,
      sha256: read.sha256,
      format: read.format,
      encoding: read.encoding,
      delimiter: read.delimiter,
      sheet: table.sheet ?? null,
      sheets: read.sheets,
      headerRows: 1 + table.extraHeaderRows.length,
      rows: a.rows,
      valid: a.errors.length === 0,
      dryRun,
      imported: 0,
      replaced: 0,
      skipped: a.skipped,
      complete: a.complete,
      batchId: null,
      columns: a.columns,
      unmappedLabels: a.unmappedLabels,
      counts: a.counts,
      truncated: a.truncated,
      errors: a.errors,
      warnings: a.warnings,
      mapping,
    };
    if (dryRun && a.errors.length === 0 && a.cases.reduce((n, c) => n + c.valuesJson.length, 0) <= KEEP_AT_MOST) {
      keptDryRuns.set(db, { key: analysisKey(read.sha256, input, versionId, q, mapping, today, idFormat), existing, sample, previous: JSON.stringify(previousImport(db, read.sha256)), blocked, report, analysis: a });
    }
  }
  if (dryRun) return report;
  if (opts.expectedSha256 !== undefined && report.sha256 !== opts.expectedSha256) {
    throw new DomainError('IMPORT_INVALID', `${report.file} has changed since it was checked (SHA-256 ${report.sha256.slice(0, 12)}…, checked ${opts.expectedSha256.slice(0, 12)}…); check it again before importing. Nothing was imported.`, [
      { file: report.file, message: 'file changed since the dry run', reason: 'import.file.changed', params: { file: report.file } },
    ]);
  }
  if (a.errors.length > 0) {
    const errs = a.errors;
    const n = Object.entries(a.counts).filter(([k]) => errs.some((e) => e.kind === k)).reduce((s, [, c]) => s + c, 0);
    throw new DomainError('IMPORT_INVALID', `${report.file}: ${n} blocking problem${n === 1 ? '' : 's'}; nothing was imported.`, errs.map(issueOf));
  }
  const batchId = randomUUID();
  const stored = storeImport(db, { batchId, file: report.file, sheet: report.sheet, sha256: report.sha256, operator, versionId, rows: a.rows, skipped: a.skipped, mappingName: input.mappingName ?? null, mapping }, a.cases);
  return { ...report, imported: stored.imported, replaced: stored.replaced, batchId };
}

/** Handlers of the import.* channels. */
export const importHandlers = {
  'import.inspectFile': async (input, { session }) => inspectResponseFile(requireProject(session).db, input),
  'import.dryRun': async (input, { session }) => importResponses(requireProject(session).db, input, 'dry-run', true),
  'import.run': async ({ operator, expectedSha256, ...input }, { session }) => {
    const p = requireProject(session);
    if (p.readOnly) throw new DomainError('INVALID_INPUT', 'The project is open read-only.');
    return importResponses(p.db, input, operator, false, { expectedSha256 });
  },
  'import.listMappings': (_input, { session }) =>
    Object.entries(readMappings(requireProject(session).db)).map(([name, m]) => ({ name, savedAt: m.savedAt, mapping: m.mapping })),
  'import.saveMapping': ({ name, mapping }, { session }) => {
    const p = requireProject(session);
    if (p.readOnly) throw new DomainError('INVALID_INPUT', 'The project is open read-only.');
    const savedAt = new Date().toISOString();
    saveMapping(p.db, name, mapping, savedAt);
    return { name, savedAt };
  },
} satisfies HandlerPart<'import.inspectFile' | 'import.dryRun' | 'import.run' | 'import.listMappings' | 'import.saveMapping'>;
