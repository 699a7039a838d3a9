// weightCsv on every reference case (weights and summary vs R), CSV errors located, and the weight-csv command's atomic output.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors';
import { weightCsv } from '../../electron/backend/services/weightCsv';
import { command } from '../../electron/cli/commands/weightCsv';
import { parseArgs } from '../../electron/cli/args';
import { tempDir } from '../helpers/tmp';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const refDir = path.resolve(repoRoot, '../shared/reference/weighting');
const cases = existsSync(refDir) ? readdirSync(refDir).filter((d) => existsSync(path.join(refDir, d, 'spec.json'))).sort() : [];
const dir = tempDir();

interface Json { [k: string]: unknown }
const readJson = (p: string): Json => JSON.parse(readFileSync(p, 'utf8')) as Json;
const inputs = (c: string): { samplePath: string; targetsPath: string; specPath: string; cellsPath?: string } => {
  const d = path.join(refDir, c);
  const cells = path.join(d, 'cells.csv');
  return { samplePath: path.join(d, 'sample.csv'), targetsPath: path.join(d, 'targets.csv'), specPath: path.join(d, 'spec.json'), ...(existsSync(cells) ? { cellsPath: cells } : {}) };
};

async function runCommand(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
  try {
    const code = await command.run(parseArgs(argv, command.valueOptions ?? []), io);
    return { code, out, err };
  } catch (e) {
    if (e instanceof DomainError) return { code: 1, out, err: e.message };
    throw e;
  }
}

describe('weightCsv on the reference cases', () => {
  it('finds the reference cases', () => expect(cases.length).toBeGreaterThan(0));

  for (const c of cases) {
    const spec = readJson(path.join(refDir, c, 'spec.json'));
    if (spec.expected_result === 'error') {
      it(`${c}: refused, and weight-csv writes nothing`, async () => {
        expect(() => weightCsv(inputs(c))).toThrow(DomainError);
        const out = path.join(dir, `${c}-weights.csv`);
        const summary = path.join(dir, `${c}-summary.json`);
        const i = inputs(c);
        const r = await runCommand(['--sample', i.samplePath, '--targets', i.targetsPath, '--spec', i.specPath, '--out', out, '--summary', summary]);
        expect(r.code).toBe(1);
        expect(existsSync(out)).toBe(false);
        expect(existsSync(summary)).toBe(false);
        expect(readdirSync(dir).filter((f) => f.includes(c))).toEqual([]);
      });
      continue;
    }
    it(`${c}: weights and summary match R`, async () => {
      const cmp = spec.comparison as { weight_rel_tol: number };
      const r = weightCsv(inputs(c));
      const exp = readFileSync(path.join(refDir, c, 'expected_weights.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
      let worst = 0;
      exp.forEach(([id, w], i) => {
        expect(String(r.ids[i])).toBe(id);
        worst = Math.max(worst, Math.abs(r.weights[i]! - Number(w)) / Number(w));
      });
      expect(worst).toBeLessThanOrEqual(cmp.weight_rel_tol);
      const e = readJson(path.join(refDir, c, 'expected_summary.json'));
      for (const k of ['kish_deff', 'effective_n', 'sum_weights']) {
        expect(Math.abs((r.summary[k] as number) - (e[k] as number)) / (e[k] as number)).toBeLessThan(1e-9);
      }
      // the CLI writes the same weights (exact round trip) and the summary
      const out = path.join(dir, `${c}-weights.csv`);
      const summary = path.join(dir, `${c}-summary.json`);
      const i = inputs(c);
      const run = await runCommand(['--sample', i.samplePath, '--targets', i.targetsPath, '--spec', i.specPath, '--out', out, '--summary', summary, ...(i.cellsPath ? ['--cells', i.cellsPath] : [])]);
      expect(run.code).toBe(0);
      const written = readFileSync(out, 'utf8').trim().split('\n');
      expect(written[0]).toBe('id,weight');
      written.slice(1).forEach((l, k) => expect(Number(l.split(',')[1])).toBe(r.weights[k]));
      expect(readJson(summary).kish_deff).toBe(r.summary.kish_deff);
    });
  }
});

describe('weightCsv input errors', () => {
  const base = cases.find((c) => c.startsWith('p02')) ?? cases[0]!;

  it('names file, row and column of a bad number', () => {
    const i = inputs(base);
    const lines = readFileSync(i.samplePath, 'utf8').split('\n');
    const header = lines[0]!.split(',');
    const k = header.indexOf('gender');
    const row = lines[3]!.split(',');
    row[k] = 'x2';
    lines[3] = row.join(',');
    const bad = path.join(dir, 'bad-sample.csv');
    writeFileSync(bad, lines.join('\n'));
    try {
      weightCsv({ ...i, samplePath: bad });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).message).toContain('bad-sample.csv, row 4, column gender');
      expect((e as DomainError).issues[0]).toMatchObject({ file: 'bad-sample.csv', row: 4, column: 'gender' });
    }
  });

  it('names the row with a wrong number of fields and a missing column', () => {
    const i = inputs(base);
    const bad = path.join(dir, 'short-targets.csv');
    writeFileSync(bad, 'variable,category_code,population_count\ntier,1,635\ntier,2\n');
    expect(() => weightCsv({ ...i, targetsPath: bad })).toThrow(/short-targets\.csv, row 3: 2 fields where the header has 3/);
    writeFileSync(bad, 'variable,code,population_count\ntier,1,635\n');
    expect(() => weightCsv({ ...i, targetsPath: bad })).toThrow(/column "category_code" is missing/);
  });

  it('reports a missing file', () => {
    expect(() => weightCsv({ ...inputs(base), samplePath: path.join(dir, 'nope.csv') })).toThrow(/No such file/);
  });

  it('usage errors for missing options', async () => {
    await expect(runCommand(['--sample', 'a.csv'])).rejects.toThrow(/--targets is required/);
  });
});
