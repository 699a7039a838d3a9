// Saving a scheme keeps its run (tester's defect 9): a definition that means the same (the Weging form's re-save of a
// picked scheme: labels written as null, defaults written out) changes nothing; a changed definition keeps the old
// weights, out of date ('the scheme changed'), in the Weging list and the export, until a run succeeds; a refused run
// leaves them as they were. A missing value in a crossed margin is named by its variable (defect 8). Demo project on a
// real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../../electron/cli/cli';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { correctValue } from '../../electron/backend/services/cleaning';
import { runScheme, saveScheme, schemeStaleness, weightingHandlers } from '../../electron/backend/services/weighting';
import { finalValues, getResultRow, getSchemeRow, schemeWeights, setRunDiagnostics } from '../../electron/backend/db/repos/weightingRepo';
import { SchemeDefinitionSchema, type SchemeDefinition, type SchemeDefinitionInput } from '../../shared/contract/weighting';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';

const dir = tempDir('veldwerk-keeprun-');
const project = join(dir, 'demo.vwk');
const MW = 'Medewerkers';

function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  return Promise.resolve(runCli(argv, { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } })).then((code) => ({ code, out, err }));
}

async function sheet(path: string, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(name)!;
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => { rows[r - 1] = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null); });
  return rows;
}

let p: ProjectDb;
let def: SchemeDefinition;
let weightsBefore: { caseId: string; weight: number; weightN: number }[];
const audits = () => p.db.prepare("SELECT COUNT(*) FROM audit_log WHERE source = 'weighting'").pluck().get() as number;
const weights = () => schemeWeights(p.db, getSchemeRow(p.db, MW)!.id);
const list = () => weightingHandlers['weighting.listSchemes']({}, { session: { project: p, hostLabel: 'test' } } as never) as { name: string; lastRun: { staleness: { stale: boolean; definitionChanged?: true } | null } | null }[];

beforeAll(async () => {
  expect((await cli('demo', project)).code).toBe(0);
  p = await openProjectForWrite(project, 'test');
  def = SchemeDefinitionSchema.parse(JSON.parse(getSchemeRow(p.db, MW)!.definition));
  weightsBefore = weights();
}, 180_000);
afterAll(() => p?.close());

describe('saving a weighting scheme keeps its run', () => {
  it('the demo scheme has a description, a targets source group and categories without a label', () => {
    expect(def.description).toMatch(/^Medewerkers/);
    expect(def.targetsSource?.group).toBe('medewerker');
    expect(def.margins[1]!.categories[0]!.label).toBeUndefined();
    expect(weightsBefore).toHaveLength(150);
  });

  it('a definition that means the same (labels null, defaults written out, keys reordered) changes nothing', () => {
    const stored = getSchemeRow(p.db, MW)!;
    const n = audits();
    const { name, ...rest } = def;
    const same: SchemeDefinitionInput = {
      ...rest,
      name,
      margins: def.margins.map((m) => ({ ...m, categories: m.categories.map((c) => ({ ...c, label: c.label ?? null })) })),
    };
    expect(saveScheme(p.db, same, 'anna')).toEqual({ name: MW, created: false });
    const after = getSchemeRow(p.db, MW)!;
    expect(after.definition).toBe(stored.definition);
    expect(after.updatedAt).toBe(stored.updatedAt);
    expect(audits()).toBe(n);
    expect(weights()).toEqual(weightsBefore);
    expect(schemeStaleness(p.db, MW)).toMatchObject({ stale: false, weightedAtRun: 150, valuesChanged: 0 });
    expect(schemeStaleness(p.db, MW)).not.toHaveProperty('definitionChanged');
  });

  it('a description alone changes the scheme (audited) but not its weights: still up to date', () => {
    const n = audits();
    saveScheme(p.db, { ...def, description: 'Medewerkers, andere omschrijving' }, 'anna');
    expect(audits()).toBe(n + 1);
    expect(weights()).toEqual(weightsBefore);
    expect(schemeStaleness(p.db, MW)).toMatchObject({ stale: false });
    saveScheme(p.db, def, 'anna');
  });

  it('changed targets (1,000 men moved to women in one laag) keep the old weights, out of date (definition changed), in the list and the export', async () => {
    const changed = { ...def, margins: def.margins.map((m, k) => (k === 0 ? { ...m, categories: m.categories.map((c, j) => (j === 0 ? { ...c, value: c.value + 1000 } : j === 1 ? { ...c, value: c.value - 1000 } : c)) } : m)) };
    saveScheme(p.db, changed, 'anna');
    expect(weights()).toEqual(weightsBefore);
    const st = schemeStaleness(p.db, MW)!;
    expect(st).toMatchObject({ stale: true, definitionChanged: true, casesAdded: 0, casesRemoved: 0, valuesChanged: 0, weightedAtRun: 150, weightedNow: 150 });
    expect(schemeStaleness(p.db, MW, { full: true })).toEqual(st);
    expect(list().find((s) => s.name === MW)!.lastRun!.staleness).toMatchObject({ stale: true, definitionChanged: true });
    p.close();
    const xlsx = join(dir, 'changed.xlsx');
    const out = await cli('export', project, '--out', xlsx, '--weight', 'w_mw', '--sheets', 'data,info,weighting');
    expect(out.code).toBe(0);
    expect(out.err).toContain(`Weighting scheme ${MW} is out of date: the scheme changed since its run`);
    expect(out.err).toContain("the scheme's definition changed");
    const data = await sheet(xlsx, 'Data');
    const col = data[0]!.indexOf('w_mw');
    expect(col).toBeGreaterThan(0);
    const exported = new Map(data.slice(1).filter((r) => typeof r[col] === 'number').map((r) => [r[0] as string, r[col] as number]));
    expect(exported.size).toBe(150);
    for (const w of weightsBefore) expect(exported.get(w.caseId)).toBeCloseTo(w.weight, 9);
    const ws = await sheet(xlsx, 'Weighting');
    expect(ws.find((r) => r[0] === MW && r[1] === 'run')!.slice(0, 3)).toEqual([MW, 'run', 'OUT OF DATE']);
    p = await openProjectForWrite(project, 'test');
  }, 120_000);

  it('a refused run leaves the kept weights; the refusal names the missing variable (geslacht), not the margin', () => {
    const pks = new Map((p.db.prepare('SELECT id, case_id AS caseId FROM case_record').all() as { id: number; caseId: string }[]).map((r) => [r.caseId, r.id]));
    const victim = weightsBefore[3]!.caseId;
    const was = finalValues(p.db, ['geslacht']).get('geslacht')!.get(pks.get(victim)!)!;
    correctValue(p.db, { caseId: victim, variable: 'geslacht', value: '8', reason: 'onbekend', operator: 'anna' });
    let err: DomainError | null = null;
    try {
      runScheme(p.db, MW, 'anna');
    } catch (e) {
      err = e as DomainError;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect(err!.issues).toEqual([expect.objectContaining({ reason: 'weighting.input.missing', params: { variable: 'geslacht', count: 1, ids: victim } })]);
    expect(err!.message).toContain('Weighting variable geslacht has a missing value for 1 respondent');
    expect(err!.message).not.toContain('laag_mw*geslacht');
    expect(weights()).toEqual(weightsBefore);
    expect(schemeStaleness(p.db, MW)).toMatchObject({ stale: true, definitionChanged: true, valuesChanged: 1, changedVariables: [{ variable: 'geslacht', cases: 1 }] });
    correctValue(p.db, { caseId: victim, variable: 'geslacht', value: was, reason: 'terug', operator: 'anna' });
  });

  it('a successful run replaces the weights and is up to date', () => {
    const d = runScheme(p.db, MW, 'anna');
    expect(d.definitionHash).toMatch(/^[0-9a-f]{64}$/);
    expect(weights()).not.toEqual(weightsBefore);
    expect(schemeStaleness(p.db, MW)).toMatchObject({ stale: false, valuesChanged: 0 });
    expect(schemeStaleness(p.db, MW)).not.toHaveProperty('definitionChanged');
  });

  it('a run stored before the definition hash was kept is marked with its own definition when the scheme changes', () => {
    const id = getSchemeRow(p.db, MW)!.id;
    const { definitionHash: _h, ...old } = JSON.parse(getResultRow(p.db, id)!.diagnostics) as Record<string, unknown>;
    void _h;
    setRunDiagnostics(p.db, id, JSON.stringify(old));
    expect(schemeStaleness(p.db, MW, { full: true })).toMatchObject({ stale: false });
    const kept = weights();
    saveScheme(p.db, def, 'anna');
    expect(weights()).toEqual(kept);
    expect(schemeStaleness(p.db, MW)).toMatchObject({ stale: true, definitionChanged: true });
  });
});
