// Statistical test of the example: over 20 seeds the weighted victimisation per group covers the true value in ≥ 90 % of its 95 % CIs; unweighted estimates are biased as the nonresponse model predicts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateExample, parsePopulationCsv } from './generator';
import { estimateVictimisation } from './estimate';

const csv = readFileSync(new URL('../../examples/monitor-2014/population-2014.csv', import.meta.url), 'utf8');
const rows = parsePopulationCsv(csv);
const SEEDS = Array.from({ length: 20 }, (_, i) => 1000 + i);

describe('example coverage (full size, 20 seeds)', () => {
  it('weighted 95 % CIs cover the truth in at least 90 % of cases; unweighted estimates are biased', () => {
    let covered = 0, total = 0, empBias = 0, offBias = 0;
    for (const seed of SEEDS) {
      const ex = generateExample(csv, seed, 'full');
      const e = estimateVictimisation(ex, rows);
      for (const [est, truth] of [[e.employees, ex.truth.victimisation.employees], [e.officeHolders, ex.truth.victimisation.officeHolders]] as const) {
        total++;
        if (truth >= est.ci95[0] && truth <= est.ci95[1]) covered++;
      }
      empBias += e.employees.unweighted - ex.truth.victimisation.employees;
      offBias += e.officeHolders.unweighted - ex.truth.victimisation.officeHolders;
    }
    const coverage = covered / total;
    console.log(`example coverage: ${covered}/${total} = ${(100 * coverage).toFixed(1)} %; mean unweighted bias employees ${(100 * empBias / SEEDS.length).toFixed(2)} pp, office holders ${(100 * offBias / SEEDS.length).toFixed(2)} pp`);
    expect(coverage).toBeGreaterThanOrEqual(0.9);
    expect(empBias / SEEDS.length).toBeLessThan(-0.005);
    expect(offBias / SEEDS.length).toBeGreaterThan(0.005);
  }, 600_000); // generous: 20 full-size populations took 131 s on a 2-core machine at load 13
});
