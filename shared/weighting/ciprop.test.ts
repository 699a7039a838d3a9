// Logit 95 % CIs of weighted proportions against R survey::svyciprop (method "logit", df = degf(design)): fixtures
// written by tests/fixtures/svyciprop/make.R (R 4.2.2, survey 4.1.1). Also qt(0.975, df) and the Wald CIs of svymean.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { designDf, estimateCategorical, logitCi95, qt975, Z975, type EstimateInput } from './estimates';

interface RResult { code: number; proportion: number; se: number; logit: [number, number]; wald: [number, number] }
interface RCase {
  name: string; n: number; y: (number | null)[]; w: number[]; strata: number[] | null; fpc: number[] | null;
  domain: number[] | null; model: { margins: { index: number[]; size: number }[]; base: number[] } | null;
  codes: number[]; df: number; results: RResult[];
}
const fixture = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../tests/fixtures/svyciprop/cases.json'), 'utf8')) as { qt975: { df: number; q: number }[]; cases: RCase[] };

function inputOf(c: RCase): EstimateInput {
  return {
    y: Float64Array.from(c.y, (v) => (v === null ? Number.NaN : v)),
    weights: Float64Array.from(c.w),
    ...(c.domain ? { domain: c.domain } : {}),
    ...(c.strata ? { design: { strata: Int32Array.from(c.strata), ...(c.fpc ? { fpc: Float64Array.from(c.fpc) } : {}) } } : {}),
    ...(c.model ? { model: { margins: c.model.margins.map((m) => ({ index: Int32Array.from(m.index), size: m.size })), base: Float64Array.from(c.model.base) } } : {}),
  };
}

describe('qt975 (Student t 97.5 % quantile)', () => {
  it('agrees with R qt(0.975, df) to 1e-13 relative for df 1 … 1e6, and is qnorm(0.975) for df = Infinity', () => {
    expect(fixture.qt975.length).toBeGreaterThan(15);
    for (const { df, q } of fixture.qt975) expect(Math.abs(qt975(df) - q) / q, `df ${df}`).toBeLessThan(1e-13);
    expect(qt975(Infinity)).toBe(Z975);
    expect(() => qt975(0)).toThrow(RangeError);
    expect(() => qt975(2.5)).toThrow(RangeError);
  });
});

describe('logit CI of a proportion = R svyciprop(~I(y == k), design) (default method "logit")', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: df = R degf(design), SE and Wald CI as svymean, logit CI within 2e-9 of R`, () => {
      const input = inputOf(c);
      const e = estimateCategorical(input, c.codes);
      expect(e.df).toBe(c.df);
      expect(designDf(c.n, input.domain, input.design)).toBe(c.df);
      c.results.forEach((r, k) => {
        const a = e.categories[k]!;
        expect(a.code).toBe(r.code);
        expect(Math.abs(a.proportion - r.proportion)).toBeLessThan(1e-12);
        const se = c.model ? a.seCalibrated! : a.seFixed;
        const ci = c.model ? a.ci95LogitCalibrated! : a.ci95LogitFixed!;
        const wald = c.model ? a.ci95Calibrated! : a.ci95Fixed;
        expect(Math.abs(se - r.se), `${r.code} se`).toBeLessThan(1e-12);
        expect(Math.abs(wald[0] - r.wald[0]), `${r.code} wald`).toBeLessThan(1e-12);
        expect(Math.abs(wald[1] - r.wald[1]), `${r.code} wald`).toBeLessThan(1e-12);
        // R's limits come from an IRLS fit (glm convergence 1e-8): agreement to ~1e-10, checked at 2e-9
        expect(Math.abs(ci[0] - r.logit[0]), `${r.code} logit low`).toBeLessThan(2e-9);
        expect(Math.abs(ci[1] - r.logit[1]), `${r.code} logit high`).toBeLessThan(2e-9);
        expect(ci[0]).toBeGreaterThanOrEqual(0);
        expect(ci[1]).toBeLessThanOrEqual(1);
        expect(ci[0]).toBeLessThanOrEqual(a.proportion);
        expect(ci[1]).toBeGreaterThanOrEqual(a.proportion);
      });
    });
  }

  it('stays inside [0, 1] where the Wald interval does not (one case in 60)', () => {
    const c = fixture.cases.find((x) => x.name === 'near_0_and_1')!;
    const e = estimateCategorical(inputOf(c), c.codes);
    expect(e.categories[0]!.ci95Fixed[0]).toBeLessThan(0);
    expect(e.categories[1]!.ci95Fixed[1]).toBeGreaterThan(1);
    expect(e.categories[0]!.ci95LogitFixed![0]).toBeGreaterThan(0.003);
    expect(e.categories[1]!.ci95LogitFixed![1]).toBeLessThan(0.997);
  });

  it('edge cases: p = 0 → [0, 0], p = 1 → [1, 1] (R: limits within 1e-9 of them), df ≤ 0 or a NaN SE → null', () => {
    expect(logitCi95(0, 0, 10)).toEqual([0, 0]);
    expect(logitCi95(1, 0, 10)).toEqual([1, 1]);
    expect(logitCi95(0.3, 0.1, 0)).toBeNull();
    expect(logitCi95(0.3, Number.NaN, 5)).toBeNull();
    // a one-row domain: df = 0, no interval (R svyciprop gives NA)
    const e = estimateCategorical({ y: Float64Array.from([1, 2, 1, 2]), weights: Float64Array.from([1, 1, 1, 1]), domain: [1, 0, 0, 0] }, [1, 2]);
    expect(e.df).toBe(0);
    expect(e.categories[0]!.ci95LogitFixed).toBeNull();
  });
});
