// The Tables sheet of the export: chosen single-choice variables by a grouping variable, weighted % with logit 95 % CI (pure).
import { DomainError } from '../domain/errors';
import { findVariable, textIn, userMissingCodes, valueLabels, type Questionnaire } from '../domain/questionnaire';
import { estimateCategorical } from '../weighting/estimates';
import type { CalibrationModel } from '../weighting/types';
import type { Dataset, NumberColumn } from './dataset';
import { numberAt } from './dataset';
import type { CellValue, SheetColumn } from './layout';
import type { FixedSheetContent } from './weightingSheet';

/** Default small-cell threshold: percentages on fewer respondents are flagged or suppressed. */
export const DEFAULT_MIN_N = 10;

/**
 * What the Tables sheet shows (from the export options). Variables are single choice, or calculated with codes
 * (`slachtoffer` 0/1): their categories are the non-missing value labels, else the observed values in ascending order.
 */
export interface TablesChoice {
  /** Single-choice variables, one table each. */
  variables: readonly string[];
  /** The grouping (column) variable, single choice. */
  by: string;
  /** Columns whose unweighted base is below this are flagged or suppressed (default {@link DEFAULT_MIN_N}). */
  minN?: number;
  /** `flag` (default): values shown with "n < minN"; `suppress`: %, CI and n left empty with a note. */
  smallCells?: 'flag' | 'suppress';
  /** Indicator tables shown first (e.g. a report's headline table); absent or empty: none. */
  indicators?: readonly IndicatorTable[];
}

/** One row of an indicator table: a label and the cases it covers (`where` absent = every case in the table). */
export interface IndicatorRow {
  label: string;
  where?: { variable: string; codes: readonly number[] };
}

/**
 * Reference figures shown next to the estimates, e.g. the published figures of earlier waves: a column header,
 * where they come from, and a percentage (0–100, as published) per row label; rows not listed or null stay empty.
 */
export interface ReferenceColumn {
  header: string;
  source: string;
  values: Readonly<Record<string, number | null>>;
}

/**
 * An indicator table: the percentage of one category (`code`) of `variable` for each row's cases, with 95 % CI
 * and unweighted base n, next to reference columns. Rows are domains, so a row may be one group (`groep` = 2) or
 * one function (`functie` = 11) of another.
 */
export interface IndicatorTable {
  title: string;
  variable: string;
  code: number;
  rows: readonly IndicatorRow[];
  /**
   * Weights of this table, by name (weighting schemes or weight variables, resolved by the caller into
   * {@link TablesFacts.indicatorWeights}); several are combined — each case takes the weight of the one that
   * weighted it (schemes for disjoint groups). Absent: the weights of the tables ({@link TablesFacts.weights}).
   */
  weights?: readonly string[];
  /** At most {@link MAX_REFERENCES} reference columns. */
  references?: readonly ReferenceColumn[];
}

/** Most reference columns of an indicator table. */
export const MAX_REFERENCES = 3;

/** Weights of the tables: one per dataset row (NaN = the case has no weight and stays out of the tables). */
export interface TablesWeights {
  /** Per dataset row. */
  values: Float64Array;
  /** What they are, in words (e.g. "scheme ambtsdragers (w_pa)"). */
  label: string;
  /**
   * The weighting scheme's calibration model, per dataset row (entries of rows without a weight unused), when the
   * weighted rows are exactly the scheme's sample: the report tables' CIs are then calibration-aware
   * ({@link estimateCategorical} seCalibrated, as R survey on a calibrate() design). Absent: weights taken as fixed.
   */
  model?: CalibrationModel;
}

/** Input of {@link tablesSheetContent}. */
export interface TablesFacts {
  /** The chosen tables, or null when none were chosen (the sheet then explains how to choose them). */
  choice: TablesChoice | null;
  /** Weights, or null for unweighted tables (every case weight 1). */
  weights: TablesWeights | null;
  /** The weights named by indicator tables ({@link IndicatorTable.weights}), by name. */
  indicatorWeights?: Readonly<Record<string, TablesWeights>>;
}

/**
 * Combines several weights for disjoint groups into one: each row takes the one finite weight it has (NaN when none).
 * @param parts the weights, in order; @param caseIds the dataset's case IDs (for the message)
 * @returns values and a label naming the parts
 * @throws DomainError INVALID_INPUT when a case has a weight in two of them
 */
export function combineWeights(parts: readonly TablesWeights[], caseIds: readonly string[]): TablesWeights {
  const values = new Float64Array(caseIds.length).fill(Number.NaN);
  for (const p of parts) {
    for (let i = 0; i < values.length; i++) {
      const x = p.values[i]!;
      if (!Number.isFinite(x)) continue;
      if (Number.isFinite(values[i]!)) throw new DomainError('INVALID_INPUT', `Tables: case ${caseIds[i]} has a weight in more than one of ${parts.map((q) => q.label).join(', ')}; combined weights must be for separate groups.`);
      values[i] = x;
    }
  }
  return { values, label: parts.map((p) => p.label).join(' + ') };
}

/** The column group over every case of the table (fixed text, English as the sheet's other headers). */
const TOTAL = 'Total';
/** How the CIs of the sheet are made (column comments and notes): logit intervals as R svyciprop (shared/weighting/estimates.ts logitCi95). */
const CI_METHOD = 'logit, as R svyciprop';
const CI_FORMULA = 'expit(logit(p) ∓ t(0.975; df)·SE / (p(1 − p))), df = cases in the group − 1 (logit interval, always within 0–100 %)';

function lang(q: Questionnaire, t: Readonly<Record<string, string>>): string {
  return textIn(t, q.defaultLanguage, q.defaultLanguage);
}

function codedColumn(q: Questionnaire, ds: Dataset, name: string): NumberColumn {
  const v = findVariable(q, name);
  if (!v || (v.type !== 'single' && v.type !== 'calculated')) throw new DomainError('INVALID_INPUT', `Tables: ${name} is not a single-choice (or calculated, coded) variable of the questionnaire.`);
  const c = ds.columns.find((x): x is NumberColumn => x.kind === 'number' && x.name === name && !x.option);
  if (!c) throw new DomainError('INVALID_INPUT', `Tables: ${name} is not in the exported data (an identifying variable left out?).`);
  return c;
}

/**
 * Checks a tables choice against the questionnaire and the dataset: every variable and `by` single choice and
 * exported, at least one variable, minN a positive integer.
 * @throws DomainError INVALID_INPUT naming the problem
 */
export function checkTablesChoice(q: Questionnaire, ds: Dataset, choice: TablesChoice): void {
  if (choice.variables.length === 0) throw new DomainError('INVALID_INPUT', 'Tables: choose at least one variable.');
  if (choice.minN !== undefined && !(Number.isInteger(choice.minN) && choice.minN >= 1)) throw new DomainError('INVALID_INPUT', 'Tables: the minimum n must be a whole number of at least 1.');
  codedColumn(q, ds, choice.by);
  for (const v of choice.variables) codedColumn(q, ds, v);
  for (const t of choice.indicators ?? []) {
    codedColumn(q, ds, t.variable);
    if (t.rows.length === 0) throw new DomainError('INVALID_INPUT', `Tables: indicator table "${t.title}" has no rows.`);
    if ((t.references ?? []).length > MAX_REFERENCES) throw new DomainError('INVALID_INPUT', `Tables: indicator table "${t.title}" has more than ${MAX_REFERENCES} reference columns.`);
    for (const r of t.rows) if (r.where) codedColumn(q, ds, r.where.variable);
  }
}

/** A variable's codes (non-missing value labels, numeric) with labels, and its values per row (NaN = missing / user-missing / not a code). */
function outcome(q: Questionnaire, ds: Dataset, name: string): { codes: number[]; labels: Map<number, string>; y: Float64Array; userMissing: string[] } {
  const c = codedColumn(q, ds, name);
  const v = findVariable(q, name)!;
  const missing = new Set(userMissingCodes(q, v).map((m) => m.code));
  const listed = valueLabels(q, v).filter((l) => !l.missing && /^-?\d+$/.test(l.code));
  const y = new Float64Array(ds.caseIds.length);
  for (let i = 0; i < y.length; i++) {
    const x = c.raw.has(i) ? Number.NaN : numberAt(c, i);
    y[i] = Number.isNaN(x) || missing.has(String(x)) ? Number.NaN : x;
  }
  let codes = listed.map((l) => Number(l.code));
  if (codes.length === 0) codes = [...new Set(Array.from(y).filter((x) => !Number.isNaN(x)))].sort((a, b) => a - b);
  return { codes, labels: new Map(listed.map((l) => [Number(l.code), lang(q, l.label)])), y, userMissing: userMissingCodes(q, v).map((m) => m.code) };
}

/**
 * The Tables sheet: for each chosen variable one block of rows — one row per category (code, label) with, per
 * category of `by` and for Total, four columns: weighted % (a proportion 0–1 with a % format), 95 % CI low and high,
 * unweighted n of the cell, and a flag column — then a base row (unweighted base n per column) and note rows.
 *
 * Estimates: {@link estimateCategorical} (shared/weighting/estimates.ts) on the cases that have a weight (all cases
 * when unweighted), each `by` category a domain (the other cases stay in the variance with z_i = 0, as R
 * svymean(~factor(y), subset(design, …)) does); proportions p_k = Σ_{y=k} w / Σ w; SE by linearization with the
 * weights taken as fixed (R survey svydesign(ids = ~1, weights = ~w)) — or, when the weights carry their scheme's
 * calibration model ({@link TablesWeights.model}), with the calibration residuals (R survey calibrate()); logit interval
 * expit(logit(p) ∓ qt(0.975, df)·SE/(p(1-p))) with df = cases in the domain - 1, as R survey::svyciprop(~I(y == k),
 * subset(design, …)) with its default method "logit" (logitCi95 in shared/weighting/estimates.ts): always inside [0, 1]; p = 0 → [0, 0], p = 1 →
 * [1, 1]; a one-case domain (df = 0) has no interval (empty cells). Empty values, user-missing
 * codes and values that are not codes of the variable are left out of the base (said in a note row).
 *
 * Small cells: a column whose unweighted base n is below minN is flagged ("n < minN" in its flag column, values
 * shown) or suppressed (%, CI and n empty, flag "suppressed: n < minN").
 *
 * Indicator tables ({@link TablesChoice.indicators}), when chosen, come first and their columns (%, CI low, CI high,
 * n, flag, reference columns) head the sheet; the by-group tables then follow under a header row of their own.
 * Without indicator tables the sheet is exactly as before.
 * @param q the questionnaire (codes, labels, user-missing codes); @param ds the exported dataset
 * @param facts the choice (null: one row explaining how to choose tables), the weights and the indicator tables' weights
 * @throws DomainError INVALID_INPUT for a variable that is not single choice or not exported, an indicator table
 *   without rows, with more than {@link MAX_REFERENCES} reference columns or naming weights not given, or a case
 *   weighted by two of an indicator table's combined weights
 */
export function tablesSheetContent(q: Questionnaire, ds: Dataset, facts: TablesFacts): FixedSheetContent {
  const base: SheetColumn[] = [
    { header: 'Variable', width: 16, format: 'general' },
    { header: 'Code', width: 8, format: 'general' },
    { header: 'Label', width: 40, format: 'general' },
  ];
  const choice = facts.choice;
  if (!choice) {
    return {
      columns: base,
      rows: [['(none)', null, 'No tables chosen. Choose variables and a grouping variable in the export options (tables: { variables, by, weight?, minN?, smallCells? }) or on the command line: export … --tables slachtoffer,veiligheid --by functie [--weight <scheme or variable>] [--min-n 10] [--suppress].']],
    };
  }
  checkTablesChoice(q, ds, choice);
  const minN = choice.minN ?? DEFAULT_MIN_N;
  const suppress = choice.smallCells === 'suppress';
  const rowsN = ds.caseIds.length;
  const w = new Float64Array(rowsN);
  const inTable = new Uint8Array(rowsN);
  let dropped = 0;
  for (let i = 0; i < rowsN; i++) {
    const x = facts.weights ? facts.weights.values[i]! : 1;
    if (Number.isFinite(x)) {
      w[i] = x;
      inTable[i] = 1;
    } else dropped++;
  }
  // Only the cases with a weight enter the estimates (rows in the variance = weighted cases, as weighting.estimate).
  const keep: number[] = [];
  for (let i = 0; i < rowsN; i++) if (inTable[i]) keep.push(i);
  const weights = Float64Array.from(keep, (i) => w[i]!);
  const m = facts.weights?.model;
  const model: CalibrationModel | undefined = m ? { margins: m.margins.map((x) => ({ index: Int32Array.from(keep, (i) => x.index[i]!), size: x.size })), base: Float64Array.from(keep, (i) => m.base[i]!) } : undefined;
  const g = outcome(q, ds, choice.by);
  const gy = Float64Array.from(keep, (i) => g.y[i]!);
  const groups: { header: string; label: string; domain: Uint8Array | null }[] = g.codes.map((code) => ({
    header: `${choice.by}=${code}`,
    label: g.labels.get(code) ?? String(code),
    domain: Uint8Array.from(gy, (x) => (x === code ? 1 : 0)),
  }));
  groups.push({ header: TOTAL, label: TOTAL, domain: null });
  const pctName = facts.weights ? 'weighted %' : '%';
  const columns: SheetColumn[] = [...base];
  for (const gr of groups) {
    const what = gr.domain ? `${choice.by} = ${gr.header.slice(choice.by.length + 1)} (${gr.label})` : 'all cases in the table';
    columns.push(
      { header: `${gr.header} %`, width: 9, format: 'proportion', comment: `${what}: ${pctName}` },
      { header: `${gr.header} CI low`, width: 9, format: 'proportion', comment: `${what}: 95 % CI lower bound (${CI_METHOD})` },
      { header: `${gr.header} CI high`, width: 9, format: 'proportion', comment: `${what}: 95 % CI upper bound (${CI_METHOD})` },
      { header: `${gr.header} n`, width: 7, format: 'general', comment: `${what}: unweighted n of the cell` },
      { header: `${gr.header} flag`, width: 12, format: 'general', comment: `${what}: small-base flag (base n < ${minN})` },
    );
  }
  const rows: CellValue[][] = [];
  const note = (variable: string, text: string) => rows.push([variable, null, text]);
  for (const name of choice.variables) {
    const o = outcome(q, ds, name);
    const y = Float64Array.from(keep, (i) => o.y[i]!);
    const v = findVariable(q, name)!;
    const catRows: CellValue[][] = o.codes.map((code) => [name, code, o.labels.get(code) ?? null]);
    const baseRow: CellValue[] = [name, null, 'Base (unweighted n)'];
    let small = 0;
    for (const gr of groups) {
      let est: ReturnType<typeof estimateCategorical> | null = null;
      try {
        est = o.codes.length > 0 ? estimateCategorical({ y, weights, ...(model ? { model } : {}), ...(gr.domain ? { domain: gr.domain } : {}) }, o.codes) : null;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        est = null; // no respondent in this group: empty cells
      }
      const nBase = est?.nNonMissing ?? 0;
      const isSmall = nBase < minN;
      if (isSmall) small++;
      const hide = isSmall && suppress;
      const flag = isSmall ? (suppress ? `suppressed: n < ${minN}` : `n < ${minN}`) : null;
      o.codes.forEach((_, k) => {
        const c = est?.categories[k];
        const row = catRows[k]!;
        if (!c || hide) row.push(null, null, null, null, flag);
        else {
          const ci = model ? c.ci95LogitCalibrated : c.ci95LogitFixed;
          row.push(c.proportion, ci?.[0] ?? null, ci?.[1] ?? null, c.respondents, flag);
        }
      });
      baseRow.push(null, null, null, nBase, flag);
    }
    rows.push([name, null, `${lang(q, v.label)}${v.number ? ` (${v.number})` : ''} by ${choice.by}`]);
    rows.push(...catRows, baseRow);
    const um = o.userMissing;
    note(name, `Note: empty values${um.length > 0 ? `, user-missing codes (${um.join(', ')})` : ''} and values that are not codes of ${name} are excluded from the base.`);
    if (small > 0) note(name, `Note: ${small} column(s) with a base below ${minN} respondents ${suppress ? 'are suppressed (left empty)' : 'are flagged "n < ' + minN + '": interpret with care'}.`);
  }
  note('(all)', `Note: ${facts.weights ? `weighted with ${facts.weights.label}` : 'unweighted (no weight chosen)'}; 95 % CI = ${CI_FORMULA}, SE by linearization ${facts.weights?.model ? "with the scheme's calibration residuals (calibration-aware, as R survey on a calibrate() design)" : 'with the weights taken as fixed'}, subgroups as domains (as R survey::svyciprop, method "logit").`);
  if (dropped > 0) note('(all)', `Note: ${dropped} exported case(s) without a weight (not in the weighting scheme) are not in the tables.`);
  if (g.userMissing.length > 0) note('(all)', `Note: cases with ${choice.by} empty or user-missing (${g.userMissing.join(', ')}) count in ${TOTAL} only.`);
  const indicators = choice.indicators ?? [];
  if (indicators.length === 0) return { columns, rows };
  // Indicator tables first; their column names head the sheet, the by-group tables follow under their own header row.
  const ind = indicatorBlock(q, ds, indicators, facts, minN, suppress);
  const width = Math.max(columns.length, ind.columns.length);
  const merged: SheetColumn[] = [];
  for (let i = 0; i < width; i++) {
    const a = ind.columns[i], b = columns[i];
    merged.push(a && b ? { ...a, width: Math.max(a.width, b.width), comment: `${a.comment ?? a.header}; in the by-group tables below: ${b.comment ?? b.header}` } : (a ?? b)!);
  }
  return { columns: merged, rows: [...ind.rows, [null], columns.map((c) => c.header), ...rows] };
}

/**
 * The rows of the indicator tables: a title row, one row per domain — variable, code, label, % (proportion), 95 %
 * CI low and high (logit as R svyciprop, weights fixed, the row's cases a domain: as the by-group tables), unweighted base n, the
 * small-base flag and the reference values (published percentages / 100) — and note rows with the weights and the
 * sources of the references. Column formats agree with the by-group tables' first columns (%, CI as proportions; n
 * and flag general; up to {@link MAX_REFERENCES} reference columns where the second group's %, CI low and CI high are).
 */
function indicatorBlock(q: Questionnaire, ds: Dataset, tables: readonly IndicatorTable[], facts: TablesFacts, minN: number, suppress: boolean): FixedSheetContent {
  const refCount = Math.max(0, ...tables.map((t) => (t.references ?? []).length));
  const refHeaders = Array.from({ length: refCount }, (_, k) => [...new Set(tables.map((t) => t.references?.[k]?.header).filter((h): h is string => !!h))].join(' / ') || `Reference ${k + 1}`);
  const columns: SheetColumn[] = [
    { header: 'Variable', width: 16, format: 'general' },
    { header: 'Code', width: 8, format: 'general', comment: 'the category whose percentage is shown' },
    { header: 'Label', width: 40, format: 'general', comment: 'indicator tables: the group of the row' },
    { header: '%', width: 9, format: 'proportion', comment: 'indicator tables: (weighted) % of the row' },
    { header: 'CI low', width: 9, format: 'proportion', comment: `indicator tables: 95 % CI lower bound (${CI_METHOD})` },
    { header: 'CI high', width: 9, format: 'proportion', comment: `indicator tables: 95 % CI upper bound (${CI_METHOD})` },
    { header: 'n', width: 7, format: 'general', comment: 'indicator tables: unweighted base n of the row' },
    { header: 'flag', width: 12, format: 'general', comment: `indicator tables: small-base flag (base n < ${minN})` },
    ...refHeaders.map((h) => ({ header: h, width: 12, format: 'proportion' as const, comment: `indicator tables: reference figure (${h})` })),
  ];
  const rows: CellValue[][] = [];
  for (const t of tables) {
    const names = t.weights ?? [];
    const weights = names.length > 0
      ? combineWeights(names.map((n) => {
        const w = facts.indicatorWeights?.[n];
        if (!w) throw new DomainError('INVALID_INPUT', `Tables: the weights ${n} of indicator table "${t.title}" were not given.`);
        return w;
      }), ds.caseIds)
      : facts.weights;
    const keep: number[] = [];
    for (let i = 0; i < ds.caseIds.length; i++) if (!weights || Number.isFinite(weights.values[i]!)) keep.push(i);
    const wv = Float64Array.from(keep, (i) => (weights ? weights.values[i]! : 1));
    const o = outcome(q, ds, t.variable);
    const y = Float64Array.from(keep, (i) => o.y[i]!);
    const k = o.codes.indexOf(t.code);
    rows.push([t.variable, null, t.title]);
    for (const r of t.rows) {
      let domain: Uint8Array | null = null;
      if (r.where) {
        const gv = outcome(q, ds, r.where.variable).y;
        const codes = new Set(r.where.codes);
        domain = Uint8Array.from(keep, (i) => (codes.has(gv[i]!) ? 1 : 0));
      }
      let est: ReturnType<typeof estimateCategorical> | null;
      try {
        est = k >= 0 && keep.length > 0 ? estimateCategorical({ y, weights: wv, ...(domain ? { domain } : {}) }, o.codes) : null;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        est = null; // no respondent in this row: empty cells
      }
      const nBase = est?.nNonMissing ?? 0;
      const small = nBase < minN;
      const hide = small && suppress;
      const c = est?.categories[k];
      const refs = (t.references ?? []).map((ref) => { const v = ref.values[r.label]; return v === undefined || v === null ? null : v / 100; });
      while (refs.length < refCount) refs.push(null);
      rows.push([
        t.variable, t.code, r.label,
        ...(c && !hide ? [c.proportion, c.ci95LogitFixed?.[0] ?? null, c.ci95LogitFixed?.[1] ?? null, nBase] : [null, null, null, hide ? null : nBase]),
        small ? (suppress ? `suppressed: n < ${minN}` : `n < ${minN}`) : null,
        ...refs,
      ]);
    }
    rows.push([t.variable, null, `Note: % of ${t.variable} = ${t.code}${o.labels.get(t.code) ? ` (${o.labels.get(t.code)})` : ''} among the row's cases with a valid value; ${weights ? `weighted with ${weights.label}` : 'unweighted'}; 95 % CI = ${CI_FORMULA}, weights taken as fixed, each row a domain (as R survey::svyciprop, method "logit").`]);
    for (const ref of t.references ?? []) rows.push([t.variable, null, `Note: ${ref.header}: ${ref.source}`]);
  }
  return { columns, rows };
}
