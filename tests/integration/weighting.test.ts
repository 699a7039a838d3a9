// Integration: weighting schemes on real project files — targets from population-2014.csv, runs, stored weights, refusals, estimates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createBackend, type Backend } from '../../electron/backend/backend';
import type { Result } from '../../shared/contract/result';
import type { BackendChannel, Output } from '../../shared/contract/api';
import { schemeMarginsFromFile } from '../../electron/backend/services/weighting';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject, employeesScheme, officeHoldersScheme, POPULATION_CSV } from './weightingFixture';

const dir = tempDir();
let backend: Backend;
let projectPath: string;
let targets: Output<'weighting.targetsFromFile'>;

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function call(channel: BackendChannel, input: unknown): Promise<Result<unknown>> {
  return backend.dispatch(channel, input);
}

/** Weights stored for a scheme, read straight from the file. */
function storedWeights(scheme: string): { caseId: string; weight: number; weightN: number }[] {
  const db = new Database(projectPath, { readonly: true });
  try {
    return db.prepare(
      `SELECT c.case_id AS caseId, w.weight, w.weight_n AS weightN FROM weighting_weight w JOIN weighting_scheme s ON s.id = w.scheme_id
         JOIN case_record c ON c.id = w.case_pk WHERE s.name = ? ORDER BY c.case_id`,
    ).all(scheme) as { caseId: string; weight: number; weightN: number }[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  projectPath = await createMonitorProject(join(dir, 'monitor.vwk'));
  backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
  value(await call('project.open', { path: projectPath }));
  targets = value(await call('weighting.targetsFromFile', { path: POPULATION_CSV }));
});
afterAll(() => backend?.close());

describe('targets from a file', () => {
  it('loads population-2014.csv as it is: groups, one-way and crossed margins', () => {
    expect(targets.rows).toBe(51);
    expect(targets.groups).toEqual(['politiek_ambtsdrager', 'medewerker']);
    expect(targets.margins.map((m) => `${m.group}:${m.variable}`)).toEqual([
      'politiek_ambtsdrager:functie', 'politiek_ambtsdrager:functie*gemgr', 'medewerker:laag', 'medewerker:laag*geslacht', 'medewerker:laag*lft4',
    ]);
    const functie = targets.margins[0]!;
    expect(functie.total).toBe(12_216);
    expect(functie.categories[0]).toMatchObject({ code: '11', codes: [11], label: 'Burgemeester', value: 403, row: 2 });
    const lg = targets.margins[3]!;
    expect(lg.variables).toEqual(['laag', 'geslacht']);
    expect(lg.categories.find((c) => c.code === '1*2')).toMatchObject({ codes: [1, 2], value: 81_340 });
    for (const m of targets.margins.slice(2)) expect(m.total).toBe(306_700);
    expect(targets.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a malformed file with every problem located by file, row and column', async () => {
    const bad = join(dir, 'bad-targets.csv');
    writeFileSync(bad, 'variable,category_code,population_count\nlaag,1,100\nlaag,2,abc\nlaag*geslacht,1,50\nlaag,1,7\n');
    const r = await call('weighting.targetsFromFile', { path: bad });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('WEIGHTING_INPUT');
    expect(r.error.message).toContain('bad-targets.csv, row 3, column population_count');
    expect(r.error.issues).toEqual([
      expect.objectContaining({ file: 'bad-targets.csv', row: 3, column: 'population_count', value: 'abc' }),
      expect.objectContaining({ row: 4, column: 'category_code', value: '1' }),
      expect.objectContaining({ row: 5, column: 'category_code', message: expect.stringContaining('appears twice (also row 2)') }),
    ]);
  });

  it('scales percentages that sum to 99.9 with a note and refuses 99', async () => {
    const ok = join(dir, 'pct.csv');
    writeFileSync(ok, 'variable,code,percentage\ngeslacht,1,55.0\ngeslacht,2,44.9\n');
    const t = value<Output<'weighting.targetsFromFile'>>(await call('weighting.targetsFromFile', { path: ok }));
    expect(t.margins[0]!.kind).toBe('percent');
    expect(t.margins[0]!.categories.reduce((s, c) => s + c.value, 0)).toBeCloseTo(100, 12);
    expect(t.notes.join(' ')).toContain('sum to 99.9; they were scaled to 100');
    const bad = join(dir, 'pct-bad.csv');
    writeFileSync(bad, 'variable,code,percentage\ngeslacht,1,55\ngeslacht,2,44\n');
    const r = await call('weighting.targetsFromFile', { path: bad });
    expect(r).toMatchObject({ ok: false, error: { code: 'WEIGHTING_INPUT', issues: [expect.objectContaining({ row: 2, column: 'percentage' })] } });
  });
});

describe('schemes: save, run, stored results', () => {
  let first: Output<'weighting.run'>;

  it('rakes the employees to laag × geslacht and laag × lft4: margins equal the targets to 1e-9', async () => {
    const margins = schemeMarginsFromFile(targets, 'medewerker', ['laag*geslacht', 'laag*lft4']);
    expect(value(await call('weighting.saveScheme', { scheme: employeesScheme(margins) }))).toEqual({ name: 'medewerkers', created: true });
    first = value(await call('weighting.run', { name: 'medewerkers', operator: 'methodoloog' }));
    expect(first.cases).toEqual({ weighted: 400, excluded: 3, notComplete: 2, outsideGroup: 200 });
    expect(first.margins).toHaveLength(24);
    for (const m of first.margins) expect(Math.abs(m.achieved - m.target)).toBeLessThanOrEqual(1e-9 * m.target);
    expect(first.margins.find((m) => m.variable === 'laag*geslacht' && m.code === '4*2')).toMatchObject({ target: 2889, label: 'Waterschap | vrouw' });
    expect(first.maxRelDeviation).toBeLessThan(1e-10);
    expect(first.iterations).toBeGreaterThan(1);
    expect(first.summary.sum).toBeCloseTo(306_700, 6);
    expect(first.sumNormalised).toBeCloseTo(400, 9);
    expect(first.summary.kishDeff).toBeCloseTo(1 + first.summary.cv ** 2, 12);
    expect(first.summary.effectiveN).toBeCloseTo(400 / first.summary.kishDeff, 9);
    expect(first.histogram.counts.reduce((a, b) => a + b, 0)).toBe(400);
    expect(first.largest).toHaveLength(10);
    expect(first.largest[0]!.weight).toBe(first.summary.max);
    const w = storedWeights('medewerkers');
    expect(w).toHaveLength(400);
    expect(w.reduce((s, x) => s + x.weight, 0)).toBeCloseTo(306_700, 6);
    expect(w.reduce((s, x) => s + x.weightN, 0)).toBeCloseTo(400, 9);
    expect(value(await call('weighting.result', { name: 'medewerkers' }))).toEqual(first);
  });

  it('a rerun gives identical hashes and weights', async () => {
    const before = storedWeights('medewerkers');
    const again = value<Output<'weighting.run'>>(await call('weighting.run', { name: 'medewerkers' }));
    expect(again.inputHash).toBe(first.inputHash);
    expect(again.weightsHash).toBe(first.weightsHash);
    expect(storedWeights('medewerkers')).toEqual(before);
  });

  it('post-stratifies the office holders on functie (exact per cell)', async () => {
    const margins = schemeMarginsFromFile(targets, 'politiek_ambtsdrager', ['functie']);
    value(await call('weighting.saveScheme', { scheme: officeHoldersScheme(margins) }));
    const d = value<Output<'weighting.run'>>(await call('weighting.run', { name: 'ambtsdragers' }));
    expect(d.cases.weighted).toBe(200);
    expect(d.margins.map((m) => m.code)).toEqual(['11', '12', '13', '21', '22', '23', '31', '32']);
    for (const m of d.margins) expect(Math.abs(m.achieved - m.target)).toBeLessThanOrEqual(1e-9 * m.target);
    expect(d.summary.sum).toBeCloseTo(12_216, 8);
    const list = value<Output<'weighting.listSchemes'>>(await call('weighting.listSchemes', {}));
    expect(list.map((s) => [s.name, s.margins, s.lastRun?.weighted])).toEqual([['ambtsdragers', ['functie'], 200], ['medewerkers', ['laag*geslacht', 'laag*lft4'], 400]]);
  });

  it('refuses impossible targets (a category without respondents, totals that disagree) and stores nothing', async () => {
    const margins = schemeMarginsFromFile(targets, 'medewerker', ['laag*geslacht', 'laag*lft4']);
    const broken = structuredClone(margins);
    broken[0]!.categories.push({ codes: [5, 1], value: 1000, label: null });
    value(await call('weighting.saveScheme', { scheme: { ...employeesScheme(broken), name: 'onmogelijk', weightVariable: 'w_onmogelijk', weightVariableN: null } }));
    const r = await call('weighting.run', { name: 'onmogelijk' });
    expect(r).toMatchObject({ ok: false, error: { code: 'WEIGHTING_INPUT' } });
    if (!r.ok) expect(r.error.message).toMatch(/^Target category laag = 5 × geslacht = 1 \(population count 1,000\) has no respondents/);
    expect(value(await call('weighting.result', { name: 'onmogelijk' }))).toBeNull();
    expect(storedWeights('onmogelijk')).toHaveLength(0);
    // The other schemes' weights are untouched.
    expect(storedWeights('medewerkers')).toHaveLength(400);
    expect(value(await call('weighting.deleteScheme', { name: 'onmogelijk' }))).toEqual({ deleted: true });
  });

  it('refuses a missing (user-missing) weighting value and lists the case', async () => {
    const db = new Database(projectPath);
    const pk = (db.prepare("SELECT case_pk AS pk FROM response WHERE variable = 'groep' AND value = '2' ORDER BY case_pk LIMIT 1").get() as { pk: number }).pk;
    const caseId = (db.prepare('SELECT case_id AS c FROM case_record WHERE id = ?').get(pk) as { c: string }).c;
    db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, 'lft4', 3, '9', 'test', 'now')").run(pk);
    db.close();
    const r = await call('weighting.run', { name: 'medewerkers' });
    expect(r).toMatchObject({ ok: false, error: { code: 'WEIGHTING_INPUT' } });
    if (!r.ok) expect(r.error.message).toContain(caseId);
    // estimate refuses stale data rather than mixing old weights with new data
    const e = await call('weighting.estimate', { name: 'medewerkers', variable: 'slachtoffer' });
    expect(e).toMatchObject({ ok: false, error: { code: 'WEIGHTING_INPUT' } });
    const db2 = new Database(projectPath);
    db2.prepare("DELETE FROM response WHERE case_pk = ? AND variable = 'lft4' AND pass = 3").run(pk);
    db2.close();
  });

  it('estimates weighted frequencies with SE and 95 % CI, by subgroup', async () => {
    const e = value<Output<'weighting.estimate'>>(await call('weighting.estimate', { name: 'medewerkers', variable: 'veiligheid', by: 'laag' }));
    expect(e.n).toBe(400);
    expect(e.tables.map((t) => t.subgroup)).toEqual([null, '1', '2', '3', '4']);
    for (const t of e.tables) {
      expect(t.categories.reduce((s, c) => s + c.proportion, 0)).toBeCloseTo(1, 12);
      for (const c of t.categories) {
        expect(c.ci95Fixed[0]).toBeLessThanOrEqual(c.proportion);
        expect(c.ci95Fixed[1]).toBeGreaterThanOrEqual(c.proportion);
        expect(c.seCalibrated).not.toBeNull();
      }
    }
    // weighted counts of a subgroup add up to its laag target
    const gemeente = e.tables[1]!;
    expect(gemeente.weightedTotal).toBeCloseTo(166_000, 6);
    expect(gemeente.subgroupLabel).toBe('Gemeente');
  });
});

describe('CLI weight and migration 50', () => {
  it('weight <project> --scheme spec.json --targets population-2014.csv --json saves and runs a scheme', async () => {
    const { runCli } = await import('../../electron/cli/cli');
    const path = await createMonitorProject(join(dir, 'cli.vwk'));
    const spec = join(dir, 'employees.json');
    writeFileSync(spec, JSON.stringify({ name: 'medewerkers', group: { variable: 'groep', codes: [2] }, method: 'rake', targetsGroup: 'medewerker', margins: ['laag*geslacht', 'laag*lft4'], weightVariable: 'w_mw' }));
    let out = '';
    let err = '';
    const io = { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } };
    expect(await runCli(['weight', path, '--scheme', spec, '--targets', POPULATION_CSV, '--json'], io), err).toBe(0);
    const d = JSON.parse(out) as Output<'weighting.run'>;
    expect(d.cases.weighted).toBe(400);
    for (const m of d.margins) expect(Math.abs(m.achieved - m.target)).toBeLessThanOrEqual(1e-9 * m.target);
    out = '';
    expect(await runCli(['weight', path, '--scheme', spec, '--targets', POPULATION_CSV], io)).toBe(0);
    expect(out).toContain('Kish deff:');
    expect(out).toContain(`Weights hash:    ${d.weightsHash}`);
    expect(await runCli(['weight', path, '--scheme', spec], io)).toBe(2);
  });

  it('migration 50 adds the weighting tables on top of the previous schema', async () => {
    const { migrate } = await import('../../electron/backend/db/migrate');
    const { migrations } = await import('../../electron/backend/db/migrations');
    const db = new Database(':memory:');
    const before = migrations.filter((m) => m.version < 50);
    migrate(db, before);
    expect(migrate(db, migrations.filter((m) => m.version <= 50))).toEqual([50]);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'weighting%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['weighting_result', 'weighting_scheme', 'weighting_weight']);
    expect(db.pragma('user_version', { simple: true })).toBe(50);
    db.close();
  });
});
