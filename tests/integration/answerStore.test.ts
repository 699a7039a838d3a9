// The per-case store of imported answers (migration 100, issue 9): every reader gives the same dataset whether a
// case's answers are one `response_import` row or `response` rows; a pass-1 write to an imported case moves it to rows first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { APPLICATION_ID, createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { migrate } from '../../electron/backend/db/migrate';
import { LATEST_SCHEMA_VERSION, migrations } from '../../electron/backend/db/migrations';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { importResponses } from '../../electron/backend/services/importResponses';
import { openCase } from '../../electron/backend/services/entry';
import { currentValues, finalValue, insertCorrection, loadCases, rawValue } from '../../electron/backend/db/repos/cleaningRepo';
import { answersOf, putAnswer } from '../../electron/backend/db/repos/entryRepo';
import { forEachAnswer, unpackCase, variableStored } from '../../electron/backend/db/repos/answerStore';
import { loadDataset } from '../../electron/backend/export/loadDataset';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { tempDir } from '../helpers/tmp';

const repoRoot = resolve(__dirname, '../..');
const dir = tempDir();
const FREQ = ['ag_verbaal', 'ag_bedreig', 'ag_fysiek', 'ag_discrim', 'ag_seks', 'ag_schade', 'ag_online', 'ag_thuis'];
const ROWS = 60;
/** Case ID r of the project's default format (six digits and a Damm check digit), as keying requires. */
const id = (r: number): string => formatCaseId(r, DEFAULT_CASE_ID_FORMAT);

/**
 * A web export of the Monitor: routed questions (functie only for office holders, laag_mw and mw_rol only for
 * employees), the eight aggression items, a count, a text with a quote and a line break, now and then an empty
 * cell, an unknown code (7) and an out-of-range count (77) — value-level problems an import stores as they came.
 */
function webExport(): string {
  const head = ['case_id', 'toestemming', 'groep', 'functie', 'laag_mw', 'mw_rol', 'gemgr', 'jaren_functie', ...FREQ, 'opmerking'];
  const lines = [head.join(';')];
  for (let r = 1; r <= ROWS; r++) {
    const groep = r % 3 === 0 ? '2' : '1';
    const cells = [
      id(r),
      '1',
      groep,
      groep === '1' ? String(1 + (r % 5)) : '',
      groep === '2' ? String(1 + (r % 4)) : '',
      groep === '2' ? String(1 + (r % 3)) : '',
      String(1 + (r % 6)),
      r % 17 === 0 ? '77' : r % 11 === 0 ? '' : String(r % 30),
      ...FREQ.map((_, i) => (r % 13 === i ? '' : r % 19 === i ? '7' : String(1 + ((r + i) % 5)))),
      r % 4 === 0 ? `"zei ""nee"",\r\nen ging (${r})"` : '',
    ];
    lines.push(cells.join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function importedProject(name: string): Promise<ProjectDb> {
  const path = join(dir, name);
  createProjectFile(path, name);
  const p = await openProjectForWrite(path, 'test');
  storeQuestionnaire(p.db, await loadXlsform(resolve(repoRoot, '../shared/monitor')), 'test');
  const csv = join(dir, `${name}.csv`);
  writeFileSync(csv, webExport());
  const r = await importResponses(p.db, { file: csv, encoding: 'auto', onDuplicate: 'refuse' }, 'tester', false);
  expect(r.imported).toBe(ROWS);
  return p;
}

const pkOf = (p: ProjectDb, caseId: string): number => Number(p.db.prepare('SELECT id FROM case_record WHERE case_id = ?').pluck().get(caseId));
const count = (p: ProjectDb, sql: string): number => Number(p.db.prepare(sql).pluck().get());

describe('imported answers: one row per case, the same dataset as response rows', () => {
  let packed: ProjectDb;
  let long: ProjectDb;
  beforeAll(async () => {
    packed = await importedProject('packed.vwk');
    long = await importedProject('long.vwk');
    // The same import moved to (case, variable, pass) rows, as an import stored it before migration 100.
    long.db.transaction(() => {
      for (const pk of long.db.prepare('SELECT case_pk FROM response_import').pluck().all() as number[]) unpackCase(long.db, pk);
    })();
    // Adjudicated values (pass 3), an empty pass 3 (no value: pass 1 stands) and cleaning corrections, alike in both.
    for (const p of [packed, long]) {
      const add = p.db.prepare('INSERT INTO response (case_pk, variable, pass, value) VALUES (?, ?, 3, ?)');
      add.run(pkOf(p, id(2)), 'ag_verbaal', '5');
      add.run(pkOf(p, id(4)), 'gemgr', null);
      insertCorrection(p.db, { casePk: pkOf(p, id(5)), variable: 'jaren_functie', oldValue: '5', newValue: '6', reason: 'typo', operator: 'm', at: '2026-12-04T10:00:00.000Z', auditId: 0 });
      insertCorrection(p.db, { casePk: pkOf(p, id(17)), variable: 'jaren_functie', oldValue: '77', newValue: null, reason: 'out of range', operator: 'm', at: '2026-12-04T10:00:00.000Z', auditId: 0 });
    }
  });
  afterAll(() => {
    packed?.close();
    long?.close();
  });

  it('the packed project holds the answers as one JSON object per case, the other as response rows', () => {
    expect(count(packed, 'SELECT count(*) FROM response_import')).toBe(ROWS);
    expect(count(packed, 'SELECT count(*) FROM response WHERE pass = 1')).toBe(0);
    expect(count(long, 'SELECT count(*) FROM response_import')).toBe(0);
    const answers = count(long, 'SELECT count(*) FROM response WHERE pass = 1');
    expect(answers).toBeGreaterThan(ROWS * 10);
    // The view shows the same (case, variable, pass, value) rows in both.
    const rows = (p: ProjectDb) => p.db.prepare('SELECT case_pk, variable, pass, value FROM answer ORDER BY 1, 2, 3').all();
    expect(rows(packed)).toHaveLength(answers + 2);
    expect(rows(packed)).toEqual(rows(long));
    expect(JSON.parse(packed.db.prepare('SELECT answers FROM response_import WHERE case_pk = ?').pluck().get(pkOf(packed, id(4))) as string)).toMatchObject({ groep: '1', functie: '5', opmerking: 'zei "nee",\r\nen ging (4)' });
  });

  it('loadCases, currentValues (with calculations), finalValue and rawValue agree', () => {
    expect(loadCases(packed.db, null)).toEqual(loadCases(long.db, null));
    expect(loadCases(packed.db, null, pkOf(packed, id(5)), ['jaren_functie', 'ag_verbaal'])).toEqual(loadCases(long.db, null, pkOf(long, id(5)), ['jaren_functie', 'ag_verbaal']));
    const vars = ['groep', 'jaren_functie', 'ag_verbaal', 'gemgr', 'slachtoffer', 'laag'];
    expect(currentValues(packed.db, vars, '2026-12-04')).toEqual(currentValues(long.db, vars, '2026-12-04'));
    const w2 = loadCases(packed.db, null).find((c) => c.caseId === id(2))!;
    expect(w2.values.ag_verbaal).toBe('5'); // pass 3 over the imported pass 1
    for (const [caseId, variable, want] of [[id(2), 'ag_verbaal', '5'], [id(4), 'gemgr', '5'], [id(5), 'jaren_functie', '6'], [id(17), 'jaren_functie', null], [id(11), 'jaren_functie', null], [id(3), 'laag_mw', '4']] as [string, string, string | null][]) {
      expect([caseId, variable, finalValue(packed.db, pkOf(packed, caseId), variable)]).toEqual([caseId, variable, want]);
      expect(finalValue(long.db, pkOf(long, caseId), variable)).toBe(want);
      expect(rawValue(packed.db, pkOf(packed, caseId), variable)).toBe(rawValue(long.db, pkOf(long, caseId), variable));
    }
    expect(rawValue(packed.db, pkOf(packed, id(17)), 'jaren_functie')).toBe('77');
  });

  it('the export dataset agrees, also filtered on an imported variable and limited to some columns', () => {
    const strip = (d: ReturnType<typeof loadDataset>) => d.dataset;
    expect(strip(loadDataset(packed.db, { today: '2026-12-04' }))).toEqual(strip(loadDataset(long.db, { today: '2026-12-04' })));
    const filtered = (p: ProjectDb) => loadDataset(p.db, { today: '2026-12-04', filter: { variable: 'ag_verbaal', codes: ['5'] } }).dataset;
    expect(filtered(packed)).toEqual(filtered(long));
    expect(filtered(packed).caseIds.length).toBeGreaterThan(5);
    expect(filtered(packed).caseIds).toContain(id(2)); // by its pass-3 value
    const only = (p: ProjectDb) => loadDataset(p.db, { today: '2026-12-04', only: ['groep', 'slachtoffer'] }).dataset;
    expect(only(packed)).toEqual(only(long));
  });

  it('forEachAnswer gives pass 3 after pass 1; variableStored sees imported variables', () => {
    const seen: string[] = [];
    forEachAnswer(packed.db, { passes: [1, 3], casePks: [pkOf(packed, id(2))], variables: ['ag_verbaal'] }, (_, v, pass, value) => seen.push(`${v}/${pass}=${value}`));
    expect(seen).toEqual(['ag_verbaal/1=3', 'ag_verbaal/3=5']);
    expect(variableStored(packed.db, 'ag_thuis')).toBe(true);
    expect(variableStored(packed.db, 'zzz')).toBe(false);
  });
});

describe('writing to an imported case', () => {
  let p: ProjectDb;
  beforeAll(async () => {
    p = await importedProject('write.vwk');
  });
  afterAll(() => p?.close());

  it('keying refuses an imported case and leaves its stored row as it is', () => {
    const pk = pkOf(p, id(1));
    const row = p.db.prepare('SELECT answers FROM response_import WHERE case_pk = ?').pluck().get(pk);
    expect(() => openCase(p.db, { caseId: id(1), pass: 1, operator: 'kees', batch: null, receivedOn: null })).toThrow(/was imported; it is not keyed/);
    expect(() => openCase(p.db, { caseId: id(1), pass: 2, operator: 'vera', batch: null, receivedOn: null })).toThrow(/was imported; it is not keyed/);
    expect(p.db.prepare('SELECT answers FROM response_import WHERE case_pk = ?').pluck().get(pk)).toBe(row);
  });

  it('a pass-1 write to an imported case moves its answers to rows first: the other answers stay, pass 2 and 3 do not move them', () => {
    const pk = pkOf(p, id(1));
    const before = answersOf(p.db, pk, 1);
    expect(before).toMatchObject({ toestemming: '1', groep: '1', jaren_functie: '1' });
    putAnswer(p.db, pk, 3, 'gemgr', '4', 'adjudicator', '2026-12-04T12:00:00.000Z');
    expect(count(p, `SELECT count(*) FROM response_import WHERE case_pk = ${pk}`)).toBe(1);
    p.db.transaction(() => putAnswer(p.db, pk, 1, 'jaren_functie', '12', 'kees', '2026-12-04T12:00:00.000Z'))();
    expect(count(p, `SELECT count(*) FROM response_import WHERE case_pk = ${pk}`)).toBe(0);
    expect(answersOf(p.db, pk, 1)).toEqual({ ...before, jaren_functie: '12' });
    expect(answersOf(p.db, pk, 3)).toEqual({ gemgr: '4' });
    expect(count(p, `SELECT count(*) FROM response WHERE case_pk = ${pk} AND pass = 1`)).toBe(Object.keys(before).length);
    expect(unpackCase(p.db, pk)).toBe(0); // nothing left to move
    // Other imported cases are untouched.
    expect(count(p, 'SELECT count(*) FROM response_import')).toBe(ROWS - 1);
  });
});

describe('migration 100 on a version-90 file', () => {
  it('adds the store and the view; the answers of an earlier import stay response rows and read the same', async () => {
    const path = join(dir, 'v90.vwk');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('foreign_keys = ON');
    expect(migrate(db, migrations.filter((m) => m.version <= 90))).toEqual([10, 20, 40, 50, 60, 70, 80, 90]);
    const at = '2026-11-30T10:00:00.000Z';
    const c = Number(db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES ('I1', 'import', 'complete', ?, ?)").run(at, at).lastInsertRowid);
    const add = db.prepare('INSERT INTO response (case_pk, variable, pass, value) VALUES (?, ?, 1, ?)');
    for (let i = 0; i < 20; i++) add.run(c, `v${String(i).padStart(2, '0')}`, String(i % 7));
    db.close();
    const p = await openProjectForWrite(path, 'test');
    try {
      expect(p.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(count(p, 'SELECT count(*) FROM response')).toBe(20);
      expect(count(p, 'SELECT count(*) FROM response_import')).toBe(0);
      expect(answersOf(p.db, c, 1)).toEqual(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`v${String(i).padStart(2, '0')}`, String(i % 7)])));
      expect(() => p.db.prepare("INSERT INTO response_import (case_pk, answers) VALUES (?, '[1, 2]')").run(c)).toThrow(/CHECK constraint failed/);
      p.db.prepare("INSERT INTO response_import (case_pk, answers) VALUES (?, '{\"x\": \"1\"}')").run(c);
      p.db.prepare('DELETE FROM case_record WHERE id = ?').run(c);
      expect(count(p, 'SELECT count(*) FROM answer')).toBe(0); // both cascade with the case
      expect(p.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      p.close();
    }
  });
});
