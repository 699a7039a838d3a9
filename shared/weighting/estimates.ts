// Weighted estimates: proportions, frequencies and means with linearization SEs, Wald 95 % intervals (means; R confint)
// and logit 95 % intervals for proportions (R survey::svyciprop, method = "logit").
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
  /**
   * Logit 95 % CI with the fixed-weight SE, as R survey::svyciprop(~I(y == code), design) (method "logit", df =
   * degf(design)); see {@link logitCi95}. Always inside [0, 1]; what reports show for a percentage. Null when the
   * design has no degrees of freedom (df ≤ 0, R: NA) or the SE is not finite. ci95Fixed/ci95Calibrated are the
   * Wald intervals of R confint(svymean(…)), kept for the reference format.
   */
  ci95LogitFixed: [number, number] | null;
  /** Logit 95 % CI with the calibration-aware SE (R svyciprop on the calibrate() design); null without a model. */
  ci95LogitCalibrated: [number, number] | null;
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
  /** Degrees of freedom of the (domain) design for the logit CIs: rows in the domain - strata among them ({@link designDf}). */
  df: number;
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

/**
 * qt(0.975, df): the 97.5 % quantile of Student's t distribution with `df` degrees of freedom (two-sided 95 %).
 * - df = Infinity: qnorm(0.975) ({@link Z975}).
 * - integer df ≤ 1000: solves A(t | df) = 0.95 by Newton steps, A = P(|T| ≤ t) in the closed finite sums of
 *   Abramowitz & Stegun (1964) 26.7.3 (odd df) and 26.7.4 (even df) with θ = atan(t/√df); density from the
 *   recurrence Γ((ν+1)/2)/Γ(ν/2) over ν.
 * - df > 1000: the Cornish-Fisher expansion A&S 26.7.5 to the ν⁻⁴ term (error < 1e-13 there).
 * Agrees with R qt(0.975, df) to 1e-13 relative (tests/fixtures/svyciprop/cases.json).
 *
 * @param df degrees of freedom: a positive integer, or any value > 1000, or Infinity
 * @returns the quantile (> 0)
 * @throws RangeError for df that is not positive, or not an integer up to 1000
 */
export function qt975(df: number): number {
  if (df === Infinity) return Z975;
  if (!(df > 0) || (df <= 1000 && !Number.isInteger(df))) throw new RangeError(`qt975: degrees of freedom must be a positive integer (got ${df}).`);
  const z = Z975;
  if (df > 1000) {
    const z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
    const g1 = (z3 + z) / 4;
    const g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
    const g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
    const g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
    return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
  }
  if (df === 1) return Math.tan(0.475 * Math.PI);
  if (df === 2) return Math.sqrt(2 / (1 / (0.95 * 0.95) - 1)); // A = t/√(2 + t²)
  // c = Γ((ν+1)/2) / (√(νπ) Γ(ν/2)), the density's constant, by Γ((ν+3)/2)/Γ((ν+2)/2) = Γ((ν+1)/2)/Γ(ν/2) · (ν+1)/ν
  let r = df % 2 === 1 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
  for (let v = df % 2 === 1 ? 1 : 2; v < df; v += 2) r *= (v + 1) / v;
  const c = r / Math.sqrt(df * Math.PI);
  const absCdf = (t: number): number => {
    const th = Math.atan(t / Math.sqrt(df));
    const s = Math.sin(th), c2 = Math.cos(th) ** 2;
    if (df % 2 === 1) {
      // A = (2/π) [θ + sinθ (cosθ + (2/3) cos³θ + … + (2·4…(ν-3))/(1·3…(ν-2)) cos^(ν-2)θ)]
      let term = Math.cos(th), sum = 0;
      for (let k = 1; k <= df - 2; k += 2) {
        sum += term;
        term *= (c2 * (k + 1)) / (k + 2);
      }
      return (2 / Math.PI) * (th + s * sum);
    }
    // A = sinθ [1 + (1/2) cos²θ + (1·3)/(2·4) cos⁴θ + … + (1·3…(ν-3))/(2·4…(ν-2)) cos^(ν-2)θ]
    let term = 1, sum = 0;
    for (let k = 0; k <= df - 2; k += 2) {
      sum += term;
      term *= (c2 * (k + 1)) / (k + 2);
    }
    return s * sum;
  };
  let t = z + (z ** 3 + z) / (4 * df); // first Cornish-Fisher term as the start
  for (let it = 0; it < 100; it++) {
    const step = (absCdf(t) - 0.95) / (2 * c * (1 + (t * t) / df) ** (-(df + 1) / 2));
    t -= step;
    if (Math.abs(step) <= 1e-15 * t) break;
  }
  return t;
}

/**
 * Degrees of freedom of a one-stage (domain) design, as R survey degf(design) on subset(design, domain): rows in
 * the domain (with or without an outcome) minus the strata that have rows in the domain (1 without strata).
 *
 * @param n rows of the design; @param domain membership per row (absent = every row); @param design optional strata
 * @returns the degrees of freedom (0 for an empty domain)
 */
export function designDf(n: number, domain?: ArrayLike<boolean | number>, design: VarianceDesign = {}): number {
  let rows = 0;
  const strata = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (!inDomain(domain, i)) continue;
    rows++;
    strata.add(design.strata ? design.strata[i]! : 0);
  }
  return rows - strata.size;
}

/**
 * Logit 95 % CI of a proportion, as R survey::svyciprop(formula, design) with its default method = "logit":
 * svyglm(y ~ 1, family = quasibinomial) gives logit(p) with SE_logit = SE(p) / (p (1 - p)) (delta method; for an
 * intercept-only model the sandwich variance is exactly this), and confint(…, method = "Wald", ddf = df) uses
 * qt(0.975, df); the CI is expit(logit(p) ∓ qt(0.975, df) · SE_logit). Always inside [0, 1], asymmetric near 0 and 1.
 * Edge cases: p = 0 gives [0, 0] and p = 1 gives [1, 1] (R's IRLS fit runs off to ∓∞ and returns limits within 1e-9
 * of 0 or 1, e.g. [1.6e-11, 2.0e-10]; the interval carries no information there); df ≤ 0 or a non-finite SE gives
 * null (R: NA). R's interval comes from an IRLS fit (convergence 1e-8), so it agrees with this closed form to ~1e-9.
 *
 * @param p proportion in [0, 1]; @param se its linearization SE; @param df design degrees of freedom ({@link designDf})
 * @returns [lower, upper] or null
 */
export function logitCi95(p: number, se: number, df: number): [number, number] | null {
  if (!(df > 0) || !Number.isFinite(se) || !Number.isFinite(p)) return null;
  if (p <= 0) return [0, 0];
  if (p >= 1) return [1, 1];
  const half = (qt975(df) * se) / (p * (1 - p));
  const l = Math.log(p / (1 - p));
  const expit = (x: number) => 1 / (1 + Math.exp(-x));
  return [expit(l - half), expit(l + half)];
}

function inDomain(domain: ArrayLike<boolean | number> | undefined, i: number): boolean {
  return domain === undefined || !!domain[i];
}

/**
 * Weighted proportions and frequencies of a categorical outcome, with linearization SEs, logit 95 % CIs (R
 * svyciprop, {@link logitCi95}; what reports show) and Wald 95 % CIs (estimate ∓ qnorm(0.975)·SE, R confint() on
 * svymean; kept for the reference format), for the whole sample or a domain (subgroup).
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
 * @returns per category: respondents, weighted count, proportion, SEs and CIs; plus n, n non-missing, W and the df of the logit CIs
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
  const df = designDf(n, input.domain, input.design);
  return {
    nNonMissing: nNon, weightedTotal: W, n, df, nOutsideCodes: outside,
    categories: levels.map((code, k) => {
      const p = props[k]!;
      const sf = seF[k]!;
      const sc = seC ? seC[k]! : null;
      return {
        code, respondents: counts[k]!, weightedCount: wsum[k]!, proportion: p,
        seFixed: sf, ci95Fixed: ci(p, sf), seCalibrated: sc, ci95Calibrated: sc === null ? null : ci(p, sc),
        ci95LogitFixed: logitCi95(p, sf, df), ci95LogitCalibrated: sc === null ? null : logitCi95(p, sc, df),
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
