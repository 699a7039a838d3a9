// AAPOR outcome rates (response, cooperation, refusal, contact) from a table of disposition counts.
import { dispositionOf, type OutcomeClass } from './dispositions';

/** Counts per AAPOR outcome class. */
export type OutcomeCounts = Record<OutcomeClass, number>;

/** A zeroed {@link OutcomeCounts}. */
export function emptyOutcomeCounts(): OutcomeCounts {
  return { I: 0, P: 0, R: 0, NC: 0, O: 0, UH: 0, UO: 0, NE: 0 };
}

/**
 * Adds up disposition codes into outcome classes.
 * @param counts code → number of cases (codes from `DISPOSITIONS`)
 * @throws RangeError for an unknown code or a negative / non-integer count
 */
export function outcomeCounts(counts: Readonly<Record<string, number>>): OutcomeCounts {
  const out = emptyOutcomeCounts();
  for (const [code, n] of Object.entries(counts)) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`count for ${code} must be a non-negative integer`);
    out[dispositionOf(code).outcome] += n;
  }
  return out;
}

/**
 * The share of unknown-eligibility cases estimated eligible, by proportional allocation ("CASRO" method):
 * e = (I + P + R + NC + O) / (I + P + R + NC + O + NE), the eligible share among cases of known eligibility.
 * Source: AAPOR Standard Definitions (2023, 10th ed.), "Estimating e". Returns 1 when nothing is known yet.
 */
export function estimateEligibility(c: OutcomeCounts): number {
  const eligible = c.I + c.P + c.R + c.NC + c.O;
  const known = eligible + c.NE;
  return known === 0 ? 1 : eligible / known;
}

/** The AAPOR outcome rates; `null` where a denominator is zero. */
export interface OutcomeRates {
  RR1: number | null;
  RR2: number | null;
  RR3: number | null;
  RR4: number | null;
  COOP1: number | null;
  COOP2: number | null;
  REF1: number | null;
  REF2: number | null;
  CON1: number | null;
  /** The e used for RR3, RR4 and REF2. */
  e: number;
}

function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

/**
 * Computes the AAPOR outcome rates from outcome-class counts.
 * Formulas from AAPOR Standard Definitions (2023, 10th ed.):
 * - RR1 = I / ((I+P) + (R+NC+O) + (UH+UO)) — minimum response rate
 * - RR2 = (I+P) / ((I+P) + (R+NC+O) + (UH+UO)) — partials counted as respondents
 * - RR3 = I / ((I+P) + (R+NC+O) + e(UH+UO)); RR4 = (I+P) / (same denominator)
 * - COOP1 = I / ((I+P) + R + O); COOP2 = (I+P) / ((I+P) + R + O)
 * - REF1 = R / ((I+P) + (R+NC+O) + (UH+UO)); REF2 = R / ((I+P) + (R+NC+O) + e(UH+UO))
 * - CON1 = ((I+P) + R + O) / ((I+P) + R + O + NC + (UH+UO))
 * Not-eligible cases (NE) are in no denominator.
 * @param c counts per outcome class (non-negative)
 * @param e estimated eligible share of unknown-eligibility cases, 0 ≤ e ≤ 1; defaults to
 *   {@link estimateEligibility}(c)
 * @returns the rates as proportions in [0, 1] (null for an empty denominator) and the e used
 * @throws RangeError when e is outside [0, 1]
 */
export function outcomeRates(c: OutcomeCounts, e: number = estimateEligibility(c)): OutcomeRates {
  if (!(e >= 0 && e <= 1)) throw new RangeError(`e must be between 0 and 1, got ${e}`);
  const resp = c.I + c.P;
  const nonInt = c.R + c.NC + c.O;
  const unknown = c.UH + c.UO;
  const all = resp + nonInt + unknown;
  const allE = resp + nonInt + e * unknown;
  const coopDen = resp + c.R + c.O;
  return {
    RR1: ratio(c.I, all),
    RR2: ratio(resp, all),
    RR3: ratio(c.I, allE),
    RR4: ratio(resp, allE),
    COOP1: ratio(c.I, coopDen),
    COOP2: ratio(resp, coopDen),
    REF1: ratio(c.R, all),
    REF2: ratio(c.R, allE),
    CON1: ratio(coopDen, coopDen + c.NC + unknown),
    e,
  };
}
