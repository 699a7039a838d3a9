// Fieldwork report: disposition counts and AAPOR rates overall and per stratum, from one row per sampled case.
import { DISPOSITIONS, dispositionOf } from './dispositions';
import { emptyOutcomeCounts, estimateEligibility, outcomeRates, type OutcomeCounts, type OutcomeRates } from './rates';

/** What the report needs of one sampled case (no identifying details). */
export interface ReportCase {
  strata: Readonly<Record<string, string>>;
  disposition: string;
}

/** Counts and rates of one group of cases (all cases, or one stratum code). */
export interface RateRow {
  /** The stratum code, or "" for the whole sample. */
  code: string;
  sampled: number;
  counts: OutcomeCounts;
  rates: OutcomeRates;
}

/** Rates for the whole sample and one-way per stratum variable, with the e used. */
export interface RateTable {
  overall: RateRow;
  byStratum: { variable: string; rows: RateRow[] }[];
  /** Number of cases per disposition code, every code of the list in list order (zeros included). */
  dispositions: { code: string; count: number }[];
  e: number;
  eMethod: 'given' | 'estimated';
}

/**
 * Tabulates dispositions and AAPOR rates (see `outcomeRates`, AAPOR Standard Definitions (2023, 10th ed.)).
 * When e is estimated it is estimated once from the whole sample (proportional allocation) and applied to every
 * stratum, so the strata's RR3/RR4 stay comparable.
 * @param cases one row per sampled case
 * @param variables stratum variables to break the rates down by (one-way each), codes in numeric-aware order
 * @param e estimated eligible share of unknown-eligibility cases in [0, 1], or 'estimate'
 * @throws RangeError for an unknown disposition code or an e outside [0, 1]
 */
export function rateTable(cases: readonly ReportCase[], variables: readonly string[], e: number | 'estimate' = 'estimate'): RateTable {
  const total = emptyOutcomeCounts();
  const perCode = new Map<string, number>(DISPOSITIONS.map((d) => [d.code, 0]));
  const perVar = variables.map(() => new Map<string, { n: number; counts: OutcomeCounts }>());
  for (const c of cases) {
    const cls = dispositionOf(c.disposition).outcome;
    total[cls]++;
    perCode.set(c.disposition, (perCode.get(c.disposition) ?? 0) + 1);
    variables.forEach((v, i) => {
      const code = c.strata[v] ?? '';
      const m = perVar[i]!;
      let g = m.get(code);
      if (!g) m.set(code, (g = { n: 0, counts: emptyOutcomeCounts() }));
      g.n++;
      g.counts[cls]++;
    });
  }
  const eUsed = e === 'estimate' ? estimateEligibility(total) : e;
  const row = (code: string, n: number, counts: OutcomeCounts): RateRow => ({ code, sampled: n, counts, rates: outcomeRates(counts, eUsed) });
  return {
    overall: row('', cases.length, total),
    byStratum: variables.map((variable, i) => ({
      variable,
      rows: [...perVar[i]!].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })).map(([code, g]) => row(code, g.n, g.counts)),
    })),
    dispositions: [...perCode].map(([code, count]) => ({ code, count })),
    e: eUsed,
    eMethod: e === 'estimate' ? 'estimated' : 'given',
  };
}
