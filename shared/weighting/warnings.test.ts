// Weighting warnings: small cells and extreme weights on a real raking run with a one-respondent cell, and the sheet's text.
import { describe, expect, it } from 'vitest';
import { describeWeightingWarning, largestWeights, weightingWarnings } from './diagnostics';
import { rakeWeights } from './rake';

describe('weighting warnings', () => {
  // 41 cases: sex (1/2) × age (1/2); only one case is sex 2 & age 2, and the targets make that cell large.
  const sex = new Int32Array(41);
  const age = new Int32Array(41);
  for (let i = 0; i < 41; i++) {
    sex[i] = i < 20 ? 0 : 1;
    age[i] = i < 10 || (i >= 20 && i < 40) ? 0 : 1;
  }
  const margins = [
    { variable: 'sex', codes: [1, 2], index: sex, targets: Float64Array.from([500, 500]) },
    { variable: 'age', codes: [1, 2], index: age, targets: Float64Array.from([300, 700]) },
  ];

  it('flags categories with 1..minN-1 respondents and weights above factor × mean, naming the cases', () => {
    const r = rakeWeights(new Float64Array(41).fill(1), margins, { tolerance: 1e-9, maxIterations: 1000 });
    const w = r.weights;
    let sum = 0, min = Infinity, max = -Infinity;
    for (const x of w) { sum += x; min = Math.min(min, x); max = Math.max(max, x); }
    const mean = sum / w.length;
    // The lone case 40 (sex 2, age 2) carries a weight far above the others.
    expect(max / mean).toBeGreaterThan(5);
    const largest = largestWeights(w, 3).map((l) => ({ caseId: `c${l.row}`, weight: l.weight }));
    expect(largest[0]!.caseId).toBe('c40');
    const checks = [
      { variable: 'sex', code: '1', label: 'man', respondents: 20 }, { variable: 'sex', code: '2', label: 'vrouw', respondents: 21 },
      { variable: 'age', code: '1', label: null, respondents: 30 }, { variable: 'age', code: '2', label: null, respondents: 11 },
      { variable: 'cel', code: '22', label: null, respondents: 1 }, { variable: 'cel', code: '23', label: null, respondents: 0 },
    ];
    const warnings = weightingWarnings({ margins: checks, summary: { max, mean, maxMinRatio: max / min }, largest });
    expect(warnings).toEqual([
      { kind: 'smallCell', variable: 'cel', code: '22', label: null, respondents: 1, minN: 5 },
      { kind: 'extremeWeights', factor: 5, max, mean, maxToMean: max / mean, maxMinRatio: max / min, cases: ['c40'], more: false },
    ]);
    // A higher threshold finds the 11-case category too; a looser factor no extreme weight.
    expect(weightingWarnings({ margins: checks, summary: { max, mean, maxMinRatio: 1 }, largest }, { minN: 12, factor: 1000 }).map((x) => x.kind === 'smallCell' ? `${x.variable}=${x.code}` : x.kind))
      .toEqual(['age=2', 'cel=22']);
    expect(describeWeightingWarning(warnings[0]!)).toBe('cel = 22 has 1 respondent (fewer than 5): its adjustment rests on very few cases; consider collapsing it with a neighbouring category.');
    expect(describeWeightingWarning(warnings[1]!)).toMatch(/^the largest weight [\d.]+ is [\d.]+ × the mean weight [\d.]+ \(max\/min [\d.]+\); weights above 5 × the mean \(cases c40\) .*collapsing categories or trimming/);
  });

  it('says "more" when every listed largest weight is above the limit, and nothing for even weights', () => {
    const largest = [{ caseId: 'a', weight: 100 }, { caseId: 'b', weight: 90 }];
    const [x] = weightingWarnings({ margins: [], summary: { max: 100, mean: 10, maxMinRatio: 100 }, largest });
    expect(x).toMatchObject({ kind: 'extremeWeights', cases: ['a', 'b'], more: true, maxToMean: 10 });
    expect(weightingWarnings({ margins: [{ variable: 'v', code: 1, respondents: 5 }], summary: { max: 2, mean: 1, maxMinRatio: 4 }, largest: [] })).toEqual([]);
  });
});
