// Weighted and unweighted victimisation of a generated example, with the monitor's weighting design (for the coverage test).
import { estimateCategorical } from '../weighting/estimates';
import { computeWeights } from '../weighting/weight';
import type { Example, PopulationRow } from './generator';

/** One group's estimate: weighted proportion with its 95 % CI, the unweighted proportion, respondents. */
export interface GroupEstimate { weighted: number; ci95: [number, number]; unweighted: number; n: number }

const FORMS = ['ag_verbaal', 'ag_bedreig', 'ag_fysiek', 'ag_discrim', 'ag_seks', 'ag_schade', 'ag_online', 'ag_thuis'];

/** `slachtoffer` as the questionnaire computes it: any form of aggression at least once (codes 2–4). */
export function isVictim(answers: Readonly<Record<string, string>>): boolean {
  return FORMS.some((f) => { const v = answers[f]; return v === '2' || v === '3' || v === '4'; });
}

/**
 * Estimates victimisation per group from the consenting respondents of an example with the design of the
 * monitor README (section 3): office holders post-stratified to functie × gemgr (municipal functions; size
 * classes 4 and 5 collapsed so no cell is empty) and functie (others), from design weights N_h / n_h; employees
 * raked to laag × geslacht and laag × lft4 from design weights N_laag / n_laag. Targets from population-2014.csv.
 * CIs are the calibration-aware 95 % intervals of shared/weighting (with replacement, so conservative for the
 * office-holder census).
 * @param ex the generated example; @param rows the population file's rows
 * @returns estimates for office holders and employees
 * @throws DomainError WEIGHTING_INPUT / NOT_CONVERGED from shared/weighting (e.g. an empty cell)
 */
export function estimateVictimisation(ex: Example, rows: readonly PopulationRow[]): { officeHolders: GroupEstimate; employees: GroupEstimate } {
  const sampled = new Map<string, number>();
  for (const c of ex.cases) sampled.set(c.person.stratum, (sampled.get(c.person.stratum) ?? 0) + 1);
  const resp = ex.cases.filter((c) => c.responds && c.answers?.toestemming === '1');
  const dw = (s: string): number => (ex.strata[s] ?? 0) / (sampled.get(s) ?? 1);
  const one = (group: 1 | 2): GroupEstimate => {
    const rs = resp.filter((c) => c.person.groep === group);
    const y: number[] = rs.map((c) => (isVictim(c.answers ?? {}) ? 1 : 0));
    const base = rs.map((c) => dw(c.person.stratum));
    let result;
    if (group === 1) {
      const cellOf = (f: string, g: string | null): number => Number(f) * 10 + (g ? Math.min(Number(g), 4) : 0);
      const counts = new Map<number, number>();
      for (const r of rows) {
        if (r.group !== 'politiek_ambtsdrager') continue;
        const [f, g] = r.code.split('*');
        if (r.variable === 'functie*gemgr' && f && g) counts.set(cellOf(f, g), (counts.get(cellOf(f, g)) ?? 0) + r.count);
        if (r.variable === 'functie' && f && !['11', '12', '13'].includes(f)) counts.set(cellOf(f, null), r.count);
      }
      result = computeWeights(
        { n: rs.length, variables: { cel: rs.map((c) => cellOf(c.person.functie ?? '', c.person.gemgr)) }, baseWeights: base },
        { method: 'poststratify', cells: { variables: ['cel'], cells: [...counts].map(([code, count]) => ({ codes: [code], count })) } },
      );
    } else {
      const margin = (v: 'geslacht' | 'lft4') => ({
        variable: `laag_${v}`,
        categories: rows.filter((r) => r.group === 'medewerker' && r.variable === `laag*${v}`).map((r) => { const [l, k] = r.code.split('*'); return { code: Number(l) * 10 + Number(k), count: r.count }; }),
      });
      result = computeWeights(
        { n: rs.length, variables: { laag_geslacht: rs.map((c) => c.person.laag * 10 + c.person.geslacht), laag_lft4: rs.map((c) => c.person.laag * 10 + c.person.lft4) }, baseWeights: base },
        { method: 'rake', margins: [margin('geslacht'), margin('lft4')] },
      );
    }
    const est = estimateCategorical({ y, weights: result.weights, model: result.model }, [0, 1]);
    const cat = est.categories.find((k) => k.code === 1);
    if (!cat) throw new Error('no estimate for victims');
    return { weighted: cat.proportion, ci95: cat.ci95Calibrated ?? cat.ci95Fixed, unweighted: y.reduce((s, v) => s + v, 0) / y.length, n: rs.length };
  };
  return { officeHolders: one(1), employees: one(2) };
}
