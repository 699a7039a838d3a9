// Refusals before computation, non-convergence, trimming and the small numerical helpers.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import {
  computeWeights, rakeWeights, solveSymmetricPsd, summarizeWeights, trimWeightsAdditive,
  type WeightingSample, type WeightingSpec,
} from './index';

function refuse(sample: WeightingSample, spec: WeightingSpec): DomainError {
  try {
    computeWeights(sample, spec);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const col = (xs: number[]): Float64Array => Float64Array.from(xs);
// a: 1,1,2,2,3,3 ; b: 1,2,1,2,1,2
const base2: WeightingSample = { n: 6, ids: [11, 12, 13, 14, 15, 16], variables: { a: col([1, 1, 2, 2, 3, 3]), b: col([1, 2, 1, 2, 1, 2]) } };
const margins2 = [
  { variable: 'a', categories: [{ code: 1, count: 10 }, { code: 2, count: 20 }, { code: 3, count: 30 }] },
  { variable: 'b', categories: [{ code: 1, count: 25 }, { code: 2, count: 35 }] },
];

describe('validation', () => {
  it('accepts a consistent scheme', () => {
    const r = computeWeights(base2, { method: 'rake', margins: margins2 });
    expect(r.maxRelDeviation).toBeLessThan(1e-10);
    expect(r.summary.kishDeff).toBeCloseTo(1 + r.summary.cv ** 2, 12);
  });

  it('refuses a target category without respondents, naming variable, category and counts', () => {
    const e = refuse(base2, { method: 'rake', margins: [{ variable: 'a', categories: [...margins2[0]!.categories, { code: 4, count: 5 }] }, { variable: 'b', categories: [{ code: 1, count: 30 }, { code: 2, count: 35 }] }] });
    expect(e.code).toBe('WEIGHTING_INPUT');
    expect(e.message).toContain('a = 4');
    expect(e.message).toContain('population count 5');
    expect(e.message).toMatch(/no respondents/);
    expect(e.message).toMatch(/[Cc]ollapse/);
  });

  it('accepts a zero target for a category without respondents', () => {
    const r = computeWeights(base2, { method: 'rake', margins: [{ variable: 'a', categories: [...margins2[0]!.categories, { code: 4, count: 0 }] }, margins2[1]!] });
    expect(r.maxRelDeviation).toBeLessThan(1e-10);
  });

  it('refuses a sample category without target, listing the cases', () => {
    const e = refuse(base2, { method: 'rake', margins: [{ variable: 'a', categories: margins2[0]!.categories.slice(0, 2) }, margins2[1]!] });
    expect(e.message).toContain('a = 3');
    expect(e.message).toContain('2 respondents');
    expect(e.message).toContain('15, 16');
    expect(e.issues).toEqual([{ message: 'a = 3: 2 respondents but no target (ids 15, 16)', path: ['a', 3], value: 'a = 3', reason: 'weighting.input.noTarget', params: { category: 'a = 3', count: 2, ids: '15, 16' } }]);
  });

  it('names a category by the margin\'s describe (a crossed margin passed as one composite column)', () => {
    const s: WeightingSample = { n: 4, variables: { 'a*b': col([11, 11, 13, 23]) } };
    const describe = (x: number) => `a = ${Math.floor(x / 10)} × b = ${x % 10}`;
    const e = refuse(s, { method: 'rake', margins: [{ variable: 'a*b', categories: [{ code: 11, count: 10 }], describe }] });
    expect(e.message).toContain('Sample category a = 1 × b = 3 has 1 respondent but no target');
    expect(e.issues.map((i) => [i.reason, i.params?.category])).toEqual([['weighting.input.noTarget', 'a = 1 × b = 3'], ['weighting.input.noTarget', 'a = 2 × b = 3']]);
  });

  it('refuses margins with different totals, listing each total', () => {
    const e = refuse(base2, { method: 'rake', margins: [margins2[0]!, { variable: 'b', categories: [{ code: 1, count: 25 }, { code: 2, count: 30 }] }] });
    expect(e.message).toContain('60 for a');
    expect(e.message).toContain('55 for b');
    expect(e.issues.length).toBe(2);
  });

  it('refuses a missing value in a weighting variable, listing the ids', () => {
    const s: WeightingSample = { ...base2, variables: { ...base2.variables, b: col([1, NaN, 1, 2, NaN, 2]) } };
    const e = refuse(s, { method: 'rake', margins: margins2 });
    expect(e.message).toContain('b');
    expect(e.message).toContain('2 respondents');
    expect(e.message).toContain('12, 15');
    // One issue per problem, with a reason and params the UI words in its language (the ids listed in params).
    expect(e.issues).toEqual([{ message: 'missing value in weighting variable b for 2 respondent(s) (ids 12, 15)', path: ['b'], value: '12', reason: 'weighting.input.missing', params: { variable: 'b', count: 2, ids: '12, 15' } }]);
  });

  it('refuses invalid base weights', () => {
    const e = refuse({ ...base2, baseWeights: col([1, 1, 0, 1, -1, NaN]) }, { method: 'rake', margins: margins2 });
    expect(e.message).toContain('3 case');
    expect(e.message).toContain('13, 15, 16');
  });

  it('refuses structural zeros that make two margins unreachable, naming the empty combinations', () => {
    // a = 1 only with b = 1; a's target for 1 (40) exceeds b = 1's (25)
    const s: WeightingSample = { n: 6, variables: { a: col([1, 1, 2, 2, 3, 3]), b: col([1, 1, 1, 2, 1, 2]) } };
    const e = refuse(s, { method: 'rake', margins: [{ variable: 'a', categories: [{ code: 1, count: 40 }, { code: 2, count: 10 }, { code: 3, count: 10 }] }, margins2[1]!] });
    expect(e.message).toContain('a = 1 × b = 2');
    expect(e.message).toContain('40');
    expect(e.message).toContain('25');
  });

  it('post-stratification refuses an empty cell and a cell without target', () => {
    const cells = { variables: ['a', 'b'], cells: [[1, 1], [1, 2], [2, 1], [2, 2], [3, 1], [3, 2], [4, 1]].map((codes) => ({ codes, count: 10 })) };
    const e = refuse(base2, { method: 'poststratify', cells });
    expect(e.message).toContain('a = 4 × b = 1');
    expect(e.message).toMatch(/empty cell/);
    const e2 = refuse(base2, { method: 'poststratify', cells: { variables: ['a', 'b'], cells: cells.cells.slice(0, 5) } });
    expect(e2.message).toContain('a = 3 × b = 2');
    expect(e2.message).toContain('16');
  });
});

describe('raking convergence', () => {
  it('reports non-convergence with passes and remaining deviation', () => {
    // three margins, pairwise reachable but jointly impossible: x = y = z parity structure
    const s: WeightingSample = { n: 4, variables: { x: col([1, 1, 2, 2]), y: col([1, 2, 1, 2]), z: col([1, 2, 2, 1]) } };
    const m = (v: string, a: number, b: number): { variable: string; categories: { code: number; count: number }[] } => ({ variable: v, categories: [{ code: 1, count: a }, { code: 2, count: b }] });
    // feasible pairwise; with 4 cases the three margins determine the weights; choose an infeasible (negative) solution
    let err: unknown;
    try {
      computeWeights(s, { method: 'rake', margins: [m('x', 90, 10), m('y', 90, 10), m('z', 10, 90)], maxIterations: 50 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    const de = err as DomainError;
    expect(de.code).toBe('NOT_CONVERGED');
    expect(de.message).toContain('50 passes');
    expect(de.message).toMatch(/deviation is \d/);
  });

  it('stops on the distance to the targets, not on the change between passes', () => {
    const n = 1000;
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = i % 3;
      b[i] = (i * 7) % 5 === 0 ? 0 : 1;
    }
    const r = rakeWeights(new Float64Array(n).fill(1), [
      { index: a, targets: Float64Array.from([100, 300, 600]) },
      { index: b, targets: Float64Array.from([400, 600]) },
    ], { tolerance: 1e-12 });
    expect(r.maxRelDeviation).toBeLessThan(1e-12);
  });
});

describe('trimming', () => {
  it('applies the trimWeights(strict) rule: additive redistribution, total kept, all within bounds', () => {
    const w = [1, 2, 3, 4, 20];
    const { weights, rounds } = trimWeightsAdditive(w, 1.5, 10);
    expect(rounds).toBeGreaterThan(0);
    expect(summarizeWeights(weights).sum).toBeCloseTo(30, 12);
    for (const v of weights) {
      expect(v).toBeGreaterThanOrEqual(1.5);
      expect(v).toBeLessThanOrEqual(10);
    }
    // first round: 1 -> 1.5 (−0.5), 20 -> 10 (+10); net 9.5 shared by 3 → 2 + 9.5/3 …
    expect(weights[1]).toBeCloseTo(2 + 9.5 / 3, 12);
  });

  it('refuses bounds that cannot hold for the total', () => {
    expect(() => trimWeightsAdditive([1, 2, 3], 3, 10)).toThrow(/cannot hold/);
  });

  it('trims and re-rakes until within bounds and on target', () => {
    const n = 400;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = 1 + (i % 4);
      b[i] = 1 + (i % 3 === 0 ? 0 : 1);
    }
    const spec: WeightingSpec = {
      method: 'rake', tolerance: 1e-12,
      margins: [
        { variable: 'a', categories: [{ code: 1, count: 200 }, { code: 2, count: 250 }, { code: 3, count: 250 }, { code: 4, count: 300 }] },
        { variable: 'b', categories: [{ code: 1, count: 400 }, { code: 2, count: 600 }] },
      ],
      trim: { boundsOn: 'mean', lower: 0.75, upper: 1.35 },
    };
    const r = computeWeights({ n, variables: { a, b } }, spec);
    expect(r.trim!.cycles.length).toBeGreaterThan(0);
    expect(r.summary.max).toBeLessThanOrEqual(r.trim!.upper * (1 + 1e-10));
    expect(r.summary.min).toBeGreaterThanOrEqual(r.trim!.lower * (1 - 1e-10));
    expect(r.maxRelDeviation).toBeLessThan(1e-11);
  });

  it('reports bounds and targets that cannot both be met', () => {
    const n = 100;
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = i < 5 ? 1 : 2;
    // category 1: 5 respondents must carry 50 % of the population: weight 10 × mean; bound 3 × mean is impossible
    const spec: WeightingSpec = {
      method: 'rake', margins: [{ variable: 'a', categories: [{ code: 1, count: 500 }, { code: 2, count: 500 }] }],
      trim: { boundsOn: 'mean', upper: 3, maxCycles: 20 },
    };
    expect(() => computeWeights({ n, variables: { a } }, spec)).toThrow(/did not meet both the bounds and the targets after 20 cycles/);
  });
});

describe('linear algebra', () => {
  it('solves a rank-deficient PSD system by a generalized inverse', () => {
    // A = X'X with X = [1 1; 1 1; 1 0] (full rank) and duplicated column (rank 2 of 3)
    const X = [[1, 1, 1], [1, 1, 1], [1, 0, 0]];
    const A = new Float64Array(9);
    for (const r of X) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) A[i * 3 + j]! += r[i]! * r[j]!;
    const y = [3, 3, 1];
    const b = new Float64Array(3);
    X.forEach((r, k) => r.forEach((x, i) => (b[i]! += x * y[k]!)));
    const { x, rank } = solveSymmetricPsd(A, b, 3, 1);
    expect(rank).toBe(2);
    X.forEach((r, k) => expect(r[0]! * x[0]! + r[1]! * x[1]! + r[2]! * x[2]!).toBeCloseTo(y[k]!, 12));
  });
});

describe('percentages', () => {
  it('scales 99.9 % to 100 % with a note and refuses 99 %', async () => {
    const { marginFromPercentages } = await import('./index');
    const r = marginFromPercentages('sex', [{ code: 1, count: 49.9 }, { code: 2, count: 50 }], 1000);
    expect(r.notes[0]).toMatch(/99\.9.*scaled to 100/);
    expect(r.margin.categories[0]!.count + r.margin.categories[1]!.count).toBeCloseTo(1000, 10);
    expect(() => marginFromPercentages('sex', [{ code: 1, count: 49 }, { code: 2, count: 50 }], 1000)).toThrow(/sex sum to 99, not 100/);
  });
});
