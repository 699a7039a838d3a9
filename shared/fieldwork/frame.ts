// Sample frame validation: a table read from CSV/XLSX → the cases to store, or every problem with its row and column.
import { checkCaseId, formatCaseId, type CaseIdFormat } from './caseId';
import { populationWeights, weightFromProbability, type PopulationCounts } from './designWeights';

/** A frame as read from a file: header names and data rows with their row number in the file (1-based). */
export interface FrameTable {
  file: string;
  sheet?: string;
  header: readonly string[];
  /** Cells as text (the reader turns numbers and dates into text); null or "" for an empty cell. */
  rows: readonly { row: number; cells: readonly (string | null)[] }[];
}

/** Data-collection modes a case can be assigned to. */
export const SAMPLE_MODES = ['paper', 'web'] as const;
/** One of {@link SAMPLE_MODES}. */
export type SampleMode = (typeof SAMPLE_MODES)[number];

/** Where a case's design weight came from. */
export type WeightSource = 'probability' | 'frame' | 'population';

/** How to read a frame. Column names are matched case-insensitively after trimming. */
export interface FrameOptions {
  caseIdFormat: CaseIdFormat;
  /** Column of the case ID; default the first of case_id, caseid, id. */
  caseIdColumn?: string;
  /** When set, the frame has no case IDs: they are generated in row order from this running number. */
  assignCaseIdsFrom?: number;
  /** Column of the selection probability; default selection_probability, inclusion_probability, probability, prob, pi. */
  probabilityColumn?: string;
  /** Column of a given design weight; default design_weight, base_weight, weight. */
  weightColumn?: string;
  /** Column of the assigned mode (paper/web); default mode, modus. */
  modeColumn?: string;
  /** Identifying columns; default by name (name, address, postcode, city, email, phone, … and contact_*). */
  contactColumns?: readonly string[];
  /** Stratum variables; default every column that has no other role. */
  strata?: readonly string[];
  /** Stratum variables that may be empty (e.g. size class only for municipal cases). */
  optionalStrata?: readonly string[];
  /** Allowed codes per stratum variable (from the questionnaire's choice lists, or given). */
  codes?: Readonly<Record<string, readonly string[]>>;
  /** Case IDs already in the project (a clash is an error). */
  existingCaseIds?: ReadonlySet<string>;
  /** Population counts per stratum: weights become N_h / n_h. */
  population?: PopulationCounts;
}

/** The kinds of problem a frame can have. */
export type FrameProblemKind =
  | 'empty-frame'
  | 'missing-column'
  | 'duplicate-column'
  | 'empty-case-id'
  | 'bad-case-id'
  | 'duplicate-id'
  | 'existing-id'
  | 'missing-stratum'
  | 'unknown-code'
  | 'probability'
  | 'weight'
  | 'mode'
  | 'population';

/** One problem, located by file, sheet, row (1-based, as in the file) and column name. */
export interface FrameProblem {
  kind: FrameProblemKind;
  file: string;
  sheet?: string;
  row?: number;
  column?: string;
  value?: string;
  message: string;
}

/** A validated case of the frame. */
export interface FrameCase {
  row: number;
  caseId: string;
  strata: Record<string, string>;
  probability: number | null;
  designWeight: number | null;
  weightSource: WeightSource | null;
  mode: SampleMode | null;
  /** Identifying details (column → value); stored apart, never in reports. */
  contact: Record<string, string>;
}

/** Which column plays which role. */
export interface FrameColumns {
  caseId: string | null;
  probability: string | null;
  weight: string | null;
  mode: string | null;
  strata: string[];
  contact: string[];
}

/** The outcome of {@link validateFrame}: the cases (only meaningful when `errors` is empty), errors and warnings. */
export interface FrameValidation {
  cases: FrameCase[];
  errors: FrameProblem[];
  warnings: FrameProblem[];
  columns: FrameColumns;
  /** Per stratum variable: code → number of cases. */
  strataSummary: { variable: string; codes: { code: string; count: number }[] }[];
}

const CASE_ID_NAMES = ['case_id', 'caseid', 'id'];
const PROBABILITY_NAMES = ['selection_probability', 'inclusion_probability', 'probability', 'prob', 'pi'];
const WEIGHT_NAMES = ['design_weight', 'base_weight', 'weight'];
const MODE_NAMES = ['mode', 'modus'];
const CONTACT_NAMES = new Set([
  'name', 'naam', 'first_name', 'voornaam', 'last_name', 'achternaam', 'tussenvoegsel', 'initials', 'voorletters', 'salutation', 'aanhef',
  'address', 'adres', 'street', 'straat', 'house_number', 'huisnummer', 'postcode', 'postal_code', 'zip', 'city', 'woonplaats', 'plaats',
  'email', 'e-mail', 'e_mail', 'phone', 'telefoon', 'telephone', 'mobile', 'mobiel',
]);
const MODE_ALIASES: Readonly<Record<string, SampleMode>> = { paper: 'paper', papier: 'paper', papi: 'paper', post: 'paper', web: 'web', cawi: 'web', online: 'web', internet: 'web' };

const norm = (s: string): string => s.trim().toLowerCase();

/**
 * Parses a decimal as written in a frame: "0.25", "0,25" (Dutch decimal comma), "2.5e-3".
 * @returns the number, or null when the text is not a plain decimal
 */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/**
 * Validates a sample frame before anything is stored: the case-ID column and format, duplicate IDs (within
 * the frame and against `existingCaseIds`), empty strata, codes not in `codes`, selection probabilities outside
 * (0, 1], design weights below 1, unknown modes, and strata without a population count. Every problem is listed
 * with file, sheet, row and column; nothing is thrown for bad data.
 * Design weights: N_h / n_h when `population` is given, else 1 / π from the probability column, else the
 * frame's weight column (1/π and a given weight must agree to 1e-9 relative).
 * @param table the frame as read (see the backend's frame reader)
 * @param options column roles, case-ID format, allowed codes, existing IDs, population counts
 * @returns cases, errors (import refused when non-empty), warnings, column roles and a code count per stratum
 */
export function validateFrame(table: FrameTable, options: FrameOptions): FrameValidation {
  const errors: FrameProblem[] = [];
  const warnings: FrameProblem[] = [];
  const at = (kind: FrameProblemKind, message: string, where: { row?: number; column?: string; value?: string } = {}): FrameProblem => ({
    kind, file: table.file, ...(table.sheet !== undefined ? { sheet: table.sheet } : {}), ...where, message,
  });
  const header = table.header.map((h) => h.trim());
  const columns: FrameColumns = { caseId: null, probability: null, weight: null, mode: null, strata: [], contact: [] };
  const result = (cases: FrameCase[], summary: FrameValidation['strataSummary'] = []): FrameValidation => ({ cases, errors, warnings, columns, strataSummary: summary });

  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === '') return;
    const k = norm(h);
    if (index.has(k)) errors.push(at('duplicate-column', `Column "${h}" appears twice in the header.`, { row: 1, column: h }));
    else index.set(k, i);
  });
  const find = (given: string | undefined, names: readonly string[], role: string, required: boolean): string | null => {
    if (given !== undefined) {
      if (!index.has(norm(given))) {
        errors.push(at('missing-column', `The ${role} column "${given}" is not in the header.`, { row: 1, column: given }));
        return null;
      }
      return header[index.get(norm(given))!]!;
    }
    for (const n of names) if (index.has(n)) return header[index.get(n)!]!;
    if (required) errors.push(at('missing-column', `No ${role} column: name one of ${names.join(', ')}.`, { row: 1 }));
    return null;
  };
  const assign = options.assignCaseIdsFrom;
  columns.caseId = assign === undefined ? find(options.caseIdColumn, CASE_ID_NAMES, 'case ID', true) : null;
  columns.probability = find(options.probabilityColumn, PROBABILITY_NAMES, 'selection probability', false);
  columns.weight = find(options.weightColumn, WEIGHT_NAMES, 'design weight', false);
  columns.mode = find(options.modeColumn, MODE_NAMES, 'mode', false);
  const roleTaken = new Set([columns.caseId, columns.probability, columns.weight, columns.mode].filter((c): c is string => c !== null).map(norm));
  if (options.contactColumns) {
    for (const c of options.contactColumns) {
      if (!index.has(norm(c))) errors.push(at('missing-column', `The contact column "${c}" is not in the header.`, { row: 1, column: c }));
      else columns.contact.push(header[index.get(norm(c))!]!);
    }
  } else {
    columns.contact = header.filter((h) => h !== '' && !roleTaken.has(norm(h)) && (CONTACT_NAMES.has(norm(h)) || norm(h).startsWith('contact_')));
  }
  for (const c of columns.contact) roleTaken.add(norm(c));
  if (options.strata) {
    for (const s of options.strata) {
      if (!index.has(norm(s))) errors.push(at('missing-column', `The stratum column "${s}" is not in the header.`, { row: 1, column: s }));
      else columns.strata.push(header[index.get(norm(s))!]!);
    }
  } else {
    columns.strata = header.filter((h) => h !== '' && !roleTaken.has(norm(h)));
  }
  const optional = new Set((options.optionalStrata ?? []).map(norm));
  if (table.rows.length === 0) errors.push(at('empty-frame', 'The frame has no data rows.'));
  if (errors.length > 0) return result([]);

  const col = (name: string | null): number => (name === null ? -1 : index.get(norm(name))!);
  const idCol = col(columns.caseId);
  const pCol = col(columns.probability);
  const wCol = col(columns.weight);
  const mCol = col(columns.mode);
  const strataCols = columns.strata.map((s) => ({ name: s, i: col(s), optional: optional.has(norm(s)), codes: codeSet(options.codes, s) }));
  const contactCols = columns.contact.map((c) => ({ name: c, i: col(c) }));
  const seen = new Map<string, number>();
  const cases: FrameCase[] = [];
  const cell = (cells: readonly (string | null)[], i: number): string => (i < 0 ? '' : (cells[i] ?? '').trim());

  table.rows.forEach(({ row, cells }, k) => {
    let caseId: string | null = null;
    if (assign !== undefined) {
      try {
        caseId = formatCaseId(assign + k, options.caseIdFormat);
      } catch {
        errors.push(at('bad-case-id', `Case number ${assign + k} does not fit the case-ID format (${options.caseIdFormat.bodyDigits} digits).`, { row }));
      }
    } else {
      const raw = cell(cells, idCol);
      if (raw === '') errors.push(at('empty-case-id', 'The case ID is empty.', { row, column: columns.caseId! }));
      else {
        const check = checkCaseId(raw, options.caseIdFormat);
        if (check.ok) caseId = check.caseId;
        else errors.push(at('bad-case-id', check.message, { row, column: columns.caseId!, value: raw }));
      }
    }
    if (caseId !== null) {
      const first = seen.get(caseId);
      if (first !== undefined) errors.push(at('duplicate-id', `Case ID ${caseId} is also on row ${first}.`, { row, ...(columns.caseId ? { column: columns.caseId } : {}), value: caseId }));
      else seen.set(caseId, row);
      if (options.existingCaseIds?.has(caseId)) errors.push(at('existing-id', `Case ID ${caseId} is already in the project's sample.`, { row, ...(columns.caseId ? { column: columns.caseId } : {}), value: caseId }));
    }
    const strata: Record<string, string> = {};
    for (const s of strataCols) {
      const v = cell(cells, s.i);
      if (v === '') {
        if (!s.optional) errors.push(at('missing-stratum', `Stratum ${s.name} is empty.`, { row, column: s.name }));
        continue;
      }
      if (s.codes && !s.codes.has(v)) errors.push(at('unknown-code', `Code ${v} is not a code of ${s.name} (allowed: ${[...s.codes].slice(0, 20).join(', ')}${s.codes.size > 20 ? ', …' : ''}).`, { row, column: s.name, value: v }));
      strata[s.name] = v;
    }
    let probability: number | null = null;
    let designWeight: number | null = null;
    let weightSource: WeightSource | null = null;
    if (pCol >= 0) {
      const raw = cell(cells, pCol);
      const p = raw === '' ? null : parseDecimal(raw);
      if (raw === '') errors.push(at('probability', 'The selection probability is empty.', { row, column: columns.probability! }));
      else if (p === null) errors.push(at('probability', `The selection probability "${raw}" is not a number.`, { row, column: columns.probability!, value: raw }));
      else if (!(p > 0 && p <= 1)) errors.push(at('probability', `The selection probability ${raw} is outside (0, 1].`, { row, column: columns.probability!, value: raw }));
      else {
        probability = p;
        designWeight = weightFromProbability(p);
        weightSource = 'probability';
      }
    }
    if (wCol >= 0) {
      const raw = cell(cells, wCol);
      const w = raw === '' ? null : parseDecimal(raw);
      if (raw === '') {
        if (pCol < 0) errors.push(at('weight', 'The design weight is empty.', { row, column: columns.weight! }));
      } else if (w === null) errors.push(at('weight', `The design weight "${raw}" is not a number.`, { row, column: columns.weight!, value: raw }));
      else if (!(w >= 1)) errors.push(at('weight', `The design weight ${raw} is below 1 (it would mean a selection probability above 1).`, { row, column: columns.weight!, value: raw }));
      else if (designWeight !== null && Math.abs(designWeight - w) > 1e-9 * w) {
        errors.push(at('weight', `The design weight ${raw} does not equal 1 / selection probability (${designWeight}).`, { row, column: columns.weight!, value: raw }));
      } else if (designWeight === null && pCol < 0) {
        designWeight = w;
        weightSource = 'frame';
      }
    }
    let mode: SampleMode | null = null;
    if (mCol >= 0) {
      const raw = cell(cells, mCol);
      if (raw !== '') {
        const m = MODE_ALIASES[norm(raw)];
        if (m) mode = m;
        else errors.push(at('mode', `Mode "${raw}" is not paper or web.`, { row, column: columns.mode!, value: raw }));
      }
    }
    const contact: Record<string, string> = {};
    for (const c of contactCols) {
      const v = cell(cells, c.i);
      if (v !== '') contact[c.name] = v;
    }
    cases.push({ row, caseId: caseId ?? '', strata, probability, designWeight, weightSource, mode, contact });
  });

  if (options.population) {
    for (const s of options.population.strata) {
      if (!columns.strata.some((c) => norm(c) === norm(s))) errors.push(at('population', `The population counts are by ${s}, which is not a stratum column of the frame.`, { row: 1, column: s }));
    }
    if (errors.every((e) => e.kind !== 'population')) {
      const pw = populationWeights(cases, options.population);
      for (const p of pw.problems) {
        const c = p.caseIndex === null ? undefined : cases[p.caseIndex];
        errors.push(at('population', p.message, c ? { row: c.row } : {}));
      }
      pw.weights.forEach((w, i) => {
        const c = cases[i]!;
        if (w === null) return;
        if (c.weightSource === 'probability' && Math.abs(c.designWeight! - w) > 1e-9 * w) {
          warnings.push(at('population', `N_h / n_h = ${w.toFixed(4)} replaces 1 / selection probability = ${c.designWeight!.toFixed(4)}.`, { row: c.row, ...(columns.probability ? { column: columns.probability } : {}) }));
        }
        c.designWeight = w;
        c.probability = 1 / w;
        c.weightSource = 'population';
      });
    }
  }
  if (pCol < 0 && wCol < 0 && !options.population) {
    warnings.push(at('weight', 'The frame has no selection probability or design weight and no population counts were given: cases get no design weight.'));
  }
  const summary = strataCols.map((s) => {
    const counts = new Map<string, number>();
    for (const c of cases) {
      const v = c.strata[s.name];
      if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return { variable: s.name, codes: [...counts].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })).map(([code, count]) => ({ code, count })) };
  });
  return result(cases, summary);
}

function codeSet(codes: FrameOptions['codes'], variable: string): Set<string> | null {
  if (!codes) return null;
  for (const [k, v] of Object.entries(codes)) if (norm(k) === norm(variable)) return new Set(v);
  return null;
}
