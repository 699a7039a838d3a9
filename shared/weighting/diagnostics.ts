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
