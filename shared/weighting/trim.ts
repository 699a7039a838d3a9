// Trimming: bounds on the weights, additive redistribution of the excess, alternating with re-calibration.
import { DomainError } from '../domain/errors';
import { marginChecks, summarizeWeights } from './diagnostics';
import type { EncodedMargin, TrimCycle, TrimOptions, TrimReport } from './types';

/**
 * Trims weights to absolute bounds [L, U] with the redistribution rule of R survey::trimWeights(strict = TRUE):
 * every weight < L is set to L and every weight > U to U; the net amount removed, Σ(w_old - w_new), is added in
 * equal shares (additively, not in proportion to the weight) to the weights that were inside [L, U]; this is
 * repeated on the result until no weight is outside (weights at a bound count as inside). The total is kept.
 *
 * @param w weights (not modified); @param lower L (absolute, may be 0); @param upper U (absolute, may be Infinity)
 * @param maxRounds guard against a rule that cannot settle (default 10,000)
 * @returns trimmed weights (new array) and the number of rounds
 * @throws DomainError 'WEIGHTING_INPUT' when the bounds cannot hold for this total (n·L > Σw or n·U < Σw, or L > U);
 *   'NOT_CONVERGED' when the redistribution does not settle within maxRounds
 */
export function trimWeightsAdditive(w: ArrayLike<number>, lower: number, upper: number, maxRounds = 10_000): { weights: Float64Array; rounds: number } {
  const n = w.length;
  const out = Float64Array.from(w);
  let total = 0;
  for (let i = 0; i < n; i++) total += out[i]!;
  assertBoundsPossible(n, total, lower, upper);
  const outside = new Uint8Array(n);
  for (let round = 0; round <= maxRounds; round++) {
    let nOut = 0;
    let removed = 0;
    for (let i = 0; i < n; i++) {
      const v = out[i]!;
      if (v < lower || v > upper) {
        outside[i] = 1;
        nOut++;
        const b = v < lower ? lower : upper;
        removed += v - b;
        out[i] = b;
      } else {
        outside[i] = 0;
      }
    }
    if (nOut === 0) return { weights: out, rounds: round };
    const share = removed / (n - nOut);
    for (let i = 0; i < n; i++) if (!outside[i]) out[i]! += share;
  }
  throw new DomainError('NOT_CONVERGED', `Trimming to [${lower}, ${upper}] did not settle after ${maxRounds} redistribution rounds.`);
}

function assertBoundsPossible(n: number, total: number, lower: number, upper: number): void {
  if (!(lower <= upper)) throw new DomainError('WEIGHTING_INPUT', `The lower trimming bound ${lower} is above the upper bound ${upper}.`);
  if (n * lower > total * (1 + 1e-12) || n * upper < total * (1 - 1e-12)) {
    throw new DomainError('WEIGHTING_INPUT',
      `Trimming bounds [${lower}, ${upper}] cannot hold: ${n} weights summing to ${total} need a mean weight of ${total / n}, outside the bounds.`);
  }
}

/**
 * Trims and re-calibrates until the weights are within bounds and on target: each cycle trims with
 * {@link trimWeightsAdditive} (R trimWeights(strict = TRUE) rule) and then re-calibrates starting from the
 * trimmed weights (e.g. re-rakes); it stops after the first re-calibration whose weights lie in [L, U] up to
 * `cycleTolerance`: max(0, max(w)/U - 1, 1 - min(w)/L) < tol. Bounds given as multiples of the mean use the
 * mean of the first calibrated weights (population total / n), fixed for all cycles. Without re-calibration
 * one trim is applied and the margins are then off target (reported per cycle).
 *
 * @param w first calibrated weights (not modified)
 * @param options bounds (absolute or × mean), recalibrate, maxCycles (500), cycleTolerance (1e-10)
 * @param recalibrate re-calibration from start weights to the targets (rake, linear or post-stratification)
 * @param margins encoded margins, for the per-cycle margin deviation after trimming
 * @returns final weights and the trimming report (bounds, mean weight, cycle trace, summary before trimming)
 * @throws DomainError 'WEIGHTING_INPUT' for impossible bounds; 'NOT_CONVERGED' when bounds and targets cannot
 *   both be met within maxCycles (states the remaining bound violation and margin deviation)
 */
export function trimAndRecalibrate(w: Float64Array, options: TrimOptions, recalibrate: (start: Float64Array) => Float64Array,
  margins: readonly EncodedMargin[]): { weights: Float64Array; report: TrimReport } {
  const n = w.length;
  const before = summarizeWeights(w);
  const meanWeight = before.mean;
  const scale = options.boundsOn === 'mean' ? meanWeight : 1;
  const L = (options.lower ?? 0) * scale;
  const U = (options.upper ?? Infinity) * scale;
  assertBoundsPossible(n, before.sum, L, U);
  const maxCycles = options.maxCycles ?? 500;
  const tol = options.cycleTolerance ?? 1e-10;
  const doRecal = options.recalibrate ?? true;
  const cycles: TrimCycle[] = [];
  let cur = w;
  const violation = (x: Float64Array): number => {
    const s = summarizeWeights(x);
    return Math.max(0, U < Infinity ? s.max / U - 1 : 0, L > 0 ? 1 - s.min / L : 0);
  };
  if (violation(cur) < tol) return { weights: Float64Array.from(cur), report: { lower: L, upper: U, meanWeight, cycles, before } };
  for (let k = 1; k <= maxCycles; k++) {
    let nOut = 0;
    for (let i = 0; i < n; i++) if (cur[i]! < L || cur[i]! > U) nOut++;
    const trimmed = trimWeightsAdditive(cur, L, U).weights;
    const afterTrim = marginChecks(trimmed, margins).maxRel;
    cur = doRecal ? recalibrate(trimmed) : trimmed;
    const s = summarizeWeights(cur);
    const viol = violation(cur);
    cycles.push({ cycle: k, trimmed: nOut, maxRelMarginDeviationAfterTrim: afterTrim, minAfter: s.min, maxAfter: s.max, maxRelBoundViolation: viol });
    if (!doRecal || viol < tol) return { weights: cur, report: { lower: L, upper: U, meanWeight, cycles, before } };
  }
  const last = cycles[cycles.length - 1]!;
  throw new DomainError('NOT_CONVERGED',
    `Trimming to [${L}, ${U}] and re-calibrating did not meet both the bounds and the targets after ${maxCycles} cycles: ` +
    `after the last re-calibration the weights range from ${last.minAfter} to ${last.maxAfter} (relative bound violation ${last.maxRelBoundViolation.toExponential(3)}), ` +
    `and trimming moves the margins off target by up to ${(last.maxRelMarginDeviationAfterTrim * 100).toPrecision(3)} %. Widen the bounds or collapse categories.`,
    [{ message: `bound violation ${last.maxRelBoundViolation}`, value: String(last.maxRelBoundViolation) }]);
}
