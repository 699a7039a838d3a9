// Types of the weighting domain core: sample columns, targets, options, encoded margins and results.

/** Method of a weighting scheme. */
export type WeightingMethod = 'poststratify' | 'rake' | 'linear';

/**
 * The sample as columns (one entry per case, all of length `n`, same row order).
 * Weighting variables hold integer category codes; `NaN` is a missing value.
 */
export interface WeightingSample {
  /** Number of cases (rows). */
  n: number;
  /** Case identifiers in row order, used only in messages. Defaults to row numbers 1..n. */
  ids?: ArrayLike<number | string>;
  /** Weighting variables: integer category code per case, `NaN` = missing. */
  variables: Readonly<Record<string, ArrayLike<number>>>;
  /** Optional base (design) weights; must be finite and > 0. Absent = every case starts from 1. */
  baseWeights?: ArrayLike<number>;
}

/** Population count of one category. */
export interface CategoryTarget {
  code: number;
  count: number;
}

/** Population margin of one variable (raking, linear calibration). */
export interface MarginTarget {
  variable: string;
  categories: CategoryTarget[];
  /**
   * How a category is named in refusals (default `variable = code`); a crossed margin passed as one composite column
   * names its cells by their components, e.g. `laag = 1 × geslacht = 3` for composite code 13.
   */
  describe?: (code: number) => string;
  /**
   * The columns a composite margin column was made from (`laag` and `geslacht` of `laag*geslacht`), one value per case
   * (NaN = missing): a missing value is reported in the component that lacks it, not in the composite.
   */
  components?: { variable: string; values: ArrayLike<number> }[];
}

/** Population count of one cell of crossed variables (post-stratification). */
export interface CellTarget {
  /** One code per variable of {@link CellTargets.variables}, same order. */
  codes: number[];
  count: number;
}

/** Population counts of the cells of crossed variables (post-stratification). */
export interface CellTargets {
  variables: string[];
  cells: CellTarget[];
}

/** Trimming options: bounds on the weights, redistribution, re-calibration. */
export interface TrimOptions {
  /**
   * `absolute`: `lower`/`upper` are weights. `mean`: they are multiples of the mean weight of the first
   * calibrated weights (population total / n), fixed for all cycles.
   */
  boundsOn: 'absolute' | 'mean';
  /** Lower bound (weight or multiple of the mean); absent = 0 (no lower bound). */
  lower?: number;
  /** Upper bound (weight or multiple of the mean); absent = no upper bound. */
  upper?: number;
  /** Re-calibrate after each trimming step and repeat until within bounds and on target (default true). */
  recalibrate?: boolean;
  /** Maximum trim + re-calibrate cycles (default 500). */
  maxCycles?: number;
  /**
   * Cycle stop rule: stop after the first re-calibration whose weights lie in [L, U] up to this relative
   * amount, max(max(w)/U - 1, 1 - min(w)/L) < cycleTolerance (default 1e-10).
   */
  cycleTolerance?: number;
}

/** A weighting scheme: method, targets and options. */
export interface WeightingSpec {
  method: WeightingMethod;
  /** Raking / linear calibration margins, in raking order. */
  margins?: MarginTarget[];
  /** Post-stratification cells. */
  cells?: CellTargets;
  /** Raking tolerance: max over categories of |achieved - target| / target after a full pass (default 1e-10). */
  tolerance?: number;
  /** Maximum raking passes (default 1000). */
  maxIterations?: number;
  /** Relative tolerance for margins whose totals disagree (default 1e-9). */
  totalsTolerance?: number;
  /** Optional trimming. */
  trim?: TrimOptions;
}

/**
 * One weighting variable encoded for computation: per-case category index (0..k-1) into the sorted
 * category codes, and the target count per category.
 */
export interface EncodedMargin {
  variable: string;
  /** How a category is named in refusals (from {@link MarginTarget.describe}; default `variable = code`). */
  describe?: (code: number) => string;
  /** Category codes, ascending; index c of `targets` and of `index` values refers to codes[c]. */
  codes: number[];
  /** Population count per category. */
  targets: Float64Array;
  /** Category index per case. */
  index: Int32Array;
  /** Respondents per category. */
  counts: Int32Array;
  /** For post-stratification cells: the component codes of each cell (same order as `codes`). */
  cellCodes?: number[][];
  /** For post-stratification cells: the crossed variable names. */
  cellVariables?: string[];
}

/** Validated, encoded input ready for the numerical methods. */
export interface PreparedWeighting {
  n: number;
  method: WeightingMethod;
  /** Margins (rake, linear) or a single margin of cells (poststratify). */
  margins: EncodedMargin[];
  /** Base weights (ones when none were given). */
  base: Float64Array;
  hasBaseWeights: boolean;
  /** Population total (sum of the first margin's targets). */
  total: number;
  ids: ArrayLike<number | string>;
}

/** Achieved versus target for one category. */
export interface MarginCheck {
  variable: string;
  code: number;
  /** Component codes when the category is a post-stratification cell. */
  cellCodes?: number[];
  target: number;
  achieved: number;
  difference: number;
  /** (achieved - target) / target; null when target is 0. */
  relativeDifference: number | null;
  respondents: number;
}

/** Distribution statistics of a weight vector. */
export interface WeightSummary {
  n: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  maxMinRatio: number;
  /** Kish (1965) design effect due to weighting: n Σw² / (Σw)². */
  kishDeff: number;
  /** Effective sample size (Σw)² / Σw². */
  effectiveN: number;
  /** CV of the weights with the population SD (divisor n): sqrt(kishDeff - 1). */
  cv: number;
  zeroWeights: number;
  negativeWeights: number;
}

/** One trimming + re-calibration cycle. */
export interface TrimCycle {
  cycle: number;
  /** Weights outside [L, U] before trimming in this cycle. */
  trimmed: number;
  /** Max relative margin deviation right after trimming (before re-calibration). */
  maxRelMarginDeviationAfterTrim: number;
  minAfter: number;
  maxAfter: number;
  /** max(0, max(w)/U - 1, 1 - min(w)/L) after re-calibration. */
  maxRelBoundViolation: number;
}

/** Report of a trimming run. */
export interface TrimReport {
  lower: number;
  upper: number;
  meanWeight: number;
  cycles: TrimCycle[];
  /** Summary of the weights before trimming. */
  before: WeightSummary;
}

/** Result of a weighting run. */
export interface WeightingResult {
  method: WeightingMethod;
  /** Final weights in row order. */
  weights: Float64Array;
  /** Raking passes of the (last) raking run; 0 for closed-form methods. */
  iterations: number;
  /** Max relative margin deviation of the final weights. */
  maxRelDeviation: number;
  maxAbsDeviation: number;
  margins: MarginCheck[];
  summary: WeightSummary;
  baseSummary: WeightSummary | null;
  /** Range of final / base weight (when base weights were given). */
  gWeights: { min: number; max: number } | null;
  trim: TrimReport | null;
  /** Notes for the user (e.g. how targets were interpreted). */
  notes: string[];
  /** The calibration model (margins + base weights) for calibration-aware variances. */
  model: CalibrationModel;
}

/**
 * The calibration model of a weighting run, used for calibration-aware variance: the auxiliary variables
 * x_i (an intercept and the dummies of every margin) and the base weights d_i.
 */
export interface CalibrationModel {
  /** Category index per case and the number of categories, per margin. */
  margins: { index: Int32Array; size: number }[];
  base: Float64Array;
}
