// Sheet layout of the export workbook: which value goes in which cell of Data, Labels, Variables, Value labels,
// Missing values, Frequencies, Weighting, Tables, Fieldwork, Cleaning log, Exclusions and Info (no exceljs here; the backend writer
// applies the cell rules).
import { DomainError } from '../domain/errors';
import type { FieldworkReport } from '../contract/fieldwork';
import { findVariable, languageCode, textIn, userMissingCodes, valueLabels, type Questionnaire, type Variable } from '../domain/questionnaire';
import { dayToIso, EXCEL_LIMITS, excelSerial, invalidCell, plainNumber, safeSheetName, type CellKind, type SheetLimits } from './cells';
import { asSource, emptyOf, forEachChunk, isSource, rowCountOf, type AnyDataset, type DataColumn, type Dataset, type ExcludedCase, type NumberColumn } from './dataset';
import { FrequencyCounter, isSmallCell } from './frequencies';
import { gridCheckText, gridChecks } from './gridChecks';
import { DEFAULT_MIN_N, tablesSheetContent, type TablesFacts } from './tables';
import { weightingSheetContent, type WeightingSchemeFacts } from './weightingSheet';

/** A cell value: a number, a text, or null (empty). Numbers in a `date` column are Excel serials. */
export type CellValue = number | string | null;

/**
 * Number format of a column: general, a calendar date, a percentage with one decimal (0–100 scale), a weight,
 * or a proportion (0–1) shown with Excel's % format (`0.0%`).
 */
export type ColumnFormat = 'general' | 'date' | 'percent' | 'weight' | 'proportion';

/** One column of a sheet: header text, optional header comment (the variable label), width in characters. */
export interface SheetColumn {
  header: string;
  comment?: string;
  width: number;
  format: ColumnFormat;
}

/** The sheets Veldwerk can write, in workbook order. */
export const SHEET_IDS = ['data', 'labels', 'variables', 'valueLabels', 'missingValues', 'frequencies', 'weighting', 'tables', 'fieldwork', 'cleaningLog', 'exclusions', 'info'] as const;
/** One of {@link SHEET_IDS}. */
export type SheetId = (typeof SHEET_IDS)[number];

/** The sheets of the default workbook (when no list is given). */
export const DEFAULT_SHEET_IDS: readonly SheetId[] = SHEET_IDS;

/** Sheet names as shown in Excel. */
export const SHEET_NAMES: Readonly<Record<SheetId, string>> = {
  data: 'Data',
  labels: 'Labels',
  variables: 'Variables',
  valueLabels: 'Value labels',
  missingValues: 'Missing values',
  frequencies: 'Frequencies',
  weighting: 'Weighting',
  tables: 'Tables',
  fieldwork: 'Fieldwork',
  cleaningLog: 'Cleaning log',
  exclusions: 'Exclusions',
  info: 'Info',
};

/**
 * The sheet a user means by a name: its key (`cleaningLog`) or its name as the workbook shows it (`Cleaning log`),
 * either without regard to letter case (`data`, `Data`, `DATA`; `valuelabels`, `Value labels`).
 * @param text one name as typed (surrounding spaces ignored)
 * @returns the sheet's key, or undefined when no sheet has that key or name
 */
export function sheetIdOf(text: string): SheetId | undefined {
  const t = text.trim().toLowerCase();
  return SHEET_IDS.find((id) => id.toLowerCase() === t || SHEET_NAMES[id].toLowerCase() === t);
}

/** One sheet: its columns and a row function that fills `out` (length = columns) for data row `r` (0-based, after the header). */
export interface SheetSpec {
  id: SheetId;
  name: string;
  columns: SheetColumn[];
  rowCount: number;
  row(r: number, out: CellValue[]): void;
}

/** Facts about the export shown on the Info sheet. Times are ISO 8601 (UTC). */
export interface ExportMeta {
  projectTitle: string;
  projectId: string;
  questionnaireId: string;
  questionnaireVersion: string;
  exportedAt: string;
  appVersion: string;
  /** Which cases were exported, in words (e.g. "status: complete, verified"). */
  filters: string[];
  /** The export profile the choices came from, if any. */
  profile?: string;
  excludedCount: number;
  includeIdentifiers: boolean;
  /** Identifying variables left out (names). */
  identifiersLeftOut: string[];
}

/** What only the writer knows at the end, shown on the Info sheet. */
export interface ExportOutcome {
  /** SHA-256 (hex) of the Data sheet's values, see {@link canonicalLine}. */
  dataSha256: string;
  truncatedCells: number;
  /** Extra notes (split sheets, …). */
  notes: string[];
}

/** Fixed text of the Frequencies sheet's system-missing row (the workbook's own texts are English, as its headers). */
const SYSMIS_LABEL = '(no value)';

/**
 * The value label of code 0 of a multiple-choice option column. It stands beside the option's own label (code 1)
 * in the questionnaire's default language, so it follows that language as the default user-missing labels do
 * (defaultMissing in shared/domain/questionnaire): "Not chosen" for an English questionnaire ({@link languageCode} `en`), else "Niet gekozen".
 */
export function optionNotChosen(q: Questionnaire): string {
  return languageCode(q.defaultLanguage) === 'en' ? 'Not chosen' : 'Niet gekozen';
}

function lang(q: Questionnaire, t: Readonly<Record<string, string>>): string {
  return textIn(t, q.defaultLanguage, q.defaultLanguage);
}

/** The label of a data column: question number and text, and for an option column the option's label. */
export function columnLabel(q: Questionnaire, c: DataColumn): string {
  if (!c.variable) return c.role === 'weight' ? 'Weight' : c.name;
  const v = c.variable;
  const text = lang(q, v.label);
  const base = v.number ? `${v.number}. ${text}` : text;
  if (c.kind === 'number' && c.option) return `${base}: ${lang(q, c.option.label)}`;
  return base;
}

function widthFor(header: string, min = 8, max = 60): number {
  return Math.min(max, Math.max(min, header.length + 2));
}

/** Code → label (default language) of a column's value labels; option columns map 1 → option label, 0 → {@link optionNotChosen}. */
export function labelMap(q: Questionnaire, c: DataColumn): Map<string, string> {
  const m = new Map<string, string>();
  if (c.kind !== 'number' || !c.variable) return m;
  if (c.option) {
    m.set('1', lang(q, c.option.label));
    m.set('0', optionNotChosen(q));
    return m;
  }
  for (const l of valueLabels(q, c.variable)) m.set(l.code, lang(q, l.label));
  return m;
}

/**
 * How a stored text that is not a value of its column's type (text in a numeric or date column: "7 jaar") is
 * written: `empty` = system-missing (the Data sheet, CSV and SPSS, so every reader gets a clean numeric column),
 * `text` = the stored text (the Labels sheet, so nothing stored is hidden). Cleaning lists these values as
 * type violations.
 */
export type InvalidValues = 'empty' | 'text';

/** Re-exported: the test of a plain number lives with the export's other cell rules ({@link invalidCell}). */
export { plainNumber };

/**
 * True when a column's variable has a numeric or date type (single, integer, decimal, a 0/1 option, a weight, a
 * date), so a stored text that is not of that type ({@link invalidCell}) is invalid; a calculated or derived variable
 * may hold text (`vrouw_tekst` = "ja") and keeps it. Derived variables and edit rules read the same texts as
 * system-missing (`cellKindOf`, cells.ts), except the codes of a single choice with letter codes, which they read as codes.
 */
export function typedColumn(c: DataColumn): boolean {
  return c.kind === 'date' || (c.kind === 'number' && c.variable?.type !== 'calculated');
}

/**
 * A getter for the cell of each data row of a column, typed as issue 8 asks: codes, numbers and weights as
 * numbers, dates as Excel serials (text before 1900-03-01), open text as text. Empty → null. A stored text that is
 * not a number (numeric column, {@link plainNumber}) or not a date (date column) is null with `invalid` 'empty'
 * (default), else the text; with 'empty' a number kept as text (`034`) is written as the number.
 * @param c the column; @param invalid see {@link InvalidValues}
 */
export function cellGetter(c: DataColumn, invalid: InvalidValues = 'empty'): (r: number) => CellValue {
  if (!typedColumn(c)) invalid = 'text';
  switch (c.kind) {
    case 'number': {
      const vals = c.values;
      const empty = emptyOf(vals);
      const raw = c.raw;
      if (raw.size === 0) {
        if (vals instanceof Float64Array) return (r) => { const v = vals[r]!; return Number.isFinite(v) ? v : null; };
        return (r) => { const v = vals[r]!; return v === empty ? null : v; };
      }
      return (r) => {
        const t = raw.get(r);
        if (t !== undefined) return invalid === 'text' ? t : plainNumber(t);
        const v = vals[r]!;
        return v === empty || !Number.isFinite(v) ? null : v;
      };
    }
    case 'text': {
      const vals = c.values;
      return (r) => vals[r] ?? null;
    }
    case 'date': {
      const vals = c.values;
      const raw = c.raw;
      return (r) => {
        const t = invalid === 'text' ? raw.get(r) : undefined;
        if (t !== undefined) return t;
        const d = vals[r]!;
        if (d === -2_147_483_648) return null;
        return excelSerial(d) ?? dayToIso(d);
      };
    }
    default: {
      const never: never = c;
      throw new Error(`Unexpected column: ${JSON.stringify(never)}`);
    }
  }
}

function formatOf(c: DataColumn): ColumnFormat {
  return c.kind === 'date' ? 'date' : c.role === 'weight' ? 'weight' : 'general';
}

/** What the codebook sheets need of a dataset: its columns. */
export type ColumnsOf = { readonly columns: readonly DataColumn[] };

/** Per dataset: values left empty by the Data sheet ({@link InvalidValues}) in rows 0 … upTo − 1, for the Info sheet. */
const invalidCounts = new WeakMap<object, { upTo: number; count: number }>();

/**
 * How many stored texts a dataset holds that are not values of their column's type (text in a numeric or date
 * column), which the Data sheet, CSV and SPSS write as system-missing. Counted while the Data sheet's rows are
 * written (each row once, whichever sheet or file asks); when they were not all written, counted from the chunks.
 * @param ds the dataset the Data sheet was built from (the same object)
 */
export function invalidValueCount(ds: AnyDataset): number {
  const rec = invalidCounts.get(ds);
  if (rec && rec.upTo >= rowCountOf(ds)) return rec.count;
  // Not (all) written yet: count from the chunks.
  let n = 0;
  forEachChunk(ds, (chunk) => {
    for (const c of chunk.columns) {
      if (!typedColumn(c)) continue;
      if (c.kind !== 'text') for (const t of c.raw.values()) if (invalidCell(c.kind, t)) n++;
    }
  });
  return n;
}

/**
 * The Data sheet: `case_id` (text) then one column per data column, header comments with the variable labels.
 * Rows are read chunk by chunk from a {@link DatasetSource} (one chunk held at a time; rows asked in order).
 * Text in a numeric or date column is written as system-missing (empty; `invalid` 'empty') and counted for the
 * Info sheet ({@link invalidValueCount}); the Labels sheet passes 'text' to show it.
 */
export function dataSheet(q: Questionnaire, ds: AnyDataset, invalid: InvalidValues = 'empty'): SheetSpec {
  const src = asSource(ds);
  let counted = invalidCounts.get(ds);
  if (!counted && invalid === 'empty') invalidCounts.set(ds, (counted = { upTo: 0, count: 0 }));
  let raws: { raw: Map<number, string>; kind: CellKind }[] = [];
  const n = src.columns.length;
  let start = 0;
  let end = 0;
  let ids: readonly string[] = [];
  let getters: ((r: number) => CellValue)[] = [];
  const load = (r: number): void => {
    const c = src.chunkAt(r);
    if (c.ds.columns.length !== n) throw new Error(`Data sheet: a chunk has ${c.ds.columns.length} columns, expected ${n}`);
    start = c.start;
    ids = c.ds.caseIds;
    end = start + ids.length;
    getters = c.ds.columns.map((col) => cellGetter(col, invalid));
    raws = c.ds.columns.flatMap((col) => (col.kind !== 'text' && typedColumn(col) && col.raw.size > 0 ? [{ raw: col.raw, kind: col.kind }] : []));
  };
  if (src.rowCount > 0) load(0);
  return {
    id: 'data',
    name: SHEET_NAMES.data,
    columns: [
      { header: 'case_id', comment: 'Case ID (text; leading zeros kept)', width: Math.max(10, ...ids.slice(0, 1000).map((s) => s.length + 2)), format: 'general' },
      ...src.columns.map((c) => ({ header: c.name, comment: columnLabel(q, c), width: widthFor(c.name, c.kind === 'date' ? 11 : 8, c.kind === 'text' ? 40 : 30), format: formatOf(c) })),
    ],
    rowCount: src.rowCount,
    row(r, out) {
      if (r < start || r >= end) {
        load(r);
        if (r < start || r >= end) throw new Error(`Data sheet: the chunk read for row ${r} holds rows ${start}–${end - 1}`);
      }
      const i = r - start;
      out[0] = ids[i]!;
      for (let j = 0; j < n; j++) out[j + 1] = getters[j]!(i);
      if (counted && r === counted.upTo && invalid === 'empty') {
        counted.upTo++;
        for (const m of raws) {
          const t = m.raw.get(i);
          if (t !== undefined && invalidCell(m.kind, t)) counted.count++;
        }
      }
    },
  };
}

/**
 * The Labels sheet: the Data rows with codes replaced by their value labels (codes without a label stay numbers),
 * and text in a numeric or date column shown as stored (the Data sheet leaves it empty).
 */
export function labelsSheet(q: Questionnaire, ds: AnyDataset): SheetSpec {
  const data = dataSheet(q, ds, 'text');
  const maps = ds.columns.map((c) => labelMap(q, c));
  const n = ds.columns.length;
  return {
    ...data,
    id: 'labels',
    name: SHEET_NAMES.labels,
    columns: data.columns.map((c, j) => (j > 0 && maps[j - 1]!.size > 0 ? { ...c, width: Math.max(c.width, 20) } : c)),
    row(r, out) {
      data.row(r, out);
      for (let j = 0; j < n; j++) {
        const m = maps[j]!;
        const v = out[j + 1];
        if (m.size > 0 && typeof v === 'number') {
          const l = m.get(String(v));
          if (l !== undefined) out[j + 1] = l;
        }
      }
    },
  };
}

function typeName(v: Variable | undefined, c: DataColumn): string {
  if (!v) return c.role === 'weight' ? 'weight' : c.kind;
  if (c.kind === 'number' && c.option) return 'multiple (0/1 option)';
  return v.type;
}

function measurementLevel(c: DataColumn): 'nominal' | 'scale' {
  return c.role === 'code' || c.kind === 'text' ? 'nominal' : 'scale';
}

/** An expression in words for the codebook: `${x}` references shown as plain names. */
export function expressionInWords(src: string | undefined): string {
  return src === undefined ? '' : src.replace(/\$\{([^}]+)\}/g, '$1').replace(/\s+/g, ' ').trim();
}

function fixed<T extends readonly CellValue[]>(id: SheetId, columns: SheetColumn[], rows: T[]): SheetSpec {
  return {
    id,
    name: SHEET_NAMES[id],
    columns,
    rowCount: rows.length,
    row(r, out) {
      const src = rows[r]!;
      for (let j = 0; j < columns.length; j++) out[j] = src[j] ?? null;
    },
  };
}

function col(header: string, width: number, format: ColumnFormat = 'general'): SheetColumn {
  return { header, width, format };
}

function codeCell(code: string): CellValue {
  return /^-?\d{1,15}(\.\d+)?$/.test(code) && !/^-?0\d/.test(code) ? Number(code) : code;
}

/**
 * The Variables sheet (codebook): one row per data column. The last column, Straightlining check, says on each item of
 * a grid group whether the cleaning rule run checks the grid for the same answer on every item, and why
 * ({@link gridChecks}: `yes (default rule); group raster`, `yes, except code 1; group …`, `no; group …`).
 */
export function variablesSheet(q: Questionnaire, ds: ColumnsOf): SheetSpec {
  const rows: CellValue[][] = [['case_id', null, 'Case ID', 'text', '', '', '', '', 'case register', 'nominal', 'no', '']];
  const gridOf = new Map<string, string>();
  for (const g of gridChecks(q).values()) for (const item of g.items) gridOf.set(item, `${gridCheckText(g)}; group ${g.group}`);
  for (const c of ds.columns) {
    const v = c.variable;
    const labels = v && !(c.kind === 'number' && c.option) ? valueLabels(q, v) : [];
    const values = c.kind === 'number' && c.option ? `0 = ${optionNotChosen(q)}; 1 = ${lang(q, c.option.label)}` : labels.filter((l) => !l.missing).map((l) => `${l.code} = ${lang(q, l.label)}`).join('; ');
    const missing = v && !(c.kind === 'number' && c.option) ? userMissingCodes(q, v).map((m) => `${m.code} = ${lang(q, m.label)}`).join('; ') : '';
    const source = !v ? (c.role === 'weight' ? 'weight' : 'stored') : v.type === 'calculated' ? 'derived' : c.role === 'weight' ? 'weight' : 'keyed or imported';
    rows.push([
      c.name,
      v?.number ?? null,
      columnLabel(q, c),
      typeName(v, c),
      values,
      missing,
      expressionInWords(v?.relevant),
      expressionInWords(v?.calculate),
      source,
      measurementLevel(c),
      v?.identifier ? 'yes' : 'no',
      (v && gridOf.get(v.name)) ?? '',
    ]);
  }
  return fixed('variables', [
    col('Variable', 16), col('Question number', 10), col('Label', 60), col('Type', 12), col('Values', 50), col('Missing values', 30),
    col('Routing', 40), col('Derivation', 30), col('Source', 16), col('Measurement level', 12), col('Identifier', 10), col('Straightlining check', 30),
  ], rows);
}

/** The Value labels sheet: one row per (column, code). */
export function valueLabelsSheet(q: Questionnaire, ds: ColumnsOf): SheetSpec {
  const rows: CellValue[][] = [];
  for (const c of ds.columns) {
    if (!c.variable) continue;
    if (c.kind === 'number' && c.option) {
      rows.push([c.name, 0, optionNotChosen(q), 'no'], [c.name, 1, lang(q, c.option.label), 'no']);
      continue;
    }
    for (const l of valueLabels(q, c.variable)) rows.push([c.name, codeCell(l.code), lang(q, l.label), l.missing ? 'yes' : 'no']);
  }
  return fixed('valueLabels', [col('Variable', 16), col('Value', 8), col('Label', 50), col('Missing', 8)], rows);
}

/** The Missing values sheet: user-missing codes per column, then how system-missing is shown. */
export function missingValuesSheet(q: Questionnaire, ds: ColumnsOf): SheetSpec {
  const rows: CellValue[][] = [];
  for (const c of ds.columns) {
    if (!c.variable || (c.kind === 'number' && c.option)) continue;
    for (const m of userMissingCodes(q, c.variable)) rows.push([c.name, codeCell(m.code), lang(q, m.label), 'user-missing']);
  }
  rows.push(['(all)', null, 'Empty cell: no value (not answered, not on route, or not keyed)', 'system-missing']);
  return fixed('missingValues', [col('Variable', 16), col('Value', 8), col('Label', 50), col('Kind', 16)], rows);
}

/**
 * The Frequencies sheet's note on its populations (English, as the workbook's other fixed texts).
 * @param cases the exported cases; @param weight the chosen weight and how many cases have one (null: no weight)
 */
export function frequencyNote(cases: number, weight: { name: string; cases: number } | null): string {
  const all = `all ${cases.toLocaleString('en-US')} exported cases`;
  if (weight === null) return `Populations: n, Percent and Valid percent count ${all} (no weight chosen).`;
  if (weight.cases === cases) return `Populations: every column counts ${all}; each has a weight ${weight.name}.`;
  return `Populations: n, Percent and Valid percent count ${all}. Weighted valid percent counts only the ${weight.cases.toLocaleString('en-US')} cases with a weight ${weight.name} ` +
    `(a weighting scheme for one group weights only that group; the other cases are outside its population, not weight 0). ${N_WITH_WEIGHT_NOTE}`;
}

/** What "n with weight" counts, in the note and the column's comment. */
const N_WITH_WEIGHT_NOTE = 'n with weight counts the cases with a weight unweighted: per value; in the Valid total row the base of the weighted valid percent ' +
  '(cases with a weight and a valid value); in the Total row every case with a weight, those without a valid value too.';

/**
 * The Flag of a Frequencies row: "n < 10" when 0 < n < minN, "n with weight < 10" when its weighted valid percent rests
 * on 0 < n with weight < minN cases (a scheme for one group can leave a category with many cases and few weighted
 * ones), both joined by "; "; null when neither.
 */
function frequencyFlag(smallN: boolean, smallWeighted: boolean, minN: number): string | null {
  const flags = [...(smallN ? [`n < ${minN}`] : []), ...(smallWeighted ? [`n with weight < ${minN}`] : [])];
  return flags.length > 0 ? flags.join('; ') : null;
}

/**
 * The Frequencies sheet: per coded column (single choice, option columns) n, %, valid % and — with a weight — weighted
 * valid % and "n with weight" (the unweighted count of the cases that have a weight), then a Valid total row (the
 * valid cases: the base of Valid percent in n, of Weighted valid percent in n with weight) and a Total row (every
 * case). The Flag column says "n < 10" on small cells (0 < n < minN, isSmallCell in ./frequencies) and "n with weight
 * < 10" where the weighted valid percent rests on 1–9 weighted cases (per value and on the Valid total's base). A note
 * row first states the populations: n, Percent and Valid percent always count every exported case (the codebook view,
 * the same with or without a weight); the weighted valid percent counts only the cases with a weight — a scheme for
 * one group (e.g. employees) weights only that group, and the cases outside it are outside the weight's population,
 * not cases of weight 0 — so its own unweighted base stands beside it (frequencyNote).
 * @param minN small-cell threshold (default 10, as the Tables sheet; the export passes the Tables choice's minN when set)
 */

export function frequenciesSheet(q: Questionnaire, ds: AnyDataset, minN: number = DEFAULT_MIN_N): SheetSpec {
  const weighted = ds.weight !== undefined;
  const rows: CellValue[][] = [];
  // Counted chunk by chunk (one pass over the cases for all coded columns), so memory does not grow with the rows.
  const coded: { j: number; c: NumberColumn; counter: FrequencyCounter }[] = [];
  ds.columns.forEach((c, j) => {
    if (c.kind === 'number' && c.role === 'code' && c.variable) coded.push({ j, c, counter: new FrequencyCounter(c.name, weighted && ds.columns.some((x) => x.kind === 'number' && x.name === ds.weight)) });
  });
  if (coded.length > 0) {
    forEachChunk(ds, (chunk) => {
      for (const k of coded) k.counter.add(chunk, chunk.columns[k.j] as NumberColumn);
    });
  }
  for (const { c, counter } of coded) {
    const variable = c.variable!;
    const labels = labelMap(q, c);
    const missing = new Set(c.option ? [] : userMissingCodes(q, variable).map((m) => m.code));
    const order = c.option ? ['0', '1'] : valueLabels(q, variable).map((l) => l.code);
    const t = counter.table(missing, order, minN);
    const label = columnLabel(q, c);
    for (const fr of t.rows) {
      const vl = fr.value === null ? SYSMIS_LABEL : (labels.get(String(fr.value)) ?? '');
      const row: CellValue[] = [c.name, label, fr.value === null ? null : fr.value, fr.userMissing ? `${vl} (missing)` : vl, fr.n, fr.percent, fr.validPercent];
      if (weighted) row.push(fr.weightedValidPercent, fr.nWeighted);
      row.push(frequencyFlag(fr.smallCell, fr.smallWeighted, minN));
      rows.push(row);
    }
    // Valid total: the bases of the valid percentages (n of Valid percent, n with weight of Weighted valid percent).
    const wBase = t.weightedValid !== null && t.weightedValid > 0;
    const validTotal: CellValue[] = [c.name, label, null, 'Valid total', t.valid, t.total > 0 ? (100 * t.valid) / t.total : null, t.valid > 0 ? 100 : null];
    if (weighted) validTotal.push(wBase ? 100 : null, t.weightedValidCases);
    validTotal.push(frequencyFlag(isSmallCell(t.valid, minN), weighted && wBase && isSmallCell(t.weightedValidCases ?? 0, minN), minN));
    rows.push(validTotal);
    const total: CellValue[] = [c.name, label, null, 'Total', t.total, t.total > 0 ? 100 : null, null];
    if (weighted) total.push(null, t.weightedCases);
    total.push(null);
    rows.push(total);
  }
  const first = coded[0]?.counter.table(new Set(), []);
  if (first) {
    const note: CellValue[] = ['(note)', frequencyNote(first.total, weighted ? { name: ds.weight!, cases: first.weightedCases ?? 0 } : null)];
    while (note.length < 8 + (weighted ? 2 : 0)) note.push(null);
    rows.unshift(note);
  }
  const cols = [col('Variable', 16), col('Label', 50), col('Value', 8), col('Value label', 30), col('n', 8), col('Percent', 9, 'percent'), col('Valid percent', 9, 'percent')];
  if (weighted) cols.push(col('Weighted valid percent', 12, 'percent'), { ...col('n with weight', 10), comment: `Cases with a weight (${ds.weight}), unweighted: the respondents behind the weighted valid percent. A case without a weight is outside the weight's population (e.g. a scheme for one group) and is not counted there. ${N_WITH_WEIGHT_NOTE}` });
  cols.push({ header: 'Flag', width: 10, format: 'general', comment: `Small cell: "n < ${minN}" when fewer than ${minN} respondents (n = 0 not flagged)${weighted ? `; "n with weight < ${minN}" when the weighted valid percent rests on fewer than ${minN} cases with a weight` : ''}. Publish with care: few people may be recognisable, and the percentage is unstable.` });
  return fixed('frequencies', cols, rows);
}

/** The response figures the Fieldwork sheet shows: the fieldwork report's rate rows (AAPOR), overall and per stratum. */
export type FieldworkFacts = Pick<FieldworkReport, 'overall' | 'byStratum' | 'e' | 'eMethod' | 'sampled' | 'returned'>;

const RATE_KEYS = ['RR1', 'RR2', 'RR3', 'RR4', 'COOP1', 'COOP2', 'REF1', 'CON1'] as const;
const OUTCOME_KEYS = ['I', 'P', 'R', 'NC', 'O', 'UH', 'UO', 'NE'] as const;

/**
 * The Fieldwork sheet: response per stratum from the fieldwork report — sampled cases, the AAPOR outcome counts
 * (I, P, R, NC, O, UH, UO, NE) and the rates RR1–RR4, COOP1/2, REF1, CON1 as percentages (0–100), the total row
 * first, then each stratum variable's codes with their value labels. Formulas: AAPOR Standard Definitions (2023).
 * A project without a sample frame gets one row saying so.
 * @param q the questionnaire (value labels of the stratum codes); @param f the report figures, or null
 */
export function fieldworkSheet(q: Questionnaire, f: FieldworkFacts | null): SheetSpec {
  const rows: CellValue[][] = [];
  const pct = (x: number | null): CellValue => (x === null || !Number.isFinite(x) ? null : x * 100);
  const add = (variable: string, label: string, r: FieldworkFacts['overall']) =>
    rows.push([variable, codeCell(r.code), label, r.sampled, ...OUTCOME_KEYS.map((k) => r.counts[k]), ...RATE_KEYS.map((k) => pct(r.rates[k])), r.rates.e]);
  if (!f || f.sampled === 0) {
    rows.push(['(total)', null, 'No sample frame in the project: no response figures', 0]);
  } else {
    add('(total)', 'All sampled cases', f.overall);
    for (const s of f.byStratum) {
      const v = findVariable(q, s.variable);
      const labels = v ? new Map(valueLabels(q, v).map((l) => [l.code, lang(q, l.label)])) : new Map<string, string>();
      for (const r of s.rows) add(s.variable, labels.get(r.code) ?? '', r);
    }
  }
  const eNote = f ? `e = share of cases of unknown eligibility taken as eligible (${f.eMethod === 'given' ? 'given' : 'estimated from the dispositions'})` : 'e';
  return fixed('fieldwork', [
    col('Stratum variable', 16), col('Code', 8), col('Label', 30), col('Sampled', 9),
    ...OUTCOME_KEYS.map((k) => ({ header: k, width: 7, format: 'general' as const, comment: `AAPOR outcome class ${k}` })),
    ...RATE_KEYS.map((k) => ({ header: `${k} %`, width: 9, format: 'percent' as const, comment: `${k}, AAPOR Standard Definitions (2023, 10th ed.)` })),
    { header: 'e', width: 8, format: 'general', comment: eNote },
  ], rows);
}

/** One audit-log entry with source 'cleaning' as the Cleaning log sheet lists it. */
export interface CleaningEntry {
  at: string;
  operator: string;
  caseId: string | null;
  /** details.action of the entry (correct, undo, accept, withdraw, exclude, …), or null. */
  action: string | null;
  /** The rule an acceptance or its withdrawal concerns, or null. */
  rule: string | null;
  /** The entry's variable; for an acceptance or withdrawal the violation's variables, comma-separated. */
  variable: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
}

/** The audit-log summary the Cleaning log sheet shows. */
export interface CleaningLogFacts {
  /** Entries per source (keying, verification, cleaning, …). */
  bySource: { source: string; count: number }[];
  /** Entries per source and operator. */
  byOperator: { source: string; operator: string; count: number }[];
  /** Every entry with source 'cleaning', oldest first. */
  cleaning: CleaningEntry[];
}

/**
 * The Cleaning log sheet: one table with a Section column — `per source` (entries per audit source), `per operator`
 * (per source and operator), then `cleaning` (every cleaning entry with time, operator, case, action, the rule of an
 * acceptance or its withdrawal, variable, old and new value and reason). When there are no cleaning entries yet, one
 * `cleaning` row says so.
 */
export function cleaningLogSheet(f: CleaningLogFacts): SheetSpec {
  const rows: CellValue[][] = [];
  for (const s of f.bySource) rows.push(['per source', s.source, null, s.count]);
  for (const o of f.byOperator) rows.push(['per operator', o.source, o.operator, o.count]);
  for (const c of f.cleaning) rows.push(['cleaning', 'cleaning', c.operator, null, c.at, c.caseId, c.action, c.rule, c.variable, c.oldValue, c.newValue, c.reason]);
  if (f.cleaning.length === 0) rows.push(['cleaning', 'cleaning', null, 0, null, null, null, null, null, null, null, 'No cleaning corrections in the audit log yet']);
  return fixed('cleaningLog', [
    col('Section', 13), col('Source', 13), col('Operator', 16), col('Entries', 9), col('At (UTC)', 24), col('Case ID', 12),
    col('Action', 12), col('Rule', 24), col('Variable', 16), col('Old value', 16), col('New value', 16), col('Reason', 50),
  ], rows);
}

/** The Exclusions sheet: excluded cases with batch, reason and time. */
export function exclusionsSheet(ds: { readonly excluded: readonly ExcludedCase[] }): SheetSpec {
  const rows: CellValue[][] = ds.excluded.map((e) => [e.caseId, e.batch, e.reason, e.at]);
  return fixed('exclusions', [col('Case ID', 12), col('Batch', 10), col('Reason', 50), col('Excluded at', 24)], rows);
}

/** The Info sheet: what was exported, from where, when, and the SHA-256 of the Data values. */
export function infoSheet(meta: ExportMeta, ds: AnyDataset, outcome: ExportOutcome): SheetSpec {
  const rows: CellValue[][] = [
    ['Project', meta.projectTitle],
    ['Project id', meta.projectId],
    ['Questionnaire', meta.questionnaireId],
    ['Questionnaire version', meta.questionnaireVersion],
    ['Exported at (UTC)', meta.exportedAt],
    ['Veldwerk version', meta.appVersion],
    ['Filters', meta.filters.join('; ') || 'none'],
    ['Export profile', meta.profile ?? 'none'],
    ['Cases exported', rowCountOf(ds)],
    ['Cases excluded', meta.excludedCount],
    ['Data columns', ds.columns.length + 1],
    ['Weight', ds.weight ?? 'none'],
    ['Identifying variables', meta.includeIdentifiers ? 'included (recorded in the audit log)' : meta.identifiersLeftOut.length > 0 ? `left out: ${meta.identifiersLeftOut.join(', ')}` : 'none in the questionnaire'],
    ['SHA-256 of Data', outcome.dataSha256],
    ['SHA-256 method', 'UTF-8 of one line per Data row incl. the header, each ending in LF; cells separated by TAB; numbers as shortest round-trip decimals (JavaScript String(n)), dates as YYYY-MM-DD, empty cells as nothing; in text \\ → \\\\, TAB → \\t, LF → \\n, CR → \\r'],
    ['Texts cut at 32,767 characters', outcome.truncatedCells],
    ['System-missing', 'empty cell'],
    ['Invalid values left empty', invalidValueCount(ds)],
    ['Invalid values', 'text stored in a numeric or date variable (e.g. "7 jaar"; not in calculated or derived variables, which may hold text) is written as system-missing (empty) on the Data sheet and in the CSV/SPSS files; the Labels sheet shows the stored text; see the cleaning violation list (type)'],
    ['Dates', 'real Excel dates (serials with a date format, no time zone); dates before 1900-03-01 as ISO text'],
    ...outcome.notes.map((n): CellValue[] => ['Note', n]),
  ];
  return fixed('info', [col('Item', 28), col('Value', 80)], rows);
}

/** Options of {@link workbookSheets}. */
export interface LayoutOptions {
  /** Sheets to write (Info is always written, last); default all. */
  sheets?: readonly SheetId[];
  limits?: SheetLimits;
  /** Figures of the Fieldwork sheet (null or absent: a sheet saying there is no sample). */
  fieldwork?: FieldworkFacts | null;
  /** Figures of the Cleaning log sheet (absent: empty summary). */
  cleaningLog?: CleaningLogFacts;
  /** Stored weighting schemes with their latest results (absent: none). */
  weighting?: readonly WeightingSchemeFacts[];
  /** Chosen report tables and their weights (absent: none chosen). */
  tables?: TablesFacts;
  /**
   * The cases in memory with (at least) the columns the Tables sheet reads (its variables, grouping variable,
   * indicator and weight columns); needed when the dataset is a {@link DatasetSource} and tables are chosen.
   */
  tablesDataset?: Dataset;
}

/**
 * The sheets of the export workbook except Info (built at the end with {@link infoSheet}), in workbook order,
 * with unique Excel-safe names.
 * @param q the questionnaire; @param ds the dataset; @param opts which sheets, and the limits
 * @throws DomainError INVALID_INPUT when the Data sheet would need more columns than Excel has (rule: refuse;
 *   export fewer variables, or CSV)
 */
export function workbookSheets(q: Questionnaire, ds: AnyDataset, opts: LayoutOptions = {}): SheetSpec[] {
  const limits = opts.limits ?? EXCEL_LIMITS;
  const want = new Set<SheetId>(opts.sheets ?? DEFAULT_SHEET_IDS);
  const cols = ds.columns.length + 1;
  if ((want.has('data') || want.has('labels')) && cols > limits.maxColumns) {
    throw new DomainError('INVALID_INPUT', `The Data sheet would need ${cols} columns; Excel allows ${limits.maxColumns}. Export fewer variables, or use CSV.`);
  }
  const out: SheetSpec[] = [];
  for (const id of SHEET_IDS) {
    if (!want.has(id)) continue;
    switch (id) {
      case 'data': out.push(dataSheet(q, ds)); break;
      case 'labels': out.push(labelsSheet(q, ds)); break;
      case 'variables': out.push(variablesSheet(q, ds)); break;
      case 'valueLabels': out.push(valueLabelsSheet(q, ds)); break;
      case 'missingValues': out.push(missingValuesSheet(q, ds)); break;
      case 'frequencies': out.push(frequenciesSheet(q, ds, opts.tables?.choice?.minN ?? DEFAULT_MIN_N)); break;
      case 'weighting': { const c = weightingSheetContent(opts.weighting ?? []); out.push(fixed('weighting', c.columns, c.rows)); break; }
      case 'tables': {
        const facts = opts.tables ?? { choice: null, weights: null };
        const tds = opts.tablesDataset ?? (isSource(ds) ? (facts.choice ? undefined : { caseIds: [], columns: [...ds.columns], excluded: [] }) : ds);
        if (!tds) throw new Error('workbookSheets: the Tables sheet needs the tables dataset in memory (opts.tablesDataset)');
        const c = tablesSheetContent(q, tds, facts);
        out.push(fixed('tables', c.columns, c.rows));
        break;
      }
      case 'fieldwork': out.push(fieldworkSheet(q, opts.fieldwork ?? null)); break;
      case 'cleaningLog': out.push(cleaningLogSheet(opts.cleaningLog ?? { bySource: [], byOperator: [], cleaning: [] })); break;
      case 'exclusions': out.push(exclusionsSheet(ds)); break;
      case 'info': break;
      default: {
        const never: never = id;
        throw new Error(`Unexpected sheet: ${String(never)}`);
      }
    }
  }
  return out;
}

/** One part of a sheet after splitting at the row limit: its name and the data rows [from, to). */
export interface SheetPart {
  name: string;
  from: number;
  to: number;
}

/**
 * Splits a sheet at Excel's row limit (rule, issue 8: split): each part holds the header plus at most
 * `maxRows - 1` data rows; parts after the first are named `<name> (2)`, `<name> (3)` … (unique, ≤ 31 characters).
 * @param name the sheet's name; @param rowCount its data rows; @param taken names already used
 * @returns at least one part (an empty sheet gives one part with no rows)
 */
export function splitAtRowLimit(name: string, rowCount: number, taken: readonly string[], limits: SheetLimits = EXCEL_LIMITS): SheetPart[] {
  const per = limits.maxRows - 1;
  const parts: SheetPart[] = [];
  const used = [...taken];
  for (let from = 0, k = 1; from < rowCount || parts.length === 0; from += per, k++) {
    const n = safeSheetName(k === 1 ? name : `${name} (${k})`, used);
    used.push(n);
    parts.push({ name: n, from, to: Math.min(rowCount, from + per) });
  }
  return parts;
}

/**
 * One line of the Data sheet's canonical text for the SHA-256 on the Info sheet (see the method row there).
 * @param cells the row's cells as written (cleaned text, numbers, date serials)
 * @param dateCols per cell, true when numbers are date serials (written as YYYY-MM-DD)
 */
export function canonicalLine(cells: readonly CellValue[], dateCols: readonly boolean[]): string {
  let s = '';
  for (let j = 0; j < cells.length; j++) {
    if (j > 0) s += '\t';
    const v = cells[j];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') s += dateCols[j] ? dayToIso(v - 25_569) : String(v);
    else s += v.indexOf('\\') >= 0 || /[\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
  }
  return s + '\n';
}
