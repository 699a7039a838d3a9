// A weighting scheme whose data changed since its run is "out of date": schemeStaleness counts what changed, the export
// says it (Weighting sheet, Info notes, Tables note, CLI warning) and keeps the weights of that run; a rerun clears it.
// On the example project (`demo`), as the tester found it: one weighted employee excluded, another's geslacht 1 → 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { runCli } from '../../electron/cli/cli';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { LATEST_SCHEMA_VERSION, migrate } from '../../electron/backend/db/migrate';
import { correctValue, excludeCase } from '../../electron/backend/services/cleaning';
import { runScheme, schemeStaleness, weightingHandlers } from '../../electron/backend/services/weighting';
import { dataChanges, finalValues, getSchemeRow, schemeWeights } from '../../electron/backend/db/repos/weightingRepo';
import { stalenessMessage } from '../../shared/weighting/staleness';
import { tempDir } from '../helpers/tmp';

const dir = tempDir('veldwerk-staleness-');
const project = join(dir, 'demo.vwk');
const MW = 'Medewerkers';
const PA = 'Politieke ambtsdragers';

function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  return Promise.resolve(runCli(argv, { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } })).then((code) => ({ code, out, err }));
}

async function sheet(path: string, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no ${name} sheet`);
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => { rows[r - 1] = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null); });
  return rows;
}

/** The Weighting sheet's Value of one run item of a scheme. */
const item = (rows: unknown[][], scheme: string, name: string) => rows.find((r) => r[0] === scheme && r[1] === 'run' && r[2] === name)?.[3];

/** Two weighted employees: one to exclude, one man whose geslacht is corrected to 2; and the weights before. */
let excluded: string, corrected: string;
let before: Map<string, number>;

beforeAll(async () => {
  const d = await cli('demo', project);
  expect(d.code).toBe(0);
  const p = await openProjectForWrite(project, 'test');
  try {
    before = new Map(schemeWeights(p.db, getSchemeRow(p.db, MW)!.id).map((w) => [w.caseId, w.weight]));
    const pkOf = new Map((p.db.prepare('SELECT id, case_id AS caseId FROM case_record').all() as { id: number; caseId: string }[]).map((r) => [r.caseId, r.id]));
    const sex = finalValues(p.db, ['geslacht']).get('geslacht')!;
    const ids = [...before.keys()];
    excluded = ids[0]!;
    corrected = ids.find((id) => id !== excluded && sex.get(pkOf.get(id)!) === '1')!;
  } finally {
    p.close();
  }
}, 180_000);

describe('a scheme whose data changed since its run is out of date', () => {
  let p: ProjectDb;
  afterAll(() => p?.close());

  it('right after the demo both schemes are up to date', async () => {
    p = await openProjectForWrite(project, 'test');
    expect(schemeStaleness(p.db, MW)).toMatchObject({ stale: false, weightedAtRun: 150, weightedNow: 150, casesAdded: 0, casesRemoved: 0, valuesChanged: 0, changedVariables: [] });
    expect(schemeStaleness(p.db, PA)).toMatchObject({ stale: false, casesAdded: 0, casesRemoved: 0, valuesChanged: 0 });
  });

  it('an exclusion and a corrected weighting variable: 1 case removed, 1 value changed (geslacht); the other scheme untouched', () => {
    excludeCase(p.db, { caseId: excluded, reasonCode: 'duplicate', reason: 'tweede formulier van dezelfde medewerker', operator: 'anna' });
    correctValue(p.db, { caseId: corrected, variable: 'geslacht', value: '2', reason: 'papieren formulier zegt vrouw', operator: 'anna' });
    expect(schemeStaleness(p.db, MW)).toEqual({
      scheme: MW, stale: true, ranAt: expect.any(String), weightedAtRun: 150, weightedNow: 149,
      casesAdded: 0, casesRemoved: 1, valuesChanged: 1, changedVariables: [{ variable: 'geslacht', cases: 1 }],
    });
    expect(schemeStaleness(p.db, PA)).toMatchObject({ stale: false });
    // The Weighting screen's list carries it per scheme.
    const list = weightingHandlers['weighting.listSchemes']({}, { session: { project: p, hostLabel: 'test' } } as never) as { name: string; lastRun: { staleness: unknown } | null }[];
    expect(list.find((s) => s.name === MW)!.lastRun!.staleness).toMatchObject({ stale: true, casesRemoved: 1, valuesChanged: 1 });
    expect(list.find((s) => s.name === PA)!.lastRun!.staleness).toMatchObject({ stale: false });
    // Undoing the value (back to 1) leaves only the exclusion.
    correctValue(p.db, { caseId: corrected, variable: 'geslacht', value: '1', reason: 'toch man', operator: 'anna' });
    expect(schemeStaleness(p.db, MW)).toMatchObject({ stale: true, casesRemoved: 1, valuesChanged: 0, changedVariables: [] });
    correctValue(p.db, { caseId: corrected, variable: 'geslacht', value: '2', reason: 'papieren formulier zegt vrouw', operator: 'anna' });
    p.close();
  });

  it('the export keeps the run\'s weights and says so: Weighting sheet row, Info note, Tables note, CLI warning', async () => {
    const xlsx = join(dir, 'stale.xlsx');
    const e = await cli('export', project, '--out', xlsx, '--weight', 'w_mw', '--sheets', 'data,weighting,tables,info', '--tables', 'slachtoffer_d', '--by', 'groep', '--tables-weight', MW);
    expect(e.code).toBe(0);
    const warning = `Weighting scheme ${MW} is out of date: the data changed since its run of `;
    expect(e.err).toContain(`Warning: ${warning}`);
    expect(e.err).toContain('(1 case no longer weighted (excluded, deleted, not complete or outside the group); 1 case with a changed value: geslacht 1). Its weights (w_mw) and diagnostics are those of that run; run the scheme again.');
    expect(e.err.match(/Warning:/g)).toHaveLength(1); // Politieke ambtsdragers is up to date
    // Data: the stored weights of the run, the excluded case left out; nothing recomputed (sum = 306,700 - its weight).
    const data = await sheet(xlsx, 'Data');
    const col = data[0]!.indexOf('w_mw');
    const wsum = data.slice(1).reduce((s: number, r) => s + (typeof r[col] === 'number' ? (r[col] as number) : 0), 0);
    expect(wsum).toBeCloseTo(306_700 - before.get(excluded)!, 6);
    const row = data.find((r) => r[0] === corrected)!;
    expect(row[col]).toBeCloseTo(before.get(corrected)!, 9);
    // Weighting sheet: the OUT OF DATE row first in the run block; the run's own figures as they were.
    const w = await sheet(xlsx, 'Weighting');
    const first = w.findIndex((r) => r[0] === MW && r[1] === 'run');
    expect(w[first]!.slice(0, 3)).toEqual([MW, 'run', 'OUT OF DATE']);
    expect(String(w[first]![3])).toContain(warning);
    expect(item(w, MW, 'Cases weighted')).toBe(150);
    expect(item(w, PA, 'OUT OF DATE')).toBeUndefined();
    // Info: the note; Tables: the weight note flags it.
    const info = await sheet(xlsx, 'Info');
    expect(info.some((r) => r[0] === 'Note' && String(r[1]).startsWith(warning))).toBe(true);
    const tables = await sheet(xlsx, 'Tables');
    const note = tables.find((r) => typeof r[2] === 'string' && r[2].startsWith('Note: weighted with'))![2] as string;
    expect(note).toContain('— OUT OF DATE: ' + warning);
    // JSON: notes and warnings carry the same line.
    const j = await cli('export', project, '--out', join(dir, 'stale2.xlsx'), '--weight', 'w_mw', '--sheets', 'data,info', '--json');
    const report = JSON.parse(j.out) as { notes: string[]; warnings: string[] };
    expect(report.warnings).toHaveLength(1);
    expect(report.notes[0]).toBe(report.warnings[0]);
    // An export that shows nothing of the scheme has no warning.
    const plain = await cli('export', project, '--out', join(dir, 'plain.xlsx'), '--sheets', 'data,info', '--weight', 'w_pa');
    expect(plain.err).toBe('');
  }, 120_000);

  it('running the scheme again brings it up to date: 149 weighted, no warning', async () => {
    p = await openProjectForWrite(project, 'test');
    const d = runScheme(p.db, MW, 'anna');
    expect(d.cases.weighted).toBe(149);
    expect(schemeStaleness(p.db, MW)).toMatchObject({ stale: false, weightedAtRun: 149, casesRemoved: 0, valuesChanged: 0 });
    // Verifying a weighted case (complete → verified) does not change its weights: still up to date.
    const complete = (p.db.prepare("SELECT c.case_id AS id FROM case_record c JOIN weighting_weight w ON w.case_pk = c.id JOIN weighting_scheme s ON s.id = w.scheme_id WHERE s.name = ? AND c.status = 'complete' LIMIT 1").get(MW) as { id: string }).id;
    p.db.prepare("UPDATE case_record SET status = 'verified' WHERE case_id = ?").run(complete);
    expect(schemeStaleness(p.db, MW)).toMatchObject({ stale: false });
    // Reopening an excluded case's status to open removes it from the weighted set.
    p.db.prepare("UPDATE case_record SET status = 'open' WHERE case_id = ?").run(complete);
    expect(schemeStaleness(p.db, MW)).toMatchObject({ stale: true, casesRemoved: 1, casesAdded: 0 });
    p.db.prepare("UPDATE case_record SET status = 'complete' WHERE case_id = ?").run(complete);
    p.close();
    const e = await cli('export', project, '--out', join(dir, 'fresh.xlsx'), '--weight', 'w_mw', '--sheets', 'data,weighting,info');
    expect(e.code).toBe(0);
    expect(e.err).toBe('');
    expect(item(await sheet(join(dir, 'fresh.xlsx'), 'Weighting'), MW, 'OUT OF DATE')).toBeUndefined();
  }, 120_000);

  it('migration 110 on a file at version 100: a run stored before it is judged by its input hash and weight rows', () => {
    const old = join(dir, 'v100.vwk');
    copyFileSync(project, old);
    const raw = new Database(old);
    // Back to version 100: the change counter of migration 120 and the three columns of migration 110 dropped (as a
    // file written before them has them).
    for (const t of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'data_change%'").pluck().all() as string[]) raw.exec(`DROP TRIGGER ${t}`);
    raw.exec(`DROP TABLE data_change; ALTER TABLE weighting_result DROP COLUMN input_stamp;
      ALTER TABLE weighting_weight DROP COLUMN inputs; ALTER TABLE weighting_result DROP COLUMN input_fingerprint;
      ALTER TABLE weighting_result DROP COLUMN weighted_cases; PRAGMA user_version = 100;`);
    migrate(raw);
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const cols = (t: string) => (raw.prepare(`SELECT name FROM pragma_table_info('${t}')`).all() as { name: string }[]).map((c) => c.name);
    expect(cols('weighting_result')).toEqual(expect.arrayContaining(['input_fingerprint', 'weighted_cases']));
    expect(cols('weighting_weight')).toContain('inputs');
    // Migration 120: the change counter with its triggers; the run stored before it has no stamp (judged in full).
    expect(dataChanges(raw)).toBe(0);
    expect(raw.prepare('SELECT input_stamp FROM weighting_result').pluck().all()).toEqual([null, null]);
    expect(schemeStaleness(raw, MW)).toMatchObject({ stale: false, weightedAtRun: 149, casesAdded: 0, casesRemoved: 0, valuesChanged: 0 });
    // The run's weight rows still tell which cases it weighted: an exclusion is counted; changed values are not.
    raw.prepare(`UPDATE case_record SET status = 'excluded' WHERE case_id = ?`).run(corrected);
    const st = schemeStaleness(raw, MW)!;
    expect(st).toMatchObject({ stale: true, weightedNow: 148, casesAdded: 0, casesRemoved: 1, valuesChanged: null, changedVariables: [] });
    expect(stalenessMessage(st, ['w_mw'])).toContain('(1 case no longer weighted (excluded, deleted, not complete or outside the group); changed values not counted (the run predates this version)).');
    raw.close();
  });
});
