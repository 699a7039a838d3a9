// Weighting diagnostics: distribution of the weights, Kish's design effect, achieved versus target margins.
import type { EncodedMargin, MarginCheck, WeightSummary } from './types';

/**
 * Summarises a weight vector.
 *
 * - Kish's design effect due to weighting (Kish (1965), Survey Sampling, §11.7): deff = n Σw² / (Σw)²;
 *   scale-free (normalising the weights changes nothing).
 * - Effective sample size: n_eff = (Σw)² / Σw² = n / deff.
 * - CV of the weights: the population standard deviation (divisor n, not n - 1) divided by the mean,
 *   CV = sqrt(Σ(w - w̄)²/n) / w̄ = sqrt(deff - 1), so deff = 1 + CV² exactly (reference README definition).
 *
 * @param w weights (any length ≥ 1)
 * @returns n, sum, min, max, mean, max/min, Kish deff, effective n, CV, counts of zero and negative weights
 */
export function summarizeWeights(w: ArrayLike<number>): WeightSummary {
  const n = w.length;
  let s = 0;
  let s2 = 0;
  let min = Infinity;
  let max = -Infinity;
  let zero = 0;
  let neg = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i]!;
    s += v;
    s2 += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zero++;
    else if (v < 0) neg++;
  }
  const deff = (n * s2) / (s * s);
  return {
    n, sum: s, min, max, mean: s / n, maxMinRatio: max / min,
    kishDeff: deff, effectiveN: (s * s) / s2, cv: Math.sqrt(Math.max(0, deff - 1)),
    zeroWeights: zero, negativeWeights: neg,
  };
}

/**
 * Achieved versus target for every category of every margin: achieved = Σ of the weights of the category's
 * respondents, difference = achieved - target, relative difference = difference / target (null for target 0).
 *
 * @param w weights, length n
 * @param margins encoded margins (category index per case, targets)
 * @returns one check per category, in margin and code order, with the max absolute and relative deviation
 */
export function marginChecks(w: Float64Array, margins: readonly EncodedMargin[]): { checks: MarginCheck[]; maxAbs: number; maxRel: number } {
  const checks: MarginCheck[] = [];
  let maxAbs = 0;
  let maxRel = 0;
  for (const m of margins) {
    const s = new Float64Array(m.targets.length);
    const ix = m.index;
    for (let i = 0; i < w.length; i++) s[ix[i]!]! += w[i]!;
    for (let c = 0; c < s.length; c++) {
      const t = m.targets[c]!;
      const d = s[c]! - t;
      const rel = t !== 0 ? d / t : null;
      maxAbs = Math.max(maxAbs, Math.abs(d));
      if (rel !== null) maxRel = Math.max(maxRel, Math.abs(rel));
      checks.push({
        variable: m.variable, code: m.codes[c]!, ...(m.cellCodes ? { cellCodes: m.cellCodes[c]! } : {}),
        target: t, achieved: s[c]!, difference: d, relativeDifference: rel, respondents: m.counts[c]!,
      });
    }
  }
  return { checks, maxAbs, maxRel };
}

/**
 * The cases with the largest weights (for the "largest weights" list of the diagnostics).
 *
 * @param w weights; @param k how many (default 10)
 * @returns row indices (0-based) and weights, largest first
 */
export function largestWeights(w: ArrayLike<number>, k = 10): { row: number; weight: number }[] {
  const top: { row: number; weight: number }[] = [];
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (top.length < k || v > top[top.length - 1]!.weight) {
      top.push({ row: i, weight: v });
      top.sort((a, b) => b.weight - a.weight);
      if (top.length > k) top.pop();
    }
  }
  return top;
}

/**
 * Histogram of the weights for the distribution chart: `bins` equal-width bins from min to max.
 *
 * @param w weights; @param bins number of bins (default 30)
 * @returns bin edges (bins + 1 values) and counts per bin
 */
export function weightHistogram(w: ArrayLike<number>, bins = 30): { edges: number[]; counts: number[] } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < w.length; i++) {
    min = Math.min(min, w[i]!);
    max = Math.max(max, w[i]!);
  }
  const width = max > min ? (max - min) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < w.length; i++) counts[Math.min(bins - 1, Math.floor((w[i]! - min) / width))]!++;
  return { edges: Array.from({ length: bins + 1 }, (_, b) => min + b * width), counts };
}

/** Default fewest respondents of a weighting cell or margin category before {@link weightingWarnings} warns. */
export const WEIGHTING_MIN_CELL_N = 5;
/** Default multiple of the mean weight above which {@link weightingWarnings} calls a weight extreme. */
export const WEIGHTING_MAX_WEIGHT_FACTOR = 5;

/** A warning about a weighting run (shown in the Weighting area and the export's Weighting sheet). */
export type WeightingWarning =
  | { kind: 'smallCell'; variable: string; code: string; label: string | null; respondents: number; minN: number }
  | {
    kind: 'extremeWeights';
    /** The multiple of the mean weight used as the limit. */
    factor: number;
    max: number;
    mean: number;
    /** max / mean and max / min of the final weights. */
    maxToMean: number;
    maxMinRatio: number;
    /** Cases among the listed largest weights that lie above factor × mean, largest first. */
    cases: string[];
    /** True when every listed largest weight is above the limit, so there may be more such cases. */
    more: boolean;
  };

/**
 * Warnings about a finished weighting run; the weights themselves are not changed.
 *
 * - `smallCell`: a margin category (raking, linear) or a post-stratification cell with at least one but fewer than
 *   `minN` respondents (default {@link WEIGHTING_MIN_CELL_N}). Adjustments in cells with few respondents are large and
 *   unstable and inflate the variance; the usual remedy is collapsing the cell with a neighbouring one
 *   (Kalton & Flores-Cervantes 2003, "Weighting methods", Journal of Official Statistics 19(2), 81–97, §2 and §7 on
 *   collapsing cells and on restricting the range of the adjustments). The threshold is a convention, not a theorem;
 *   5 is the lower end of what practitioners use (10 to 30 are also common).
 * - `extremeWeights`: the largest weight exceeds `factor` × the mean weight (default {@link WEIGHTING_MAX_WEIGHT_FACTOR}),
 *   the common trimming rule of thumb (Potter 1990, "A study of procedures to identify and trim extreme sampling
 *   weights", Proc. ASA Survey Research Methods Section; Battaglia, Izrael, Hoaglin & Frankel 2009, "Practical
 *   considerations in raking survey data", Survey Practice 2(5)); such weights dominate estimates for small groups. The
 *   usual remedies are collapsing categories or trimming (bounds as multiples of the mean weight).
 *
 * @param d the run's margin checks (per category: variable, code, label, unweighted respondents), its weight summary
 *   (min, max, mean, max/min) and its largest weights (case ID and weight, largest first, as stored in the diagnostics)
 * @param opts `minN` (whole number ≥ 1) and `factor` (> 1)
 * @returns small cells in margin order, then at most one extremeWeights warning
 */
export function weightingWarnings(
  d: {
    margins: readonly { variable: string; code: string | number; label?: string | null; respondents: number }[];
    summary: Pick<WeightSummary, 'max' | 'mean' | 'maxMinRatio'>;
    largest: readonly { caseId: string; weight: number }[];
  },
  opts: { minN?: number; factor?: number } = {},
): WeightingWarning[] {
  const minN = opts.minN ?? WEIGHTING_MIN_CELL_N;
  const factor = opts.factor ?? WEIGHTING_MAX_WEIGHT_FACTOR;
  const out: WeightingWarning[] = [];
  for (const m of d.margins) {
    if (m.respondents > 0 && m.respondents < minN) {
      out.push({ kind: 'smallCell', variable: m.variable, code: String(m.code), label: m.label ?? null, respondents: m.respondents, minN });
    }
  }
  const { max, mean, maxMinRatio } = d.summary;
  if (mean > 0 && max > factor * mean) {
    const cases = d.largest.filter((l) => l.weight > factor * mean).map((l) => l.caseId);
    out.push({ kind: 'extremeWeights', factor, max, mean, maxToMean: max / mean, maxMinRatio, cases, more: d.largest.length > 0 && cases.length === d.largest.length });
  }
  return out;
}

/**
 * One warning as an English sentence with the suggested remedy (the export's Weighting sheet; the app shows the same
 * content from nl/en translations).
 * @param w a warning from {@link weightingWarnings}
 * @param format number formatting (default: up to 2 decimals)
 */
export function describeWeightingWarning(w: WeightingWarning, format: (x: number) => string = (x) => String(Math.round(x * 100) / 100)): string {
  if (w.kind === 'smallCell') {
    return `${w.variable} = ${w.code}${w.label ? ` (${w.label})` : ''} has ${w.respondents} respondent${w.respondents === 1 ? '' : 's'} (fewer than ${w.minN}): its adjustment rests on very few cases; consider collapsing it with a neighbouring category.`;
  }
  const cases = w.cases.length > 0 ? ` (cases ${w.cases.join(', ')}${w.more ? ', …' : ''})` : '';
  return `the largest weight ${format(w.max)} is ${format(w.maxToMean)} × the mean weight ${format(w.mean)} (max/min ${format(w.maxMinRatio)}); weights above ${w.factor} × the mean${cases} dominate estimates for small groups: consider collapsing categories or trimming (bounds as multiples of the mean).`;
}
