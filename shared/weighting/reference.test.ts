// Every case of ../shared/reference/weighting reproduced: weights, margins, Kish deff, effective n, estimates and SEs, refusals.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import { buildReferenceRun, computeWeights, parseReferenceSpec, referenceSummary, type CsvTable } from './index';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const refDir = path.resolve(repoRoot, '../shared/reference/weighting');

/** Minimal CSV reader for the reference files (no quoted fields there). */
function readTable(file: string): CsvTable {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  return { file: path.basename(file), header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

interface Json { [k: string]: unknown }
const cases = existsSync(refDir) ? readdirSync(refDir).filter((d) => existsSync(path.join(refDir, d, 'spec.json'))).sort() : [];

/** Relative difference |a - b| / |b| (absolute when b = 0). */
function rel(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}

function load(dir: string): { run: ReturnType<typeof buildReferenceRun>; raw: Json } {
  const raw = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8')) as Json;
  const spec = parseReferenceSpec(raw);
  const cellsFile = path.join(dir, 'cells.csv');
  const run = buildReferenceRun(spec, readTable(path.join(dir, 'sample.csv')), readTable(path.join(dir, 'targets.csv')),
    spec.method === 'poststratify' && existsSync(cellsFile) ? readTable(cellsFile) : undefined);
  return { run, raw };
}

describe('reference cases', () => {
  it('finds the reference folder', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    const dir = path.join(refDir, c);
    const specRaw = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8')) as Json;
    if (specRaw.expected_result === 'error') {
      it(`${c}: refused as expected_error.md requires, no weights`, () => {
        const expected = JSON.parse(readFileSync(path.join(dir, 'expected_summary.json'), 'utf8')) as { error_kind: string; details: Json };
        const { run } = load(dir);
        let err: unknown;
        let result: unknown;
        try {
          result = computeWeights(run.sample, run.weighting);
        } catch (e) {
          err = e;
        }
        expect(result).toBeUndefined();
        expect(err).toBeInstanceOf(DomainError);
        const de = err as DomainError;
        expect(de.code).toBe('WEIGHTING_INPUT');
        const d = expected.details;
        if (expected.error_kind === 'missing_weighting_value') {
          expect(de.message).toContain(String(d.variable));
          expect(de.message).toContain(String(d.n_missing));
          for (const id of d.ids as number[]) expect(de.message).toContain(String(id));
          expect(de.message).toMatch(/impute|exclude/i);
        } else if (expected.error_kind === 'inconsistent_margin_totals') {
          for (const [v, tot] of Object.entries(d.totals_per_variable as Record<string, number>)) {
            expect(de.message).toContain(v);
            expect(de.message).toContain((tot).toLocaleString('en-US'));
          }
          expect(de.message).toContain(String(d.max_difference));
        } else {
          // unknown error kind: the message must at least name a variable of the spec
          expect((specRaw.variables as string[]).some((v) => de.message.includes(v))).toBe(true);
        }
      });
      continue;
    }

    describe(c, () => {
      const expected = JSON.parse(readFileSync(path.join(dir, 'expected_summary.json'), 'utf8')) as Json;
      const cmp = (specRaw.comparison ?? {}) as { weight_rel_tol?: number; se_rel_tol?: number | null };
      const { run } = load(dir);
      const result = computeWeights(run.sample, run.weighting);
      const summary = referenceSummary(run, result);
      const expW = readTable(path.join(dir, 'expected_weights.csv'));

      it(`weights within weight_rel_tol ${cmp.weight_rel_tol ?? 1e-9} of R`, () => {
        expect(expW.rows.length).toBe(result.weights.length);
        let worst = 0;
        expW.rows.forEach((row, i) => {
          expect(String(run.ids[i])).toBe(row[0]);
          worst = Math.max(worst, rel(result.weights[i]!, Number(row[1])));
        });
        console.log(`${c}: max relative weight difference vs R = ${worst.toExponential(3)} (passes ${result.iterations})`);
        expect(worst).toBeLessThanOrEqual(cmp.weight_rel_tol ?? 1e-9);
      });

      it('margins, Kish deff and effective n within 1e-9', () => {
        const em = expected.achieved_margins as { variable: string; category_code: number; target: number; achieved: number; n_respondents: number }[];
        const am = summary.achieved_margins as typeof em;
        expect(am.length).toBe(em.length);
        for (const e of em) {
          const a = am.find((x) => x.variable === e.variable && x.category_code === e.category_code)!;
          expect(a, `${e.variable} ${e.category_code}`).toBeDefined();
          expect(a.target).toBe(e.target);
          expect(a.n_respondents).toBe(e.n_respondents);
          expect(rel(a.achieved, e.achieved)).toBeLessThan(1e-9);
        }
        expect(rel(summary.kish_deff as number, expected.kish_deff as number)).toBeLessThan(1e-9);
        expect(rel(summary.effective_n as number, expected.effective_n as number)).toBeLessThan(1e-9);
        expect(rel(summary.cv_weights_pop_sd as number, expected.cv_weights_pop_sd as number)).toBeLessThan(1e-8);
        expect(rel(summary.sum_weights as number, expected.sum_weights as number)).toBeLessThan(1e-9);
        expect(summary.n).toBe(expected.n);
      });

      it('proportions within 1e-9, se_fixed_weights within 1e-9 relative, calibration-aware SE within se_rel_tol', () => {
        const ee = expected.estimates as Record<string, Json>;
        const ae = summary.estimates as Record<string, Json>;
        let worstSe = 0;
        let worstCal = 0;
        for (const [name, e] of Object.entries(ee)) {
          const a = ae[name]!;
          if (e.type === 'numeric') {
            expect(Math.abs((a.mean as number) - (e.mean as number)) / Math.abs(e.mean as number)).toBeLessThan(1e-9);
            expect(rel(a.se_fixed_weights as number, e.se_fixed_weights as number)).toBeLessThan(1e-9);
            continue;
          }
          expect(a.n_nonmissing).toBe(e.n_nonmissing);
          const ec = e.categories as Json[];
          const ac = a.categories as Json[];
          ec.forEach((x, k) => {
            const y = ac[k]!;
            expect(y.category_code).toBe(x.category_code);
            expect(y.n_respondents).toBe(x.n_respondents);
            expect(Math.abs((y.proportion as number) - (x.proportion as number))).toBeLessThan(1e-9);
            expect(rel(y.weighted_count as number, x.weighted_count as number)).toBeLessThan(1e-9);
            const sf = rel(y.se_fixed_weights as number, x.se_fixed_weights as number);
            worstSe = Math.max(worstSe, sf);
            expect(sf, `${name} ${String(x.category_code)} se_fixed_weights`).toBeLessThan(1e-9);
            const [lo, hi] = y.ci95_fixed_weights as [number, number];
            const [elo, ehi] = x.ci95_fixed_weights as [number, number];
            expect(Math.abs(lo - elo)).toBeLessThan(1e-9);
            expect(Math.abs(hi - ehi)).toBeLessThan(1e-9);
            // calibration-aware SE: the R calibrate() value where recorded, else R's se for the unstratified design
            const tol = cmp.se_rel_tol;
            if (tol != null) {
              const ref = (x.se_calibrate_raking ?? (run.design ? undefined : x.se)) as number | undefined;
              const mine = (run.design ? y.se_stratified_calibrated : y.se) as number;
              if (ref !== undefined) {
                const r = rel(mine, ref);
                worstCal = Math.max(worstCal, r);
                expect(r, `${name} ${String(x.category_code)} calibration-aware se`).toBeLessThan(tol);
              }
            }
            if (x.se_stratified_fixed_weights !== undefined) {
              expect(rel(y.se_stratified_fixed_weights as number, x.se_stratified_fixed_weights as number)).toBeLessThan(1e-9);
            }
          });
        }
        console.log(`${c}: max rel diff se_fixed_weights ${worstSe.toExponential(2)}, calibration-aware se ${worstCal.toExponential(2)}`);
      });

      if (result.trim) {
        it('trimming: bounds and cycles as R', () => {
          const t = expected.trimming as Json;
          expect(rel(result.trim!.lower, t.lower as number)).toBeLessThan(1e-12);
          expect(rel(result.trim!.upper, t.upper as number)).toBeLessThan(1e-12);
          expect(result.trim!.cycles.length).toBe(t.cycles);
        });
      }
    });
  }
});
