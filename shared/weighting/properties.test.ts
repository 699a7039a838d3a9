// Property tests (fast-check): raking meets its targets, weights are positive, order-free and scale with the targets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeWeights, type WeightingSample, type WeightingSpec } from './index';

interface Scenario {
  sample: WeightingSample;
  spec: WeightingSpec;
  perm: number[];
}

/**
 * A random sample on 2–3 variables (2–5 categories, every category present) with targets taken from the
 * margins of a positive weighting of the sample itself — so a positive raking solution always exists.
 */
const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    sizes: fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 2, maxLength: 3 }),
    n: fc.integer({ min: 20, max: 150 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    base: fc.boolean(),
  })
  .map(({ sizes, n, seed, base }) => {
    let s = seed;
    const rnd = (): number => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    const names = sizes.map((_, k) => `v${k}`);
    const variables: Record<string, Float64Array> = {};
    sizes.forEach((k, j) => {
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = i < k ? i + 1 : 1 + Math.floor(rnd() * k);
      variables[names[j]!] = col;
    });
    const truth = Array.from({ length: n }, () => 0.5 + 10 * rnd());
    const margins = names.map((v, j) => {
      const t = new Array<number>(sizes[j]!).fill(0);
      for (let i = 0; i < n; i++) t[variables[v]![i]! - 1]! += truth[i]!;
      return { variable: v, categories: t.map((count, c) => ({ code: c + 1, count })) };
    });
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const sample: WeightingSample = { n, variables, ...(base ? { baseWeights: Float64Array.from({ length: n }, () => 0.5 + 3 * rnd()) } : {}) };
    return { sample, spec: { method: 'rake' as const, margins, tolerance: 1e-12, maxIterations: 5000 }, perm };
  });

function permuted(sample: WeightingSample, perm: number[]): WeightingSample {
  const variables: Record<string, Float64Array> = {};
  for (const [k, col] of Object.entries(sample.variables)) variables[k] = Float64Array.from(perm, (i) => col[i]!);
  return { n: sample.n, variables, ...(sample.baseWeights ? { baseWeights: Float64Array.from(perm, (i) => sample.baseWeights![i]!) } : {}) };
}

const RUNS = { numRuns: 60 };

describe('raking properties', () => {
  it('after convergence the achieved margins equal the targets and the weights are positive', () => {
    fc.assert(fc.property(scenario, ({ sample, spec }) => {
      const r = computeWeights(sample, spec);
      for (const m of r.margins) expect(Math.abs(m.achieved - m.target) / m.target).toBeLessThan(1e-11);
      for (const w of r.weights) expect(w).toBeGreaterThan(0);
    }), RUNS);
  });

  it('the result does not depend on case order', () => {
    fc.assert(fc.property(scenario, ({ sample, spec, perm }) => {
      const a = computeWeights(sample, spec).weights;
      const b = computeWeights(permuted(sample, perm), spec).weights;
      perm.forEach((src, i) => expect(Math.abs(b[i]! - a[src]!) / a[src]!).toBeLessThan(1e-9));
    }), RUNS);
  });

  it('scaling all targets by k scales the weights by k', () => {
    fc.assert(fc.property(scenario, fc.double({ min: 0.01, max: 1000, noNaN: true }), ({ sample, spec }, k) => {
      const a = computeWeights(sample, spec).weights;
      const scaled: WeightingSpec = { ...spec, margins: spec.margins!.map((m) => ({ ...m, categories: m.categories.map((c) => ({ code: c.code, count: c.count * k })) })) };
      const b = computeWeights(sample, scaled).weights;
      a.forEach((w, i) => expect(Math.abs(b[i]! - k * w) / (k * w)).toBeLessThan(1e-9));
    }), RUNS);
  });

  it('linear calibration meets the margins and scales with the targets; post-stratification meets its cells', () => {
    fc.assert(fc.property(scenario, fc.double({ min: 0.01, max: 1000, noNaN: true }), ({ sample, spec }, k) => {
      const lin = computeWeights(sample, { ...spec, method: 'linear' });
      for (const m of lin.margins) expect(Math.abs(m.achieved - m.target) / m.target).toBeLessThan(1e-9);
      const scaled = computeWeights(sample, { ...spec, method: 'linear', margins: spec.margins!.map((m) => ({ ...m, categories: m.categories.map((c) => ({ code: c.code, count: c.count * k })) })) });
      lin.weights.forEach((w, i) => expect(Math.abs(scaled.weights[i]! - k * w)).toBeLessThan(1e-8 * Math.abs(k) * (Math.abs(w) + 1)));
      // post-stratification on the first variable alone
      const m0 = spec.margins![0]!;
      const ps = computeWeights(sample, { method: 'poststratify', cells: { variables: [m0.variable], cells: m0.categories.map((c) => ({ codes: [c.code], count: c.count })) } });
      for (const m of ps.margins) expect(Math.abs(m.achieved - m.target) / m.target).toBeLessThan(1e-12);
    }), { numRuns: 40 });
  });
});
