// The dry run of a response import: every row converted and checked → column and row report, blocking errors vs value-level warnings, the cases to store.
import { createChecker, type ViolationKind } from '../checks/checker';
import { checkCaseId, type CaseIdFormat } from '../fieldwork/caseId';
import { findList, isEnterable, type Questionnaire } from '../domain/questionnaire';
import { mapColumns, mappedVariables, type ColumnTarget, type ImportMapping, type MappedColumn } from './mapping';
import { isBlank, type HeaderedTable, type RawRow } from './table';
import { codeBook, convertCell, readOptionFlag, type CodeBook } from './values';

/** Structural problems stop the import; value-level ones (checks, routing) are stored as they came and reported. */
export type ImportProblemKind =
  | 'noData'
  | 'formulaWithoutValue'
  | 'duplicateHeader'
  | 'unmappedColumn'
  | 'columnConflict'
  | 'noCaseIdColumn'
  | 'emptyCaseId'
  | 'duplicateInFile'
  | 'duplicateInProject'
  | 'alreadyImported'
  | 'unstorable'
  | 'layoutDisagree'
  | 'notInSample'
  | 'caseIdCheckDigit'
  | 'caseIdLostZeros'
  | 'replaceKeyed'
  | 'replaceCleaned'
  | ViolationKind;

/** One problem, located by file, sheet, row, column, case ID and variable. */
export interface ImportProblem {
  kind: ImportProblemKind;
  severity: 'error' | 'warning';
  file: string;
  sheet?: string;
  row?: number;
  column?: string;
  caseId?: string;
  variable?: string;
  value?: string;
  /** English message (the UI renders its own from `kind` and `params`). */
  message: string;
  /** Named parts of the message (counts, other rows, codes, bounds) for a message in the UI language. */
  params?: Record<string, string | number>;
}

/** What to do with a case ID that is already in the project or earlier in the file. */
export type OnDuplicate = 'refuse' | 'skip' | 'replace';

/** The project facts an analysis needs. */
export interface ImportContext {
  /** Case IDs of case_record (keyed, imported or example). */
  existingCaseIds: ReadonlySet<string>;
  /** Case IDs of the sample, when there is one (IDs outside it are reported as warnings). */
  sampleCaseIds?: ReadonlySet<string>;
  /**
   * The project's case-ID format. A case ID of its form (prefix, digits) whose check digit fails, and that is not
   * in the sample, is a structural error: the case cannot be linked to a sample unit. IDs of another form (a web
   * tool's own IDs, 18-digit numbers) are kept as text. Left out, or scheme 'none': no check.
   */
  caseIdFormat?: CaseIdFormat;
  /** The CSV delimiter (null/left out for XLSX): with `,` a `1,234` is not read as a decimal comma ({@link convertCell}). */
  delimiter?: string | null;
  /** An earlier import of a file with the same SHA-256. */
  previousImport?: { batchId: string; at: string } | null;
  onDuplicate: OnDuplicate;
  /**
   * Project cases a replacing import (onDuplicate 'replace') may not overwrite, by case ID: 'replaceKeyed' for a
   * case that did not come from an import (keyed on paper, possibly verified: its double-keyed passes would be
   * lost), 'replaceCleaned' for an imported case with cleaning (a correction, an accepted warning, an exclusion in
   * force: they would outlive the answers they were made on). Such a row is a structural error.
   */
  replaceBlocked?: ReadonlyMap<string, 'replaceKeyed' | 'replaceCleaned'>;
  /** "YYYY-MM-DD" for today() in checks. */
  today: string;
  /** Most problems listed per severity (counts stay complete). Default 100,000. */
  maxProblems?: number;
}

/**
 * One case to store: values by variable ('' left out) as the text of a JSON object — one string per case keeps
 * a 100,000-case import small and cheap for the garbage collector, and is what the store hands to SQLite —
 * complete or not, replacing an existing case or new.
 */
export interface ImportCase {
  row: number;
  caseId: string;
  /** JSON object text: variable name → value, in questionnaire order (read it with {@link caseValues}). */
  valuesJson: string;
  complete: boolean;
  replace: boolean;
  /** Required enterable questions on the case's route (as keying's end-of-form summary counts them). */
  requiredOnRoute: number;
  /** Of those, the ones answered (user-missing codes count): with requiredOnRoute the base of the case's AAPOR grade. */
  requiredAnswered: number;
}

/** Per-column summary of a dry run. */
export interface ColumnReport {
  col: number;
  header: string;
  target: ColumnTarget['kind'];
  variable?: string;
  code?: string;
  reason?: string;
  how: 'auto' | 'explicit';
  /** Non-blank data cells. */
  filled: number;
  /** Codes that differed only by surrounding white space (normalised). */
  trimmed: number;
  labelsMapped: number;
  /** Value-level problems found in this column. */
  problems: number;
}

/** The outcome of {@link analyseImport}. */
export interface ImportAnalysis {
  rows: number;
  columns: ColumnReport[];
  /** Answers of the file that are neither a code nor a known label: resolve them in the mapping's `labels`. */
  unmappedLabels: { variable: string; column: string; label: string; count: number }[];
  errors: ImportProblem[];
  warnings: ImportProblem[];
  /** Count per problem kind (complete even when the lists are cut). */
  counts: Record<string, number>;
  truncated: boolean;
  cases: ImportCase[];
  skipped: number;
  replaced: number;
  complete: number;
}

/** The values of an {@link ImportCase} as an object (variable name → value). */
export function caseValues(c: ImportCase): Record<string, string> {
  return JSON.parse(c.valuesJson) as Record<string, string>;
}

const DIGITS = /^[0-9]+$/;
/** Text JSON.stringify writes as it is between quotes: no quote, backslash, control character or surrogate (escaped when lone). */
// eslint-disable-next-line no-control-regex -- the control characters are what the test is for
const JSON_SAFE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
/** A string of digits without its leading zeros ('0' for zeros only). */
const stripZeros = (id: string): string => id.replace(/^0+(?=.)/, '');

const NOT_DONE = new Set(['', '0', 'false', 'no', 'nee', 'n', 'onwaar']);

/** The header part of a table an analyser needs (its rows come one at a time). */
export type TableHead = Omit<HeaderedTable, 'rows' | 'extraHeaderRows'>;

/** An analysis fed one data row at a time ({@link createImportAnalyser}). */
export interface ImportAnalyser {
  /** Converts and checks one data row (rows of the table after its header rows, blank rows left out, in order). */
  addRow(r: RawRow): void;
  /** The analysis of every row added. Call once, after the last row. */
  finish(): ImportAnalysis;
}

/** Most distinct cell texts per column whose conversion is remembered (codes, numbers, dates repeat a lot). */
const CONVERSION_CACHE = 20_000;

/** A cell's conversion as the analysis uses it: the value, what was done, and its unmapped (non-numeric) labels. */
interface CachedConversion {
  value: string;
  trimmed: boolean;
  labelsMapped: number;
  unmapped: string[];
}

/**
 * Analyses a headered table against a questionnaire: maps columns ({@link mapColumns}), converts every cell
 * ({@link convertCell}), checks every row with shared/checks (routing, codes, ranges, types, hard and soft checks),
 * finds duplicate case IDs in the file and against the project.
 * Errors (they stop the import): no data, no case-ID column, an unmapped column that is not ignored, two columns
 * for one target, a cell that cannot be read (formula without cached value) or stored (a 0/1 column holding
 * something else), an empty case ID, a case ID of the project's form whose check digit fails (not in the sample), a case ID of
 * digits that is a sample/project ID or another row's ID with leading zeros lost (125 for 0000125; checked when the
 * project has a sample or a case-ID format), with onDuplicate 'replace' a project case that may not be replaced
 * (`ctx.replaceBlocked`: keyed on paper, or cleaned), and — with onDuplicate 'refuse' — duplicate case IDs and a file
 * imported before. Warnings (stored as they came and flagged): every check violation, both multiple-choice layouts
 * disagreeing (the one-column value is kept), case IDs outside the sample, duplicates skipped or replaced.
 * A row is complete when the completeness column says so, or — without one — when no required answer is missing.
 * @param t the headered table; @param q the questionnaire; @param mapping explicit mapping; @param ctx project facts
 * @returns the report parts and the cases to store (empty of nothing when there are errors)
 */
export function analyseImport(t: HeaderedTable, q: Questionnaire, mapping: ImportMapping, ctx: ImportContext): ImportAnalysis {
  const a = createImportAnalyser(t, q, mapping, ctx);
  for (const r of t.rows) a.addRow(r);
  return a.finish();
}

/**
 * The analysis of {@link analyseImport}, fed row by row so a file need not be held in memory as text: the same
 * problems in the same order (header problems first, then row problems in row order). A column that maps to
 * nothing and stays blank in every row is ignored quietly ('empty'), decided when the rows are done.
 * Cell conversions are remembered per column for repeated texts (at most {@link CONVERSION_CACHE} per column).
 * @param t the table's header (file, sheet, header names, duplicate headers, unreadable cells)
 * @param q the questionnaire; @param mapping explicit mapping; @param ctx project facts
 * @returns the analyser: addRow for every data row, then finish
 */
export function createImportAnalyser(t: TableHead, q: Questionnaire, mapping: ImportMapping, ctx: ImportContext): ImportAnalyser {
  const max = ctx.maxProblems ?? 100_000;
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const counts: Record<string, number> = {};
  let truncated = false;
  const loc = { file: t.file, ...(t.sheet !== undefined ? { sheet: t.sheet } : {}) };
  let hasErrors = false;
  const add = (p: Omit<ImportProblem, 'file' | 'sheet'>): void => {
    if (p.severity === 'error') hasErrors = true;
    counts[p.kind] = (counts[p.kind] ?? 0) + 1;
    const list = p.severity === 'error' ? errors : warnings;
    if (list.length < max) list.push({ ...loc, ...p });
    else truncated = true;
  };

  const cols = mapColumns(t.header, q, mapping);
  const name = (c: MappedColumn): string => c.header || `#${c.col}`;
  const targetKey = (x: ColumnTarget): string | null =>
    x.kind === 'caseId' || x.kind === 'complete' ? x.kind : x.kind === 'variable' ? `v:${x.variable}` : x.kind === 'option' ? `o:${x.variable}:${x.code}` : null;
  const byTarget = new Map<string, MappedColumn[]>();
  for (const c of cols) {
    const k = targetKey(c.target);
    if (k !== null) byTarget.set(k, [...(byTarget.get(k) ?? []), c]);
  }
  const idCol = cols.find((c) => c.target.kind === 'caseId');

  const vars = mappedVariables(q, cols);
  const books = new Map<string, CodeBook>();
  for (const mv of vars) {
    if (mv.variable.type === 'single' || mv.variable.type === 'multiple') books.set(mv.variable.name, codeBook(q, mv.variable, mapping.labels?.[mv.variable.name] ?? {}));
  }
  const optionLabels = new Map<string, string[]>();
  for (const mv of vars) {
    const list = mv.variable.listName !== undefined ? findList(q, mv.variable.listName) : undefined;
    for (const c of list?.choices ?? []) optionLabels.set(`${mv.variable.name}\u0000${c.code}`, Object.values(c.label).map((l) => l.trim().toLowerCase()));
  }
  const colOf = new Map(vars.map((mv) => [mv.variable.name, mv.single ?? mv.options[0]!]));
  const report = new Map<number, ColumnReport>(
    cols.map((c) => [
      c.col,
      {
        col: c.col,
        header: c.header,
        target: c.target.kind,
        ...(c.target.kind === 'variable' || c.target.kind === 'option' ? { variable: c.target.variable } : {}),
        ...(c.target.kind === 'option' ? { code: c.target.code } : {}),
        ...(c.target.kind === 'ignored' ? { reason: c.target.reason } : {}),
        how: c.how,
        filled: 0,
        trimmed: 0,
        labelsMapped: 0,
        problems: 0,
      },
    ]),
  );
  const unmapped = new Map<string, { variable: string; column: string; label: string; count: number }>();
  const completeCol = cols.find((c) => c.target.kind === 'complete');
  const checker = createChecker(q);
  // Slots of the required questions a respondent answers (notes and calculations are never asked).
  const requiredSlots = checker.router.variables.flatMap((v, i) => (v.required && isEnterable(v) ? [i] : []));
  const checkDigits = ctx.caseIdFormat && ctx.caseIdFormat.scheme !== 'none' ? ctx.caseIdFormat : undefined;
  const cases: ImportCase[] = [];
  const firstRow = new Map<string, number>();
  // Case IDs of digits only, by their number without leading zeros (Excel drops them: 0000125 → 125): the
  // sample's and project's IDs, and the file's own IDs as they come. Built once; one lookup per row.
  const lostZeros = (ctx.sampleCaseIds && ctx.sampleCaseIds.size > 0) || ctx.caseIdFormat ? new Map<string, string>() : undefined;
  if (lostZeros) {
    for (const ids of [ctx.sampleCaseIds ?? [], ctx.existingCaseIds]) for (const id of ids) if (DIGITS.test(id) && !lostZeros.has(stripZeros(id))) lostZeros.set(stripZeros(id), id);
  }
  const fileNumbers = new Map<string, { id: string; row: number }>();
  let skipped = 0;
  let replaced = 0;
  let rowCount = 0;

  // Per-column and per-variable lookups done once, not per cell.
  const reportOf = cols.map((c) => report.get(c.col)!);
  const colIndex = cols.map((c) => c.col - 1);
  const plans = vars.map((mv) => ({
    mv,
    v: mv.variable,
    book: books.get(mv.variable.name),
    single: mv.single,
    singleIndex: mv.single ? mv.single.col - 1 : -1,
    singleReport: mv.single ? report.get(mv.single.col)! : undefined,
    singleName: mv.single ? name(mv.single) : '',
    cache: new Map<string, CachedConversion>(),
    codeOf: new Map([...(books.get(mv.variable.name)?.codes ?? [])].map((c) => [c, c])),
    options: mv.options.flatMap((oc) => (oc.target.kind === 'option' ? [{ oc, index: oc.col - 1, code: oc.target.code, labels: optionLabels.get(`${mv.variable.name}\u0000${oc.target.code}`) ?? [] }] : [])),
    optionCodes: mv.options.map((o) => (o.target.kind === 'option' ? o.target.code : '')),
    slot: checker.router.slotOf(mv.variable.name)!,
    /** `"name":` — the case's JSON object is written key by key (valuesJson), not built and stringified. */
    keyJson: `${JSON.stringify(mv.variable.name)}:`,
  }));
  // One route evaluation reused for every row (its state is read before the next row), fed by slot.
  const evaluate = checker.router.evaluator();
  const raw: (string | undefined)[] = new Array<string | undefined>(checker.router.variables.length).fill(undefined);
  const jsonParts: string[] = [];
  type Plan = (typeof plans)[number];
  const convertOpts = { commaGroupsThousands: ctx.delimiter === ',' };
  /** Converts a cell of a plan's one column (remembered per distinct text). */
  const convert = (p: Plan, cell: string | null): CachedConversion => {
    const hit = cell !== null ? p.cache.get(cell) : undefined;
    if (hit) return hit;
    const conv = convertCell(q, p.v, cell, p.book, convertOpts);
    const res: CachedConversion = { value: conv.value, trimmed: conv.trimmed, labelsMapped: conv.labelsMapped, unmapped: conv.unknown.filter((u) => !/^[+-]?\d+([.,]\d+)?$/.test(u)) };
    if (cell !== null && p.cache.size < CONVERSION_CACHE && p.v.type !== 'text') p.cache.set(cell, res);
    return res;
  };

  const addRow = (r: RawRow): void => {
    rowCount++;
    const cells = r.cells;
    for (let i = 0; i < colIndex.length; i++) if (!isBlank(cells[colIndex[i]!])) reportOf[i]!.filled++;
    const caseId = idCol ? (cells[idCol.col - 1] ?? '').trim() : '';
    const at = { row: r.row, ...(caseId !== '' ? { caseId } : {}) };
    if (idCol && caseId === '') add({ kind: 'emptyCaseId', severity: 'error', ...at, column: name(idCol), params: { row: r.row }, message: `Row ${r.row} has no case ID.` });
    // The row's values by route slot (for the checks) and as the text of a JSON object (what the store keeps):
    // written once, key by key in questionnaire order — the same text JSON.stringify gives an object built in that order.
    raw.fill(undefined);
    // Pieces joined once: a string grown with += would stay a rope of ~200 pieces per case (twice the memory).
    jsonParts.length = 0;
    for (const p of plans) {
      const { v, book } = p;
      let single: string | undefined;
      if (p.single) {
        const cell = cells[p.singleIndex] ?? null;
        const code = book && cell !== null ? p.codeOf.get(cell) : undefined;
        if (code !== undefined) single = code; // the common case: a code as it is (the book's own string, not the cell's)
        else {
          const cr = p.singleReport!;
          const conv = convert(p, cell);
          if (conv.trimmed) cr.trimmed++;
          cr.labelsMapped += conv.labelsMapped;
          if (conv.unmapped.length > 0) {
            for (const u of conv.unmapped) {
              const k = `${v.name}\u0000${u}`;
              const e = unmapped.get(k) ?? { variable: v.name, column: p.singleName, label: u, count: 0 };
              e.count++;
              unmapped.set(k, e);
            }
          }
          single = conv.value;
        }
      }
      let fromOptions: string | undefined;
      if (p.options.length > 0) {
        const chosen: string[] = [];
        for (const o of p.options) {
          const cell = cells[o.index] ?? null;
          const f = readOptionFlag(cell, o.code, o.labels);
          if (f === null) add({ kind: 'unstorable', severity: 'error', ...at, column: name(o.oc), variable: v.name, value: cell ?? '', params: { column: name(o.oc), value: cell ?? '' }, message: `${name(o.oc)} must be 1 (chosen) or 0/empty (not chosen), not "${cell ?? ''}".` });
          else if (f) chosen.push(o.code);
        }
        fromOptions = chosen.join(' ');
        if (book) fromOptions = chosen.length > 0 ? chosen.sort((a, b) => book.order.indexOf(a) - book.order.indexOf(b)).join(' ') : '';
      }
      if (single !== undefined && fromOptions !== undefined && p.single) {
        const a = single.split(' ').filter((x) => x !== '').sort().join(' ');
        const b = fromOptions.split(' ').filter((x) => x !== '').sort().join(' ');
        // The 0/1 columns only cover list codes; a user-missing code in the one column is no disagreement.
        const aListed = single.split(' ').filter((x) => p.optionCodes.includes(x)).sort().join(' ');
        if (a !== b && aListed !== b) {
          p.singleReport!.problems++;
          add({ kind: 'layoutDisagree', severity: 'warning', ...at, column: p.singleName, variable: v.name, value: single, params: { variable: v.name, column: single, options: fromOptions }, message: `${v.name}: the column says "${single}", the 0/1 columns say "${fromOptions}"; the column's value is kept.` });
        }
      }
      const value = single ?? fromOptions ?? '';
      if (value !== '') {
        raw[p.slot] = value;
        jsonParts.push(p.keyJson + (JSON_SAFE.test(value) ? `"${value}"` : JSON.stringify(value)));
      }
    }
    const valuesJson = `{${jsonParts.join(',')}}`;
    const state = evaluate(raw, ctx.today);
    const violations = checker.checkState(state, { today: ctx.today });
    let requiredEmpty = 0;
    for (const x of violations) {
      if (x.kind === 'required') requiredEmpty++;
      const c = colOf.get(x.variable);
      if (c) report.get(c.col)!.problems++;
      add({ kind: x.kind, severity: 'warning', ...at, ...(c ? { column: name(c) } : {}), variable: x.variable, value: x.value, ...(x.params ? { params: { ...x.params } } : {}), message: x.message });
    }
    if (caseId === '') return;
    const complete = completeCol ? !NOT_DONE.has((cells[completeCol.col - 1] ?? '').trim().toLowerCase()) : requiredEmpty === 0;
    let requiredOnRoute = 0;
    for (const slot of requiredSlots) if (state.onRoute[slot] === true) requiredOnRoute++;
    const inSample = ctx.sampleCaseIds?.has(caseId) ?? false;
    let zerosLost = false;
    if (lostZeros && !inSample && DIGITS.test(caseId)) {
      // The same number as a sample/project ID or another row's ID, with other leading zeros: one case under two IDs.
      const num = stripZeros(caseId);
      const known = ctx.existingCaseIds.has(caseId) ? undefined : lostZeros.get(num);
      const other = fileNumbers.get(num);
      const padded = known !== undefined && known !== caseId ? known : other !== undefined && other.id !== caseId ? (other.id.length > caseId.length ? other.id : caseId) : undefined;
      if (padded !== undefined) {
        zerosLost = true;
        const otherRow = known !== undefined && known !== caseId ? undefined : other?.row;
        add({ kind: 'caseIdLostZeros', severity: 'error', ...at, ...(idCol ? { column: name(idCol) } : {}), value: caseId, params: { caseId, padded, ...(otherRow !== undefined ? { otherRow } : {}) }, message: `Case ID ${caseId} is ${padded} ${otherRow !== undefined ? `(row ${otherRow}) ` : ''}with its leading zeros lost (Excel drops them); give the ID as ${padded}, as text.` });
      } else if (other === undefined) fileNumbers.set(num, { id: caseId, row: r.row });
    }
    const idCheck = !inSample && !zerosLost && checkDigits ? checkCaseId(caseId, checkDigits) : null;
    if (zerosLost) {
      // reported above
    } else if (idCheck && !idCheck.ok && idCheck.problem === 'check-digit') {
      add({ kind: 'caseIdCheckDigit', severity: 'error', ...at, ...(idCol ? { column: name(idCol) } : {}), value: caseId, params: { caseId }, message: `Case ID ${caseId}: the check digit does not match (a digit mistyped or two digits swapped); the case cannot be linked to the sample.` });
    } else if (ctx.sampleCaseIds && ctx.sampleCaseIds.size > 0 && !inSample) add({ kind: 'notInSample', severity: 'warning', ...at, params: { caseId }, message: `Case ${caseId} is not in the sample.` });
    const earlier = firstRow.get(caseId);
    const entry: ImportCase = { row: r.row, caseId, valuesJson, complete, replace: false, requiredOnRoute, requiredAnswered: Math.max(0, requiredOnRoute - requiredEmpty) };
    if (earlier === -1) {
      skipped++;
      return;
    }
    if (earlier !== undefined) {
      const sev = ctx.onDuplicate === 'refuse' ? 'error' : 'warning';
      add({ kind: 'duplicateInFile', severity: sev, ...at, ...(idCol ? { column: name(idCol) } : {}), params: { caseId, otherRow: cases[earlier]!.row, resolution: ctx.onDuplicate }, message: `Case ${caseId} is also in row ${cases[earlier]!.row}${sev === 'warning' ? (ctx.onDuplicate === 'skip' ? '; this row is skipped' : '; this row replaces it') : ''}.` });
      if (ctx.onDuplicate === 'replace') cases[earlier] = { ...entry, replace: cases[earlier]!.replace };
      else skipped++;
      return;
    }
    if (ctx.existingCaseIds.has(caseId)) {
      const sev = ctx.onDuplicate === 'refuse' ? 'error' : 'warning';
      add({ kind: 'duplicateInProject', severity: sev, ...at, params: { caseId, resolution: ctx.onDuplicate }, message: `Case ${caseId} is already in the project${sev === 'warning' ? (ctx.onDuplicate === 'skip' ? '; this row is skipped' : '; it is replaced (audited)') : ''}.` });
      if (ctx.onDuplicate === 'skip') {
        skipped++;
        firstRow.set(caseId, -1);
        return;
      }
      if (ctx.onDuplicate === 'replace') {
        const blocked = ctx.replaceBlocked?.get(caseId);
        if (blocked === 'replaceKeyed') add({ kind: 'replaceKeyed', severity: 'error', ...at, ...(idCol ? { column: name(idCol) } : {}), params: { caseId }, message: `Case ${caseId} was keyed from a paper form (its keyed and verified answers would be lost); only imported cases can be replaced: skip this row (--on-duplicate skip) or leave it out of the file.` });
        else if (blocked === 'replaceCleaned') add({ kind: 'replaceCleaned', severity: 'error', ...at, ...(idCol ? { column: name(idCol) } : {}), params: { caseId }, message: `Case ${caseId} has cleaning (corrections, accepted warnings or an exclusion) made on its current answers; it cannot be replaced: skip this row (--on-duplicate skip) or leave it out of the file.` });
        entry.replace = true;
        replaced++;
      }
    }
    firstRow.set(caseId, cases.length);
    cases.push(entry);
  };

  const finish = (): ImportAnalysis => {
    // Header problems come first in the lists, as they would when found before the rows.
    const rowErrors = errors.splice(0);
    const rowWarnings = warnings.splice(0);
    // A column that maps to nothing but holds nothing is left out quietly (e.g. Excel's trailing columns).
    cols.forEach((c, i) => {
      if (c.target.kind === 'unmapped' && reportOf[i]!.filled === 0) {
        c.target = { kind: 'ignored', reason: 'empty' };
        reportOf[i]!.target = 'ignored';
        reportOf[i]!.reason = 'empty';
      }
    });
    for (const d of t.duplicateHeaders) add({ kind: 'duplicateHeader', severity: 'warning', column: d.name, params: { header: d.name, columns: d.columns.join(', ') }, message: `The header "${d.name}" occurs in columns ${d.columns.join(', ')}; map them with #n or ignore all but one.` });
    for (const c of cols) {
      if (c.target.kind === 'unmapped') add({ kind: 'unmappedColumn', severity: 'error', column: name(c), params: { column: name(c) }, message: `Column ${name(c)} matches no variable; map it to one or ignore it.` });
    }
    for (const [k, cs] of byTarget) {
      if (cs.length > 1) add({ kind: 'columnConflict', severity: 'error', column: cs.map(name).join(', '), params: { columns: cs.map(name).join(', '), target: k.replace(/^[vo]:/, '') }, message: `Columns ${cs.map(name).join(', ')} all map to ${k.replace(/^[vo]:/, '')}; ignore all but one.` });
    }
    if (!idCol) add({ kind: 'noCaseIdColumn', severity: 'error', message: 'No column holds the case ID; name it in the mapping (caseIdColumn).' });
    if (rowCount === 0) add({ kind: 'noData', severity: 'error', params: { file: t.file }, message: `${t.file} holds no data rows.` });
    const relevantCols = new Set(cols.filter((c) => c.target.kind !== 'ignored').map((c) => c.col));
    for (const u of t.unreadable) {
      if (!relevantCols.has(u.col)) continue;
      const c = cols[u.col - 1];
      add({ kind: 'formulaWithoutValue', severity: 'error', row: u.row, column: c ? name(c) : `#${u.col}`, value: u.value, params: { formula: u.value }, message: `The formula ${u.value} has no stored result; open the file in Excel, let it calculate and save it again.` });
    }
    if (ctx.previousImport) {
      const p = ctx.previousImport;
      add({ kind: 'alreadyImported', severity: ctx.onDuplicate === 'refuse' ? 'error' : 'warning', params: { batchId: p.batchId, at: p.at }, message: `This file was imported before (batch ${p.batchId}, ${p.at}).` });
    }
    const allErrors = errors.concat(rowErrors);
    const allWarnings = warnings.concat(rowWarnings);
    if (allErrors.length > max || allWarnings.length > max) truncated = true;
    return {
      rows: rowCount,
      columns: [...report.values()],
      unmappedLabels: [...unmapped.values()].sort((a, b) => b.count - a.count || a.variable.localeCompare(b.variable)),
      errors: allErrors.slice(0, max),
      warnings: allWarnings.slice(0, max),
      counts,
      truncated,
      cases: hasErrors ? [] : cases,
      skipped,
      replaced,
      complete: cases.filter((c) => c.complete).length,
    };
  };
  return { addRow, finish };
}
