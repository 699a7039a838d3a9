// Input validation and encoding for weighting: every refusal happens here, before any computation.
import { DomainError, type ErrorIssue } from '../domain/errors';
import { checkPairwiseReachable } from './feasibility';
import type { EncodedMargin, PreparedWeighting, WeightingSample, WeightingSpec } from './types';

const MAX_LISTED = 20;

/** Formats a count with thousands separators (en-US) for messages. */
function fmt(x: number): string {
  return Number.isInteger(x) ? x.toLocaleString('en-US') : String(x);
}

function listIds(ids: (number | string)[], total: number): string {
  const shown = ids.slice(0, MAX_LISTED).join(', ');
  return total > MAX_LISTED ? `${shown}, … (${total} in all)` : shown;
}

/** Maps integer codes to dense indices (dense table for compact code ranges, Map otherwise). */
class CodeIndex {
  private readonly table: Int32Array | null;
  private readonly offset: number;
  private readonly map: Map<number, number> | null;

  constructor(codes: readonly number[]) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of codes) {
      if (c < lo) lo = c;
      if (c > hi) hi = c;
    }
    if (codes.length > 0 && hi - lo < 1 << 20) {
      this.offset = lo;
      this.table = new Int32Array(hi - lo + 1).fill(-1);
      codes.forEach((c, i) => {
        this.table![c - lo] = i;
      });
      this.map = null;
    } else {
      this.offset = 0;
      this.table = null;
      this.map = new Map(codes.map((c, i) => [c, i]));
    }
  }

  /** Index of `code`, or -1 when it is not a known code. */
  get(code: number): number {
    if (this.table) {
      const k = code - this.offset;
      return k >= 0 && k < this.table.length ? this.table[k]! : -1;
    }
    return this.map!.get(code) ?? -1;
  }
}

interface Problems {
  messages: string[];
  issues: ErrorIssue[];
}

function add(p: Problems, message: string, issues: ErrorIssue[] = [{ message }]): void {
  p.messages.push(message);
  p.issues.push(...issues);
}

function throwIfAny(p: Problems): void {
  if (p.messages.length === 0) return;
  const more = p.messages.length > 1 ? ` (and ${p.messages.length - 1} more problem${p.messages.length > 2 ? 's' : ''}; see the list)` : '';
  throw new DomainError('WEIGHTING_INPUT', `${p.messages[0]}${more}`, p.issues);
}

/**
 * Validates a weighting scheme against a sample and encodes it for the numerical methods.
 *
 * Checks, all before any computation, collecting every problem found:
 * - the spec is complete (margins for rake/linear, cells for poststratify; finite targets ≥ 0; no duplicate
 *   categories; tolerance and iteration limit sensible);
 * - base weights are finite and > 0;
 * - no missing value (NaN) and no non-integer code in a weighting variable (lists the case ids; a composite margin
 *   column's missing values are named by the component variable that lacks them, types.ts MarginTarget.components);
 * - every sample category (or cell) has a target;
 * - every category (or cell) with a target > 0 has respondents (a zero target without respondents is fine);
 *   a zero target with respondents is refused (exclude those cases instead);
 * - all margins sum to the same total within `spec.totalsTolerance` (relative, default 1e-9);
 * - raking only: every pair of margins can be met jointly given the empty combinations (structural zeros)
 *   of the sample, see {@link checkPairwiseReachable}.
 *
 * @param sample sample columns (codes per case, NaN = missing; optional base weights)
 * @param spec the weighting scheme
 * @returns encoded margins (category index per case as Int32Array, targets as Float64Array), base weights
 * @throws DomainError 'WEIGHTING_INPUT' naming variable, category and counts; located details in `issues`
 */
export function prepareWeighting(sample: WeightingSample, spec: WeightingSpec): PreparedWeighting {
  const n = sample.n;
  const p: Problems = { messages: [], issues: [] };
  const ids: ArrayLike<number | string> = sample.ids ?? Array.from({ length: n }, (_, i) => i + 1);
  if (!Number.isInteger(n) || n < 1) throw new DomainError('WEIGHTING_INPUT', `The sample has no cases (n = ${n}).`);
  if (spec.tolerance !== undefined && !(spec.tolerance > 0)) add(p, `The raking tolerance must be > 0 (got ${spec.tolerance}).`);
  if (spec.maxIterations !== undefined && !(Number.isInteger(spec.maxIterations) && spec.maxIterations >= 1)) {
    add(p, `The maximum number of raking passes must be a positive integer (got ${spec.maxIterations}).`);
  }

  // --- base weights
  const base = new Float64Array(n);
  if (sample.baseWeights) {
    if (sample.baseWeights.length !== n) throw new DomainError('WEIGHTING_INPUT', `The base weights have ${sample.baseWeights.length} values for ${n} cases.`);
    const bad: (number | string)[] = [];
    for (let i = 0; i < n; i++) {
      const v = sample.baseWeights[i]!;
      if (!(Number.isFinite(v) && v > 0)) bad.push(ids[i]!);
      base[i] = v;
    }
    if (bad.length > 0) {
      add(p, `The base weight is missing, zero, negative or not a number for ${bad.length} case(s) (ids ${listIds(bad, bad.length)}); base weights must be > 0.`,
        [{ message: `base weight missing or not > 0 for ${bad.length} case(s) (ids ${listIds(bad, bad.length)})`, path: ['baseWeight'], value: String(bad[0]), reason: 'weighting.input.baseWeight', params: { count: bad.length, ids: listIds(bad, bad.length) } }]);
    }
  } else {
    base.fill(1);
  }

  // --- the variables and their targets, as a list of (variable, codes, targets)
  interface RawMargin { variable: string; codes: number[]; targets: number[]; cellCodes?: number[][]; cellVariables?: string[]; describe?: (code: number) => string }
  const raw: RawMargin[] = [];
  if (spec.method === 'poststratify') {
    const cells = spec.cells;
    if (!cells || cells.variables.length === 0 || cells.cells.length === 0) {
      throw new DomainError('WEIGHTING_INPUT', 'Post-stratification needs population counts per cell of the crossed variables.');
    }
    raw.push({ variable: cells.variables.join(' × '), codes: [], targets: [], cellCodes: [], cellVariables: [...cells.variables] });
  } else {
    if (!spec.margins || spec.margins.length === 0) throw new DomainError('WEIGHTING_INPUT', `Method ${spec.method} needs at least one margin with population counts.`);
    const seen = new Set<string>();
    for (const m of spec.margins) {
      if (seen.has(m.variable)) add(p, `Variable ${m.variable} has two margins; give each weighting variable once.`);
      seen.add(m.variable);
      const sorted = [...m.categories].sort((a, b) => a.code - b.code);
      raw.push({ variable: m.variable, codes: sorted.map((c) => c.code), targets: sorted.map((c) => c.count), ...(m.describe ? { describe: m.describe } : {}) });
    }
  }

  // --- target sanity
  for (const r of raw) {
    if (r.cellVariables) continue;
    for (let k = 0; k < r.codes.length; k++) {
      const code = r.codes[k]!;
      const t = r.targets[k]!;
      if (!Number.isInteger(code)) add(p, `Target category ${code} of ${r.variable} is not an integer code.`, [{ message: 'category code not an integer', path: [r.variable], value: String(code) }]);
      if (!(Number.isFinite(t) && t >= 0)) add(p, `The target of ${r.variable} = ${code} is ${t}; targets must be finite and ≥ 0.`, [{ message: 'invalid target', path: [r.variable, code], value: String(t) }]);
      if (k > 0 && r.codes[k - 1] === code) add(p, `Category ${code} of ${r.variable} has two targets.`, [{ message: 'duplicate target category', path: [r.variable, code] }]);
    }
  }

  // --- sample columns: presence, missing values, non-integer codes
  const colVars = spec.method === 'poststratify' ? spec.cells!.variables : raw.map((r) => r.variable);
  const columns: Record<string, ArrayLike<number>> = {};
  // A composite column's missing values are reported in its components (each variable once, over all margins).
  const componentsOf = new Map((spec.method === 'poststratify' ? [] : spec.margins ?? []).filter((m) => m.components?.length).map((m) => [m.variable, m.components!]));
  const reportedMissing = new Set<string>();
  const reportMissing = (v: string, missing: (number | string)[]) => {
    if (missing.length === 0 || reportedMissing.has(v)) return;
    reportedMissing.add(v);
    add(p, `Weighting variable ${v} has a missing value for ${missing.length} respondent${missing.length > 1 ? 's' : ''} (ids ${listIds(missing, missing.length)}). ` +
      'Impute the value or exclude these respondents explicitly; they are not dropped silently.',
    [{ message: `missing value in weighting variable ${v} for ${missing.length} respondent(s) (ids ${listIds(missing, missing.length)})`, path: [v], value: String(missing[0]), reason: 'weighting.input.missing', params: { variable: v, count: missing.length, ids: listIds(missing, missing.length) } }]);
  };
  for (const v of colVars) {
    const col = sample.variables[v];
    if (!col) {
      add(p, `Weighting variable ${v} is not in the sample.`, [{ message: `weighting variable ${v} is not in the sample`, path: [v], reason: 'weighting.input.notInSample', params: { variable: v } }]);
      continue;
    }
    if (col.length !== n) throw new DomainError('WEIGHTING_INPUT', `Weighting variable ${v} has ${col.length} values for ${n} cases.`);
    columns[v] = col;
    const parts = componentsOf.get(v) ?? [];
    const explained = new Uint8Array(n);
    for (const c of parts) {
      const lacking: (number | string)[] = [];
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(c.values[i]!)) {
          lacking.push(ids[i]!);
          explained[i] = 1;
        }
      }
      reportMissing(c.variable, lacking);
    }
    const missing: (number | string)[] = [];
    const nonInt: (number | string)[] = [];
    for (let i = 0; i < n; i++) {
      const x = col[i]!;
      if (Number.isNaN(x)) {
        if (!explained[i]) missing.push(ids[i]!);
      } else if (!Number.isInteger(x)) nonInt.push(ids[i]!);
    }
    reportMissing(v, missing);
    if (nonInt.length > 0) {
      add(p, `Weighting variable ${v} has a non-integer code for ${nonInt.length} respondent(s) (ids ${listIds(nonInt, nonInt.length)}).`,
        [{ message: `non-integer code in ${v} for ${nonInt.length} respondent(s) (ids ${listIds(nonInt, nonInt.length)})`, path: [v], value: String(nonInt[0]), reason: 'weighting.input.nonInteger', params: { variable: v, count: nonInt.length, ids: listIds(nonInt, nonInt.length) } }]);
    }
  }
  throwIfAny(p);

  // --- encode
  const margins: EncodedMargin[] = [];
  if (spec.method === 'poststratify') {
    margins.push(encodeCells(spec, columns, n, ids, p));
  } else {
    for (const r of raw) margins.push(encodeMargin(r.variable, r.codes, r.targets, columns[r.variable]!, n, ids, p, r.describe));
  }
  throwIfAny(p);

  // --- totals
  const totals = margins.map((m) => m.targets.reduce((a, b) => a + b, 0));
  const total = totals[0]!;
  if (!(total > 0)) add(p, `The population targets sum to ${total}; they must sum to more than 0.`);
  if (margins.length > 1) {
    const hi = Math.max(...totals);
    const lo = Math.min(...totals);
    const tol = spec.totalsTolerance ?? 1e-9;
    if (hi - lo > tol * hi) {
      const list = margins.map((m, k) => `${fmt(totals[k]!)} for ${m.variable}`).join(', ');
      add(p, `The margins describe different population totals: the targets sum to ${list} (largest difference ${fmt(hi - lo)}). ` +
        'Every margin must sum to the same total; correct the targets (rescaling to a common total must be chosen explicitly).',
      margins.map((m, k) => ({ message: `margin ${m.variable}: total ${fmt(totals[k]!)}`, path: [m.variable], value: String(totals[k]), reason: 'weighting.input.total', params: { margin: m.variable, total: totals[k]! } })));
    }
  }
  throwIfAny(p);

  // --- structural zeros that make raking margins unreachable
  if (spec.method === 'rake' && margins.length > 1) {
    for (let a = 0; a < margins.length; a++) {
      for (let b = a + 1; b < margins.length; b++) {
        const msg = checkPairwiseReachable(margins[a]!, margins[b]!, base);
        if (msg) add(p, msg.message, msg.issues);
      }
    }
    throwIfAny(p);
  }

  return { n, method: spec.method, margins, base, hasBaseWeights: !!sample.baseWeights, total, ids };
}

function encodeMargin(variable: string, codes: number[], targets: number[], col: ArrayLike<number>, n: number, ids: ArrayLike<number | string>,
  p: Problems, describe?: (code: number) => string): EncodedMargin {
  // A category in words: `geslacht = 2`, or a crossed margin's cell by its components (`laag = 1 × geslacht = 3`).
  const cat = (code: number): string => (describe ? describe(code) : `${variable} = ${code}`);
  const ci = new CodeIndex(codes);
  const index = new Int32Array(n);
  const counts = new Int32Array(codes.length);
  const unknown = new Map<number, (number | string)[]>();
  for (let i = 0; i < n; i++) {
    const x = col[i]!;
    const k = ci.get(x);
    if (k < 0) {
      let l = unknown.get(x);
      if (!l) unknown.set(x, (l = []));
      l.push(ids[i]!);
      continue;
    }
    index[i] = k;
    counts[k]!++;
  }
  for (const [code, l] of [...unknown.entries()].sort((a, b) => a[0] - b[0])) {
    add(p, `Sample category ${cat(code)} has ${l.length} respondent${l.length > 1 ? 's' : ''} but no target (ids ${listIds(l, l.length)}). ` +
      `Add a population count for ${cat(code)}, recode it, or collapse it with another category.`,
    [{ message: `${cat(code)}: ${l.length} respondent${l.length > 1 ? 's' : ''} but no target (ids ${listIds(l, l.length)})`, path: [variable, code], value: cat(code),
      reason: 'weighting.input.noTarget', params: { category: cat(code), count: l.length, ids: listIds(l, l.length) } }]);
  }
  codes.forEach((code, k) => {
    const t = targets[k]!;
    if (counts[k] === 0 && t > 0) {
      add(p, `Target category ${cat(code)} (population count ${fmt(t)}) has no respondents (0 of ${fmt(n)}); ` +
        `the margin cannot be met. Collapse ${cat(code)} with a neighbouring category.`,
      [{ message: `${cat(code)}: target ${fmt(t)} but no respondents`, path: [variable, code], value: cat(code), reason: 'weighting.input.noRespondents', params: { category: cat(code), target: t } }]);
    }
    if (counts[k]! > 0 && t === 0) {
      add(p, `Category ${cat(code)} has target 0 but ${counts[k]} respondent${counts[k]! > 1 ? 's' : ''}; ` +
        'exclude these respondents explicitly (they are outside the population) or correct the target.',
      [{ message: `${cat(code)}: target 0 but ${counts[k]} respondent${counts[k]! > 1 ? 's' : ''}`, path: [variable, code], value: cat(code), reason: 'weighting.input.zeroTarget', params: { category: cat(code), count: counts[k]! } }]);
    }
  });
  return { variable, codes, targets: Float64Array.from(targets), index, counts, ...(describe ? { describe } : {}) };
}

function encodeCells(spec: WeightingSpec, columns: Record<string, ArrayLike<number>>, n: number, ids: ArrayLike<number | string>,
  p: Problems): EncodedMargin {
  const cells = spec.cells!;
  const vars = cells.variables;
  const label = (codes: readonly number[]): string => vars.map((v, j) => `${v} = ${codes[j]}`).join(' × ');
  const keyOf = (codes: readonly number[]): string => codes.join('\u0001');
  const sorted = [...cells.cells].sort((a, b) => {
    for (let j = 0; j < vars.length; j++) {
      const d = (a.codes[j] ?? 0) - (b.codes[j] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  const cellIndex = new Map<string, number>();
  const targets: number[] = [];
  const cellCodes: number[][] = [];
  for (const c of sorted) {
    if (c.codes.length !== vars.length || c.codes.some((x) => !Number.isInteger(x))) {
      add(p, `Cell ${c.codes.join(', ')} does not give one integer code for each of ${vars.join(', ')}.`);
      continue;
    }
    if (!(Number.isFinite(c.count) && c.count >= 0)) add(p, `The target of cell ${label(c.codes)} is ${c.count}; targets must be finite and ≥ 0.`);
    const key = keyOf(c.codes);
    if (cellIndex.has(key)) {
      add(p, `Cell ${label(c.codes)} has two targets.`);
      continue;
    }
    cellIndex.set(key, targets.length);
    targets.push(c.count);
    cellCodes.push([...c.codes]);
  }
  // Per-variable dense codes, then a mixed-radix key per case.
  const perVar = vars.map((v, j) => {
    const codes = [...new Set(cellCodes.map((cc) => cc[j]!))].sort((a, b) => a - b);
    return { ci: new CodeIndex(codes), size: codes.length, col: columns[v]! };
  });
  let radix = 1;
  for (const pv of perVar) radix *= pv.size + 1;
  const useTable = radix <= 1 << 22;
  const table = useTable ? new Int32Array(radix).fill(-1) : null;
  const mixedKey = (codes: readonly number[]): number => {
    let key = 0;
    for (let j = 0; j < perVar.length; j++) {
      const k = perVar[j]!.ci.get(codes[j]!);
      key = key * (perVar[j]!.size + 1) + (k < 0 ? perVar[j]!.size : k);
    }
    return key;
  };
  if (table) cellCodes.forEach((cc, k) => (table[mixedKey(cc)] = k));
  const index = new Int32Array(n);
  const counts = new Int32Array(targets.length);
  const unknown = new Map<string, { codes: number[]; ids: (number | string)[] }>();
  const rowCodes: number[] = new Array<number>(vars.length).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < vars.length; j++) rowCodes[j] = perVar[j]!.col[i]!;
    const k = table ? table[mixedKey(rowCodes)]! : (cellIndex.get(keyOf(rowCodes)) ?? -1);
    if (k < 0) {
      const key = keyOf(rowCodes);
      let u = unknown.get(key);
      if (!u) unknown.set(key, (u = { codes: [...rowCodes], ids: [] }));
      u.ids.push(ids[i]!);
      continue;
    }
    index[i] = k;
    counts[k]!++;
  }
  for (const u of unknown.values()) {
    add(p, `Sample cell ${label(u.codes)} has ${u.ids.length} respondent${u.ids.length > 1 ? 's' : ''} but no population count (ids ${listIds(u.ids, u.ids.length)}). ` +
      'Add a target for this cell or collapse it with a neighbouring cell.',
    [{ message: `${label(u.codes)}: ${u.ids.length} respondent${u.ids.length > 1 ? 's' : ''} but no target (ids ${listIds(u.ids, u.ids.length)})`, path: [...vars, ...u.codes], value: label(u.codes),
      reason: 'weighting.input.noTarget', params: { category: label(u.codes), count: u.ids.length, ids: listIds(u.ids, u.ids.length) } }]);
  }
  cellCodes.forEach((cc, k) => {
    const t = targets[k]!;
    if (counts[k] === 0 && t > 0) {
      add(p, `Cell ${label(cc)} (population count ${fmt(t)}) has no respondents: empty cell. Collapse it with a neighbouring cell.`,
        [{ message: `${label(cc)}: target ${fmt(t)} but no respondents`, path: [...vars, ...cc], value: label(cc), reason: 'weighting.input.noRespondents', params: { category: label(cc), target: t } }]);
    }
    if (counts[k]! > 0 && t === 0) {
      add(p, `Cell ${label(cc)} has target 0 but ${counts[k]} respondent(s); exclude them explicitly or correct the target.`,
        [{ message: `${label(cc)}: target 0 but ${counts[k]} respondent${counts[k]! > 1 ? 's' : ''}`, path: [...vars, ...cc], value: label(cc), reason: 'weighting.input.zeroTarget', params: { category: label(cc), count: counts[k]! } }]);
    }
  });
  return { variable: vars.join(' × '), codes: cellCodes.map((_, k) => k), targets: Float64Array.from(targets), index, counts, cellCodes, cellVariables: [...vars] };
}
