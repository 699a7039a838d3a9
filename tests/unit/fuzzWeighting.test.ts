// Fuzz the weighting core: random samples, margins, cells, targets and options → weights or WEIGHTING_INPUT / NOT_CONVERGED.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzzRuns } from '../helpers/fuzz';
import { computeWeights, type WeightingSample, type WeightingSpec } from '../../shared/weighting';
import { DomainError } from '../../shared/domain/errors';

const ALLOWED = new Set(['WEIGHTING_INPUT', 'NOT_CONVERGED']);

/** Runs one scheme; a result must have n finite positive weights, an error must be a DomainError with an allowed code. */
function outcome(sample: WeightingSample, spec: WeightingSpec): string {
  try {
    const r = computeWeights(sample, spec);
    expect(r.weights.length).toBe(sample.n);
    for (const w of r.weights) expect(Number.isFinite(w), `weight ${w} for ${JSON.stringify(spec).slice(0, 500)}`).toBe(true);
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError && ALLOWED.has(e.code)) return e.code;
    throw new Error(`computeWeights threw ${e instanceof DomainError ? e.code : String(e)} for sample ${JSON.stringify({ ...sample, variables: Object.fromEntries(Object.entries(sample.variables).map(([k, v]) => [k, Array.from(v)])) }).slice(0, 800)} spec ${JSON.stringify(spec).slice(0, 800)}`, { cause: e });
  }
}

const code = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, 0, -1, 2.5, 99, Infinity) });
const count = fc.oneof({ weight: 8, arbitrary: fc.double({ min: 0.5, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, -5, Number.NaN, Infinity, 1e300, 5e-324, -0) });
const names = ['a', 'b', 'c'];

const sampleArb: fc.Arbitrary<WeightingSample> = fc.integer({ min: 0, max: 40 }).chain((n) =>
  fc.record({
    vars: fc.tuple(...names.map(() => fc.array(code, { minLength: n, maxLength: n }))),
    base: fc.option(fc.array(fc.oneof({ weight: 9, arbitrary: fc.double({ min: 0.1, max: 50, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, Number.NaN, Infinity) }), { minLength: n, maxLength: n })),
    ragged: fc.boolean(),
  }).map(({ vars, base, ragged }) => ({
    n,
    variables: Object.fromEntries(names.map((k, i) => [k, Float64Array.from(ragged && i === 2 ? vars[i]!.slice(1) : vars[i]!)])),
    ...(base ? { baseWeights: Float64Array.from(base) } : {}),
  })),
);

const varName = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom('missing', '', '__proto__') });
const margin = fc.record({ variable: varName, categories: fc.array(fc.record({ code: code, count }), { maxLength: 6 }) });
const cells = fc.record({
  variables: fc.array(varName, { minLength: 0, maxLength: 3 }),
  cells: fc.array(fc.record({ codes: fc.array(code, { maxLength: 3 }), count }), { maxLength: 12 }),
});
const trim = fc.record({
  boundsOn: fc.constantFrom('absolute' as const, 'mean' as const),
  lower: fc.option(fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.constantFrom(-1, Number.NaN)), { nil: undefined }),
  upper: fc.option(fc.oneof(fc.double({ min: 0.5, max: 10, noNaN: true }), fc.constantFrom(0, Infinity, Number.NaN)), { nil: undefined }),
  recalibrate: fc.option(fc.boolean(), { nil: undefined }),
  maxCycles: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
});
const specArb: fc.Arbitrary<WeightingSpec> = fc.record({
  method: fc.constantFrom('poststratify' as const, 'rake' as const, 'linear' as const),
  margins: fc.option(fc.array(margin, { maxLength: 3 }), { nil: undefined }),
  cells: fc.option(cells, { nil: undefined }),
  tolerance: fc.option(fc.oneof(fc.double({ min: 1e-12, max: 0.1, noNaN: true }), fc.constantFrom(0, -1, Number.NaN)), { nil: undefined }),
  maxIterations: fc.option(fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constantFrom(0, -1, 1.5)), { nil: undefined }),
  totalsTolerance: fc.option(fc.constantFrom(1e-9, 0.01, 0, -1), { nil: undefined }),
  trim: fc.option(trim, { nil: undefined }),
}, { requiredKeys: ['method'] });

/** Targets that fit the sample: every category present gets a positive count, totals agree (so some runs succeed). */
const fittingArb = sampleArb.chain((sample) =>
  fc.tuple(fc.constantFrom('poststratify' as const, 'rake' as const, 'linear' as const), fc.double({ min: 100, max: 1e6, noNaN: true }), fc.option(trim, { nil: undefined })).map(([method, total, t]): [WeightingSample, WeightingSpec] => {
    const cats = (k: string) => [...new Set(Array.from(sample.variables[k]!).filter((x) => Number.isInteger(x) && x > 0))].sort();
    const margins = ['a', 'b'].map((variable) => {
      const cs = cats(variable);
      return { variable, categories: cs.map((c) => ({ code: c, count: total / Math.max(1, cs.length) })) };
    });
    const combos = [...new Set(Array.from({ length: sample.n }, (_, i) => `${sample.variables.a![i]}|${sample.variables.b![i]}`))].map((s) => s.split('|').map(Number));
    const spec: WeightingSpec = method === 'poststratify'
      ? { method, cells: { variables: ['a', 'b'], cells: combos.map((codes) => ({ codes, count: total / Math.max(1, combos.length) })) } }
      : { method, margins, maxIterations: 200, ...(t ? { trim: t } : {}) };
    return [sample, spec];
  }),
);

describe('computeWeights on random input', () => {
  it('random samples, margins, cells, targets and options', () => {
    fc.assert(fc.property(sampleArb, specArb, (s, spec) => void outcome(s, spec)), fuzzRuns(1000));
  });

  it('targets that fit the sample (a mix of results and coded refusals)', () => {
    const seen = new Map<string, number>();
    fc.assert(fc.property(fittingArb, ([s, spec]) => {
      const o = outcome(s, spec);
      seen.set(o, (seen.get(o) ?? 0) + 1);
    }), fuzzRuns(600));
    expect(seen.get('ok') ?? 0).toBeGreaterThan(0);
  });
});
