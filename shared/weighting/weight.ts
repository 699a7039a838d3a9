// One weighting run: validate, compute weights (post-stratify, rake or calibrate), trim, diagnose.
import { assertNever } from '../domain/errors';
import { calibrateLinear } from './calibrate';
import { marginChecks, summarizeWeights } from './diagnostics';
import { poststratifyWeights } from './poststratify';
import { rakeWeights } from './rake';
import { trimAndRecalibrate } from './trim';
import { prepareWeighting } from './validateInputs';
import type { PreparedWeighting, TrimReport, WeightingResult, WeightingSample, WeightingSpec } from './types';

/**
 * Computes weights for a sample according to a scheme, after validating every input (see prepareWeighting).
 *
 * - `poststratify`: w = d · N_c / Σ_c d per cell (R survey::postStratify).
 * - `rake`: iterative proportional fitting from the base weights until max |achieved - target| / target <
 *   `spec.tolerance` (default 1e-10) after a full pass (R survey::rake's converged solution; not its default
 *   stopping rule).
 * - `linear`: GREG linear calibration w = d (1 + x'λ) (R survey::calibrate(calfun = "linear"), Deville &
 *   Särndal (1992)).
 * - `spec.trim`: alternate R trimWeights(strict = TRUE)-style trimming and re-calibration (from the trimmed
 *   weights) until the weights are within the bounds and on target.
 *
 * @param sample sample columns (codes, NaN = missing; optional base weights > 0)
 * @param spec the scheme (method, margins or cells, options)
 * @returns final weights (Float64Array, row order) with diagnostics: passes, margins achieved vs target,
 *   summary (Kish deff, effective n, CV), base-weight summary, g-weight range, trimming report, and the
 *   calibration model for calibration-aware variances
 * @throws DomainError 'WEIGHTING_INPUT' for invalid input (nothing computed); 'NOT_CONVERGED' when raking or
 *   trimming does not reach the targets/bounds (passes and remaining deviation in the message)
 */
export function computeWeights(sample: WeightingSample, spec: WeightingSpec): WeightingResult {
  const prep = prepareWeighting(sample, spec);
  let iterations = 0;
  const calibrateFrom = (start: Float64Array): Float64Array => {
    switch (prep.method) {
      case 'poststratify':
        return poststratifyWeights(start, prep.margins[0]!.index, prep.margins[0]!.targets);
      case 'rake': {
        const r = rakeWeights(start, prep.margins, { tolerance: spec.tolerance ?? 1e-10, maxIterations: spec.maxIterations ?? 1000 });
        iterations = r.iterations;
        return r.weights;
      }
      case 'linear':
        return calibrateLinear(start, prep.margins).weights;
      default:
        return assertNever(prep.method, 'weighting method');
    }
  };
  let weights = calibrateFrom(prep.base);
  let trim: TrimReport | null = null;
  if (spec.trim) {
    const t = trimAndRecalibrate(weights, spec.trim, calibrateFrom, prep.margins);
    weights = t.weights;
    trim = t.report;
  }
  return finish(prep, weights, iterations, trim);
}

function finish(prep: PreparedWeighting, weights: Float64Array, iterations: number, trim: TrimReport | null): WeightingResult {
  const mc = marginChecks(weights, prep.margins);
  let gMin = Infinity;
  let gMax = -Infinity;
  if (prep.hasBaseWeights) {
    for (let i = 0; i < prep.n; i++) {
      const g = weights[i]! / prep.base[i]!;
      if (g < gMin) gMin = g;
      if (g > gMax) gMax = g;
    }
  }
  const notes: string[] = [];
  if (prep.method === 'linear') {
    const s = summarizeWeights(weights);
    if (s.negativeWeights > 0) notes.push(`Linear calibration gave ${s.negativeWeights} negative weight(s); consider raking or bounds.`);
  }
  return {
    method: prep.method,
    weights,
    iterations,
    maxRelDeviation: mc.maxRel,
    maxAbsDeviation: mc.maxAbs,
    margins: mc.checks,
    summary: summarizeWeights(weights),
    baseSummary: prep.hasBaseWeights ? summarizeWeights(prep.base) : null,
    gWeights: prep.hasBaseWeights ? { min: gMin, max: gMax } : null,
    trim,
    notes,
    model: { margins: prep.margins.map((m) => ({ index: m.index, size: m.targets.length })), base: prep.base },
  };
}
