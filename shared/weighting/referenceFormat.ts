// The reference file formats (sample.csv, targets.csv, cells.csv, spec.json) as pure conversions to a weighting run and its summary.
import { z } from 'zod';
import { DomainError, type ErrorIssue } from '../domain/errors';
import { estimateCategorical, estimateMean, type VarianceDesign } from './estimates';
import { largestWeights } from './diagnostics';
import type { CellTargets, MarginTarget, TrimOptions, WeightingResult, WeightingSample, WeightingSpec, WeightSummary } from './types';

/** A parsed CSV table: header and rows of raw strings; `file` is used in messages. Row r of `rows` is file line r + 2. */
export interface CsvTable {
  file: string;
  header: string[];
  rows: string[][];
}

const Outcome = z.looseObject({
  name: z.string().min(1),
  type: z.enum(['binary', 'categorical', 'numeric']),
  codes: z.array(z.number()).optional().nullable(),
});

const Trim = z.looseObject({
  lower_multiple_of_mean: z.number().nullable().optional(),
  upper_multiple_of_mean: z.number().nullable().optional(),
  lower_absolute: z.number().nullable().optional(),
  upper_absolute: z.number().nullable().optional(),
  rerake_after_trim: z.boolean().optional(),
  max_cycles: z.number().int().positive().optional(),
  cycle_stop_rule: z.string().optional(),
  cycle_tolerance: z.number().positive().optional(),
});

/** The fields of a reference spec.json that a weighting run uses (other fields are kept but ignored). */
export const ReferenceSpecSchema = z.looseObject({
  case_id: z.string().optional(),
  method: z.enum(['poststratify', 'rake', 'linear']),
  id_column: z.string().min(1).default('id'),
  variables: z.array(z.string().min(1)).min(1),
  base_weight_column: z.string().min(1).nullable().optional(),
  cell_variable: z.string().optional(),
  cell_code: z.string().optional(),
  outcomes: z.array(Outcome).default([]),
  options: z.looseObject({
    max_iterations: z.number().int().positive().optional(),
    tolerance: z.number().positive().optional(),
    trim: Trim.nullable().optional(),
  }).default({}),
  design: z.looseObject({
    strata_column: z.string().nullable().optional(),
    fpc_column: z.string().nullable().optional(),
  }).nullable().optional(),
});
/** A parsed reference spec.json. */
export type ReferenceSpec = z.infer<typeof ReferenceSpecSchema>;

/**
 * Parses a reference spec.json object (already JSON-parsed).
 *
 * @param json parsed JSON; @param file name for messages
 * @returns the typed spec
 * @throws DomainError 'WEIGHTING_INPUT' naming the file and the field path of each problem
 */
export function parseReferenceSpec(json: unknown, file = 'spec.json'): ReferenceSpec {
  const r = ReferenceSpecSchema.safeParse(json);
  if (r.success) return r.data;
  const issues: ErrorIssue[] = r.error.issues.map((i) => ({ message: i.message, file, path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) }));
  const first = issues[0]!;
  throw new DomainError('WEIGHTING_INPUT', `${file}: ${first.path?.join('.') || '(root)'}: ${first.message}`, issues);
}

/** Everything needed for a weighting run built from the reference files. */
export interface ReferenceRun {
  spec: ReferenceSpec;
  sample: WeightingSample;
  weighting: WeightingSpec;
  /** Case ids in row order. */
  ids: (number | string)[];
  /** Outcome columns (NaN = missing). */
  outcomes: Record<string, Float64Array>;
  /** Stratified design for extra SEs (from spec.design), if any. */
  design: VarianceDesign | null;
  /** Post-stratification: cell code per cell (index order of the encoded cells) and the cell variable name. */
  cellCodeOf?: (componentCodes: readonly number[]) => number | undefined;
}

function col(t: CsvTable, name: string, required = true): number {
  const k = t.header.indexOf(name);
  if (k < 0 && required) {
    throw new DomainError('WEIGHTING_INPUT', `${t.file}: column "${name}" is missing (columns: ${t.header.join(', ')}).`, [{ message: 'column missing', file: t.file, row: 1, column: name }]);
  }
  return k;
}

/** Parses a numeric field; empty = NaN (missing) when `allowEmpty`. Errors name file, row and column. */
function num(t: CsvTable, r: number, k: number, allowEmpty: boolean): number {
  const row = t.rows[r]!;
  const raw = (row[k] ?? '').trim();
  const column = t.header[k]!;
  if (raw === '') {
    if (allowEmpty) return NaN;
    throw new DomainError('WEIGHTING_INPUT', `${t.file}, row ${r + 2}, column ${column}: value is empty.`, [{ message: 'empty value', file: t.file, row: r + 2, column }]);
  }
  const v = Number(raw);
  if (!Number.isFinite(v) || /^0x/i.test(raw)) {
    throw new DomainError('WEIGHTING_INPUT', `${t.file}, row ${r + 2}, column ${column}: "${raw}" is not a number.`, [{ message: 'not a number', file: t.file, row: r + 2, column, value: raw }]);
  }
  return v;
}

function checkWidth(t: CsvTable): void {
  t.rows.forEach((row, r) => {
    if (row.length !== t.header.length) {
      throw new DomainError('WEIGHTING_INPUT', `${t.file}, row ${r + 2}: ${row.length} fields where the header has ${t.header.length}.`,
        [{ message: 'wrong number of fields', file: t.file, row: r + 2 }]);
    }
  });
}

/**
 * Builds a weighting run from the reference formats (README of the reference cases): sample.csv (one row per
 * respondent; empty field = missing), targets.csv (`variable,category_code,population_count`), optional
 * cells.csv (`cell,<var1>,<var2>,population_count`) for post-stratification on crossed variables, spec.json.
 * Post-stratification targets use `variable = cell`; without cells.csv the code is decoded with the spec's
 * `cell_code` rule "cell = 10 * a + b".
 *
 * @param spec parsed spec; @param sample sample table; @param targets targets table; @param cells optional cells table
 * @returns sample columns, weighting spec, ids, outcomes and the optional stratified design
 * @throws DomainError 'WEIGHTING_INPUT' naming file, row and column of a bad field, or the missing column
 */
export function buildReferenceRun(spec: ReferenceSpec, sample: CsvTable, targets: CsvTable, cells?: CsvTable): ReferenceRun {
  checkWidth(sample);
  checkWidth(targets);
  if (cells) checkWidth(cells);
  const n = sample.rows.length;
  if (n === 0) throw new DomainError('WEIGHTING_INPUT', `${sample.file}: no data rows.`);
  const idK = col(sample, spec.id_column);
  const ids = sample.rows.map((row) => {
    const s = (row[idK] ?? '').trim();
    const v = Number(s);
    return s !== '' && Number.isFinite(v) ? v : s;
  });
  const column = (name: string, allowEmpty: boolean): Float64Array => {
    const k = col(sample, name);
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = num(sample, r, k, allowEmpty);
    return out;
  };
  const variables: Record<string, Float64Array> = {};
  for (const v of spec.variables) variables[v] = column(v, true);
  const baseCol = spec.base_weight_column ?? null;
  const ws: WeightingSample = { n, ids, variables, ...(baseCol ? { baseWeights: column(baseCol, true) } : {}) };
  const outcomes: Record<string, Float64Array> = {};
  for (const o of spec.outcomes) outcomes[o.name] = column(o.name, true);

  // targets
  const tv = col(targets, 'variable');
  const tc = col(targets, 'category_code');
  const tp = col(targets, 'population_count');
  const tRows = targets.rows.map((row, r) => ({ variable: (row[tv] ?? '').trim(), code: num(targets, r, tc, false), count: num(targets, r, tp, false), line: r + 2 }));
  const opts = spec.options;
  const weighting: WeightingSpec = { method: spec.method, tolerance: opts.tolerance ?? 1e-10, maxIterations: opts.max_iterations ?? 1000 };
  let cellCodeOf: ReferenceRun['cellCodeOf'];
  if (spec.method === 'poststratify') {
    const cellVar = spec.cell_variable ?? 'cell';
    const vars = spec.variables;
    const list: CellTargets = { variables: [...vars], cells: [] };
    const codeMap = new Map<string, number>();
    if (cells) {
      const cc = col(cells, cellVar);
      const ks = vars.map((v) => col(cells, v));
      const cp = col(cells, 'population_count');
      cells.rows.forEach((_, r) => {
        const codes = ks.map((k) => num(cells, r, k, false));
        list.cells.push({ codes, count: num(cells, r, cp, false) });
        codeMap.set(codes.join(','), num(cells, r, cc, false));
      });
      // cells.csv must agree with targets.csv where both give a cell
      for (const t of tRows.filter((x) => x.variable === cellVar)) {
        const c = list.cells.find((x) => codeMap.get(x.codes.join(',')) === t.code);
        if (!c) throw new DomainError('WEIGHTING_INPUT', `${targets.file}, row ${t.line}: cell ${t.code} is not in ${cells.file}.`, [{ message: 'cell not in cells file', file: targets.file, row: t.line, column: 'category_code', value: String(t.code) }]);
        if (c.count !== t.count) {
          throw new DomainError('WEIGHTING_INPUT', `${targets.file}, row ${t.line}: cell ${t.code} has population count ${t.count}, but ${cells.file} gives ${c.count}.`,
            [{ message: 'cell count differs from cells file', file: targets.file, row: t.line, column: 'population_count', value: String(t.count) }]);
        }
      }
    } else {
      const m = /=\s*(\d+)\s*\*\s*(\w+)\s*\+\s*(\w+)/.exec(spec.cell_code ?? '');
      if (!m || vars.length !== 2 || m[2] !== vars[0] || m[3] !== vars[1]) {
        throw new DomainError('WEIGHTING_INPUT', `Post-stratification needs a cells file (${cellVar},${vars.join(',')},population_count) or a spec cell_code "cell = 10 * ${vars[0]} + ${vars[1] ?? '?'}".`);
      }
      const mult = Number(m[1]);
      for (const t of tRows.filter((x) => x.variable === cellVar)) {
        const codes = [Math.floor(t.code / mult), t.code % mult];
        list.cells.push({ codes, count: t.count });
        codeMap.set(codes.join(','), t.code);
      }
    }
    const other = tRows.find((x) => x.variable !== cellVar);
    if (other) throw new DomainError('WEIGHTING_INPUT', `${targets.file}, row ${other.line}: variable "${other.variable}" in a post-stratification on ${cellVar}.`, [{ message: 'unexpected variable', file: targets.file, row: other.line, column: 'variable', value: other.variable }]);
    weighting.cells = list;
    cellCodeOf = (codes) => codeMap.get(codes.join(','));
  } else {
    const margins: MarginTarget[] = spec.variables.map((v) => ({ variable: v, categories: [] }));
    for (const t of tRows) {
      const m = margins.find((x) => x.variable === t.variable);
      if (!m) {
        throw new DomainError('WEIGHTING_INPUT', `${targets.file}, row ${t.line}: variable "${t.variable}" is not a weighting variable of the spec (${spec.variables.join(', ')}).`,
          [{ message: 'unknown variable', file: targets.file, row: t.line, column: 'variable', value: t.variable }]);
      }
      m.categories.push({ code: t.code, count: t.count });
    }
    const empty = margins.find((m) => m.categories.length === 0);
    if (empty) throw new DomainError('WEIGHTING_INPUT', `${targets.file}: no targets for weighting variable ${empty.variable}.`, [{ message: 'no targets', file: targets.file, column: 'variable', value: empty.variable }]);
    weighting.margins = margins;
  }
  if (opts.trim) weighting.trim = trimOptions(opts.trim);
  let design: VarianceDesign | null = null;
  const sc = spec.design?.strata_column;
  if (sc) {
    const s = column(sc, false);
    const codes = [...new Set(s)].sort((a, b) => a - b);
    const pos = new Map(codes.map((c, k) => [c, k]));
    design = { strata: Int32Array.from(s, (v) => pos.get(v)!) };
    const fc = spec.design?.fpc_column;
    if (fc) design.fpc = column(fc, false);
  }
  return { spec, sample: ws, weighting, ids, outcomes, design, ...(cellCodeOf ? { cellCodeOf } : {}) };
}

function trimOptions(t: z.infer<typeof Trim>): TrimOptions {
  const mean = t.lower_multiple_of_mean != null || t.upper_multiple_of_mean != null;
  const tolMatch = /<\s*([0-9.]+e-?\d+)/i.exec(t.cycle_stop_rule ?? '');
  const o: TrimOptions = {
    boundsOn: mean ? 'mean' : 'absolute',
    recalibrate: t.rerake_after_trim ?? true,
    maxCycles: t.max_cycles ?? 500,
    cycleTolerance: t.cycle_tolerance ?? (tolMatch ? Number(tolMatch[1]) : 1e-10),
  };
  const lo = mean ? t.lower_multiple_of_mean : t.lower_absolute;
  const hi = mean ? t.upper_multiple_of_mean : t.upper_absolute;
  if (lo != null) o.lower = lo;
  if (hi != null) o.upper = hi;
  return o;
}

function summaryOf(s: WeightSummary): Record<string, number> {
  return {
    n: s.n, sum_weights: s.sum, min_weight: s.min, max_weight: s.max, mean_weight: s.mean, max_min_ratio: s.maxMinRatio,
    kish_deff: s.kishDeff, effective_n: s.effectiveN, cv_weights_pop_sd: s.cv, n_zero_weights: s.zeroWeights, n_negative_weights: s.negativeWeights,
  };
}

/**
 * The summary of a run in the layout of the reference expected_summary.json (snake_case; JSON-safe): weight
 * statistics, iterations, achieved margins, and estimates per outcome with `se` = calibration-aware SE (GREG
 * residuals on the weighting variables), `se_fixed_weights` = final weights as fixed (unclustered, with
 * replacement; n = all rows), Wald 95 % CIs; with a stratified spec.design also `se_stratified_fixed_weights`
 * and `se_stratified_calibrated`.
 *
 * @param run the reference run; @param result the weighting result
 * @returns a JSON-safe object
 */
export function referenceSummary(run: ReferenceRun, result: WeightingResult): Record<string, unknown> {
  const cellVar = run.spec.cell_variable ?? 'cell';
  const margins = result.margins.map((m) => ({
    variable: m.cellCodes ? cellVar : m.variable,
    category_code: m.cellCodes ? (run.cellCodeOf?.(m.cellCodes) ?? m.code) : m.code,
    ...(m.cellCodes ? { cell_codes: m.cellCodes } : {}),
    target: m.target, achieved: m.achieved, difference: m.difference, relative_difference: m.relativeDifference, n_respondents: m.respondents,
  }));
  const estimates: Record<string, unknown> = {};
  for (const o of run.spec.outcomes) {
    const y = run.outcomes[o.name]!;
    const input = { y, weights: result.weights, model: result.model };
    const strat = run.design ? { ...input, design: run.design } : null;
    if (o.type === 'numeric') {
      const e = estimateMean(input);
      const es = strat ? estimateMean(strat) : null;
      estimates[o.name] = {
        type: 'numeric', n_nonmissing: e.nNonMissing, weighted_total_nonmissing: e.weightedTotal, mean: e.mean,
        se: e.seCalibrated, ci95: e.ci95Calibrated, se_fixed_weights: e.seFixed, ci95_fixed_weights: e.ci95Fixed,
        ...(es ? { se_stratified_fixed_weights: es.seFixed, se_stratified_calibrated: es.seCalibrated } : {}),
      };
    } else {
      const e = estimateCategorical(input, o.codes ?? undefined);
      const es = strat ? estimateCategorical(strat, o.codes ?? undefined) : null;
      estimates[o.name] = {
        type: o.type, n_nonmissing: e.nNonMissing, weighted_total_nonmissing: e.weightedTotal, n_outside_codes: e.nOutsideCodes,
        categories: e.categories.map((c, k) => ({
          category_code: c.code, n_respondents: c.respondents, weighted_count: c.weightedCount, proportion: c.proportion,
          se: c.seCalibrated, ci95: c.ci95Calibrated, se_fixed_weights: c.seFixed, ci95_fixed_weights: c.ci95Fixed, deff: Number.isFinite(c.deff) ? c.deff : null,
          ...(es ? { se_stratified_fixed_weights: es.categories[k]!.seFixed, se_stratified_calibrated: es.categories[k]!.seCalibrated } : {}),
        })),
      };
    }
  }
  return {
    ...(run.spec.case_id ? { case_id: run.spec.case_id } : {}),
    method: result.method,
    expected_result: 'weights',
    ...summaryOf(result.summary),
    base_weights: result.baseSummary ? summaryOf(result.baseSummary) : null,
    g_weights: result.gWeights,
    iterations: { passes: result.iterations, tolerance: run.weighting.tolerance, max_iterations: run.weighting.maxIterations,
      definition: 'max over target categories of |achieved - target| / target, checked after each full pass' },
    achieved_margins: margins,
    max_abs_margin_difference: result.maxAbsDeviation,
    max_rel_margin_difference: result.maxRelDeviation,
    estimates,
    trimming: result.trim ? {
      lower: result.trim.lower, upper: result.trim.upper, mean_weight_before_trimming: result.trim.meanWeight, cycles: result.trim.cycles.length,
      cycle_trace: result.trim.cycles.map((c) => ({ cycle: c.cycle, n_trimmed: c.trimmed, max_rel_margin_difference_after_trim: c.maxRelMarginDeviationAfterTrim,
        min_weight_after_rerake: c.minAfter, max_weight_after_rerake: c.maxAfter, max_rel_bound_violation_after_rerake: c.maxRelBoundViolation })),
      raked_summary: summaryOf(result.trim.before),
    } : null,
    largest_weights: largestWeights(result.weights, 10).map((x) => ({ id: run.ids[x.row]!, row: x.row + 1, weight: x.weight })),
    notes: result.notes,
    definitions: {
      kish_deff: 'n * sum(w^2) / sum(w)^2 (Kish 1965); effective_n = sum(w)^2 / sum(w^2); cv_weights_pop_sd = sqrt(kish_deff - 1) = population SD (divisor n) / mean',
      se_fixed_weights: 'final weights fixed, unclustered, with replacement: V = n/(n-1) sum_i (z_i - mean z)^2, z_i = w_i (y_i - p) / sum w over non-missing, 0 for missing; n = all rows',
      se: 'calibration-aware: z_i replaced by w_i e_i, e = residual of the base-weighted regression of z_i / w_i on intercept + dummies of the weighting variables (as R calibrate())',
      ci95: 'estimate -/+ qnorm(0.975) * se',
    },
  };
}
