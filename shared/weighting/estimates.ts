// Weighted estimates: proportions, frequencies and means with linearization SEs and Wald 95 % intervals.
import { DomainError } from '../domain/errors';
import { calibrationResiduals } from './calibrate';
import type { CalibrationModel } from './types';

/** qnorm(0.975): the normal quantile of two-sided 95 % Wald intervals (R confint() on svymean, df = Inf). */
export const Z975 = 1.959963984540054;

/**
 * Sampling design for the variance. Default (nothing given): unclustered, unstratified, with replacement,
 * as R svydesign(ids = ~1, weights = ~w). Optional strata with a finite population correction.
 */
export interface VarianceDesign {
  /** Stratum index (0..H-1) per case. */
  strata?: Int32Array;
  /** Population size N_h of the case's stratum (fpc = 1 - n_h/N_h); absent = with replacement. */
  fpc?: Float64Array;
}

/** Input of {@link estimateCategorical} and {@link estimateMean}. */
export interface EstimateInput {
  /** Outcome per case; NaN = missing. */
  y: ArrayLike<number>;
  /** Final weights, length n. */
  weights: Float64Array;
  /** Calibration model of the weights; given → also the calibration-aware SE. */
  model?: CalibrationModel;
  /** Subgroup (domain) membership per case (truthy = in the domain); other rows stay in n with z_i = 0. */
  domain?: ArrayLike<boolean | number>;
  /** Variance design (default: unclustered, with replacement). */
  design?: VarianceDesign;
}

/** Estimate of one category of a categorical outcome. */
export interface CategoryEstimate {
  code: number;
  /** Respondents (unweighted) in the category (within the domain). */
  respondents: number;
  /** Σ of the weights of those respondents (estimated population count). */
  weightedCount: number;
  proportion: number;
  /** SE with the final weights taken as fixed. */
  seFixed: number;
  ci95Fixed: [number, number];
  /** Calibration-aware SE (GREG residuals); null without a model. */
  seCalibrated: number | null;
  ci95Calibrated: [number, number] | null;
  /** Design effect of the estimate: fixed-weight variance / variance under simple random sampling of the same n. */
  deff: number;
}

/** Result of {@link estimateCategorical}. */
export interface CategoricalEstimate {
  /** Rows with a non-missing outcome (within the domain). */
  nNonMissing: number;
  /** Σ of their weights. */
  weightedTotal: number;
  /** Rows in the variance: all n rows (domain estimation). */
  n: number;
  /** Rows whose value was not one of `codes` (treated as missing, as R's factor(y, levels = codes) does). */
  nOutsideCodes: number;
  categories: CategoryEstimate[];
}

/** Result of {@link estimateMean}. */
export interface MeanEstimate {
  nNonMissing: number;
  weightedTotal: number;
  n: number;
  mean: number;
  seFixed: number;
  ci95Fixed: [number, number];
  seCalibrated: number | null;
  ci95Calibrated: [number, number] | null;
}

/**
 * Linearization variance of a total of influence values z_i for a one-stage design (Wolter (2007) ch. 6;
 * R survey svyrecvar/onestage): without strata V = n/(n-1) Σ_i (z_i - z̄)² over all n rows; with strata
 * V = Σ_h (1 - n_h/N_h) n_h/(n_h-1) Σ_{i∈h} (z_i - z̄_h)² (fpc term only when N_h is given).
 *
 * @param z influence values, length n (rows outside the domain or with a missing outcome are 0, not dropped)
 * @param design optional strata / fpc
 * @returns the variance
 * @throws DomainError 'WEIGHTING_INPUT' for a stratum with a single row (variance not estimable)
 */
export function linearizedVariance(z: Float64Array, design: VarianceDesign = {}): number {
  const n = z.length;
  if (!design.strata) {
    let s = 0;
    for (let i = 0; i < n; i++) s += z[i]!;
    const m = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (z[i]! - m) ** 2;
    return n > 1 ? (n / (n - 1)) * ss : NaN;
  }
  const st = design.strata;
  let H = 0;
  for (let i = 0; i < n; i++) H = Math.max(H, st[i]! + 1);
  const cnt = new Float64Array(H);
  const sum = new Float64Array(H);
  const pop = new Float64Array(H);
  for (let i = 0; i < n; i++) {
    cnt[st[i]!]!++;
    sum[st[i]!]! += z[i]!;
    if (design.fpc) pop[st[i]!] = design.fpc[i]!;
  }
  const ss = new Float64Array(H);
  for (let i = 0; i < n; i++) ss[st[i]!]! += (z[i]! - sum[st[i]!]! / cnt[st[i]!]!) ** 2;
  let v = 0;
  for (let h = 0; h < H; h++) {
    const nh = cnt[h]!;
    if (nh === 0) continue;
    if (nh === 1) throw new DomainError('WEIGHTING_INPUT', `Stratum ${h + 1} has a single case; its variance cannot be estimated.`);
    const f = design.fpc ? nh / pop[h]! : 0;
    v += (1 - f) * (nh / (nh - 1)) * ss[h]!;
  }
  return v;
}

function ci(est: number, se: number): [number, number] {
  return [est - Z975 * se, est + Z975 * se];
}

function inDomain(domain: ArrayLike<boolean | number> | undefined, i: number): boolean {
  return domain === undefined || !!domain[i];
}

/**
 * Weighted proportions and frequencies of a categorical outcome, with linearization SEs and Wald 95 % CIs
 * (estimate ∓ qnorm(0.975)·SE), for the whole sample or a domain (subgroup).
 *
 * p_k = Σ_{i: y_i = k} w_i / W with W = Σ w_i over rows with a non-missing outcome in the domain. Influence
 * values z_ik = w_i (1[y_i = k] - p_k) / W for those rows and z_ik = 0 for every other row — rows with a
 * missing outcome or outside the domain stay in n (domain estimation, not dropped).
 * - seFixed: final weights taken as fixed, R svymean(~factor(y), svydesign(ids = ~1, weights = ~w), na.rm = TRUE):
 *   V = n/(n-1) Σ_i (z_ik - z̄_k)², n = all rows (see {@link linearizedVariance}).
 * - seCalibrated: z_ik replaced by w_i e_ik, e the residual of the base-weighted regression of z_ik / w_i on the
 *   calibration variables (intercept + dummies of every margin), as R calibrate()/postStratify() designs do
 *   (Deville & Särndal (1992); Särndal, Swensson & Wretman (1992) §6.6).
 * - deff: seFixed² divided by the with-replacement SRS variance of the same n_nonmissing,
 *   p(1-p)/(n_nonmissing - 1) (Kish (1965) design effect of an estimate).
 *
 * @param input outcome (NaN = missing), final weights, optional calibration model, domain and design
 * @param codes category codes in output order (default: sorted distinct non-missing values); values outside
 *   the list are treated as missing (counted in nOutsideCodes), as R's factor(y, levels = codes)
 * @returns per category: respondents, weighted count, proportion, SEs and CIs; plus n, n non-missing, W
 * @throws DomainError 'WEIGHTING_INPUT' when lengths differ or no row has a non-missing outcome in the domain
 */
export function estimateCategorical(input: EstimateInput, codes?: readonly number[]): CategoricalEstimate {
  const { y, weights: w } = input;
  const n = w.length;
  if (y.length !== n) throw new DomainError('WEIGHTING_INPUT', `The outcome has ${y.length} values for ${n} weights.`);
  const levels = codes ? [...codes] : [...new Set(Array.from(y).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const pos = new Map(levels.map((c, k) => [c, k]));
  const K = levels.length;
  const cat = new Int32Array(n).fill(-1);
  const counts = new Float64Array(K);
  const wsum = new Float64Array(K);
  let W = 0;
  let nNon = 0;
  let outside = 0;
  for (let i = 0; i < n; i++) {
    if (!inDomain(input.domain, i)) continue;
    const v = y[i]!;
    if (Number.isNaN(v)) continue;
    const k = pos.get(v);
    if (k === undefined) {
      outside++;
      continue;
    }
    cat[i] = k;
    counts[k]!++;
    wsum[k]! += w[i]!;
    W += w[i]!;
    nNon++;
  }
  if (nNon === 0) throw new DomainError('WEIGHTING_INPUT', 'No row has a non-missing outcome in the domain; proportions cannot be estimated.');
  const props = Array.from(wsum, (s) => s / W);
  const u: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    const col = new Float64Array(n);
    const p = props[k]!;
    for (let i = 0; i < n; i++) if (cat[i]! >= 0) col[i] = ((cat[i] === k ? 1 : 0) - p) / W;
    u.push(col);
  }
  const seF = u.map((col) => Math.sqrt(linearizedVariance(mulW(col, w), input.design)));
  const seC = input.model ? calibrationResiduals(input.model, u).map((e) => Math.sqrt(linearizedVariance(mulW(e, w), input.design))) : null;
  return {
    nNonMissing: nNon, weightedTotal: W, n, nOutsideCodes: outside,
    categories: levels.map((code, k) => {
      const p = props[k]!;
      const sf = seF[k]!;
      const sc = seC ? seC[k]! : null;
      return {
        code, respondents: counts[k]!, weightedCount: wsum[k]!, proportion: p,
        seFixed: sf, ci95Fixed: ci(p, sf), seCalibrated: sc, ci95Calibrated: sc === null ? null : ci(p, sc),
        deff: nNon > 1 && p > 0 && p < 1 ? (sf * sf) / ((p * (1 - p)) / (nNon - 1)) : NaN,
      };
    }),
  };
}

/**
 * Weighted mean of a numeric outcome with linearization SEs and Wald 95 % CIs (R svymean(~y, design,
 * na.rm = TRUE)): ȳ = Σ w_i y_i / W over non-missing rows in the domain; z_i = w_i (y_i - ȳ) / W there, 0 elsewhere
 * (rows stay in n). SEs as in {@link estimateCategorical} (fixed weights; calibration-aware via GREG residuals).
 *
 * @param input outcome (NaN = missing), weights, optional model, domain and design
 * @returns mean, n, n non-missing, W, SEs and CIs
 * @throws DomainError 'WEIGHTING_INPUT' when lengths differ or no value is available
 */
export function estimateMean(input: EstimateInput): MeanEstimate {
  const { y, weights: w } = input;
  const n = w.length;
  if (y.length !== n) throw new DomainError('WEIGHTING_INPUT', `The outcome has ${y.length} values for ${n} weights.`);
  let W = 0;
  let S = 0;
  let nNon = 0;
  for (let i = 0; i < n; i++) {
    if (!inDomain(input.domain, i) || Number.isNaN(y[i]!)) continue;
    W += w[i]!;
    S += w[i]! * y[i]!;
    nNon++;
  }
  if (nNon === 0) throw new DomainError('WEIGHTING_INPUT', 'No row has a non-missing outcome in the domain; the mean cannot be estimated.');
  const mean = S / W;
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) if (inDomain(input.domain, i) && !Number.isNaN(y[i]!)) u[i] = (y[i]! - mean) / W;
  const sf = Math.sqrt(linearizedVariance(mulW(u, w), input.design));
  const sc = input.model ? Math.sqrt(linearizedVariance(mulW(calibrationResiduals(input.model, [u])[0]!, w), input.design)) : null;
  return { nNonMissing: nNon, weightedTotal: W, n, mean, seFixed: sf, ci95Fixed: ci(mean, sf), seCalibrated: sc, ci95Calibrated: sc === null ? null : ci(mean, sc) };
}

function mulW(u: Float64Array, w: Float64Array): Float64Array {
  const z = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) z[i] = u[i]! * w[i]!;
  return z;
}
