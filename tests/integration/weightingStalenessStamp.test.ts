// The cheap test of schemeStaleness (migration 120): a run stores the stamp of the data it read (the data change
// counter, moved by a trigger on every row written to what a run reads); while the stamp is unchanged the scheme is up to
// date without reading a case. Every kind of change moves the stamp and gets the full comparison's answer, counted as
// before; a change that alters no input (or is undone) gets what the full comparison says: up to date.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { correctValue, defineDerived, excludeCase, includeCase, undoCorrection } from '../../electron/backend/services/cleaning';
import { importResponses } from '../../electron/backend/services/importResponses';
import {
  inputStamp, readTargetsFile, runScheme, saveScheme, schemeMarginsFromFile, schemeStaleness,
} from '../../electron/backend/services/weighting';
import { dataChanges, finalValues, getSchemeRow } from '../../electron/backend/db/repos/weightingRepo';
import { putAnswer } from '../../electron/backend/db/repos/entryRepo';
import { SchemeDefinitionSchema, type SchemeStaleness } from '../../shared/contract/weighting';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { createMonitorProject, employeesScheme, POPULATION_CSV } from './weightingFixture';
import { tempDir } from '../helpers/tmp';

const dir = tempDir('veldwerk-stamp-');
const MW = 'medewerkers';
/** Employees raked to geslacht_d, a derived copy of geslacht (so a redefinition changes the scheme's inputs). */
const AF = 'afgeleid';
/** Employees raked to geslacht alone: reads stored values only (laag and lft4 are calculated variables). */
const GS = 'geslacht';

let p: ProjectDb;
let db: ProjectDb['db'];

const stampNow = (name: string): string | null => {
  const row = getSchemeRow(db, name)!;
  return inputStamp(db, SchemeDefinitionSchema.parse(JSON.parse(row.definition)), row.definition);
};
const stampOfRun = (name: string): string | null =>
  db.prepare('SELECT r.input_stamp FROM weighting_result r JOIN weighting_scheme s ON s.id = r.scheme_id WHERE s.name = ?').pluck().get(name) as string | null;
const pkOf = (caseId: string): number => Number(db.prepare('SELECT id FROM case_record WHERE case_id = ?').pluck().get(caseId));
const valueOf = (caseId: string, variable: string): string | null => finalValues(db, [variable]).get(variable)!.get(pkOf(caseId)) ?? null;
/** Weighted employees of the fixture whose geslacht is 1: one to change, a second and a third for other changes. */
let man: string, other: string, third: string;

/**
 * After a change: the stamp moved, and the answer is the full comparison's — asked twice (the second from the
 * session's answers), both equal to `full` and to `expected`.
 */
function judgedInFull(name: string, expected: Partial<SchemeStaleness>): SchemeStaleness {
  expect(stampNow(name)).not.toBe(stampOfRun(name));
  const full = schemeStaleness(db, name, { full: true })!;
  expect(full).toMatchObject(expected);
  expect(schemeStaleness(db, name)).toEqual(full);
  expect(schemeStaleness(db, name)).toEqual(full);
  return full;
}

const UP_TO_DATE = { stale: false, casesAdded: 0, casesRemoved: 0, valuesChanged: 0, changedVariables: [] };

/** Runs the scheme again and checks that its stamp is the current one: up to date without a comparison. */
function rerun(name: string, weighted: number): void {
  runScheme(db, name, 'test');
  expect(stampOfRun(name)).not.toBeNull();
  expect(stampNow(name)).toBe(stampOfRun(name));
  expect(schemeStaleness(db, name)).toEqual({ scheme: name, ranAt: expect.any(String), weightedAtRun: weighted, weightedNow: weighted, ...UP_TO_DATE });
  expect(schemeStaleness(db, name, { full: true })).toEqual(schemeStaleness(db, name));
}

beforeAll(async () => {
  const path = await createMonitorProject(join(dir, 'stamp.vwk'), { officeHolders: 40, employees: 120 });
  p = await openProjectForWrite(path, 'test');
  db = p.db;
  const targets = await readTargetsFile(POPULATION_CSV);
  saveScheme(db, employeesScheme(schemeMarginsFromFile(targets, 'medewerker', ['laag*geslacht', 'laag*lft4'])), 'test');
  // The fixture's cases answer toestemming (consent) 1, so a derivation sees their answers on route.
  db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) SELECT id, 'toestemming', 1, '1', 'fixture', updated_at FROM case_record").run();
  defineDerived(db, { name: 'geslacht_d', expression: '${geslacht}', label: 'Geslacht (afgeleid)', operator: 'test' });
  saveScheme(db, {
    name: AF, group: { variable: 'groep', codes: [2] }, method: 'rake', targetsKind: 'percent',
    margins: [{ variables: ['geslacht_d'], categories: [{ codes: [1], value: 50 }, { codes: [2], value: 50 }] }], weightVariable: 'w_af', weightVariableN: null,
  }, 'test');
  saveScheme(db, {
    name: GS, group: { variable: 'groep', codes: [2] }, method: 'rake', targetsKind: 'percent',
    margins: [{ variables: ['geslacht'], categories: [{ codes: [1], value: 50 }, { codes: [2], value: 50 }] }], weightVariable: 'w_gs', weightVariableN: null,
  }, 'test');
  for (const name of [MW, AF, GS]) runScheme(db, name, 'test');
  const weighted = db.prepare("SELECT c.case_id FROM weighting_weight w JOIN weighting_scheme s ON s.id = w.scheme_id JOIN case_record c ON c.id = w.case_pk WHERE s.name = ? ORDER BY c.case_id").pluck().all(MW) as string[];
  const men = weighted.filter((id) => valueOf(id, 'geslacht') === '1');
  [man, other, third] = [men[0]!, men[1]!, men[2]!];
}, 120_000);

afterAll(() => p?.close());

describe('the stamp of a run: up to date without a comparison, every change judged in full', () => {
  it('right after a run the stamp matches: up to date, the same answer as the full comparison', () => {
    expect(dataChanges(db)).toBeGreaterThan(0);
    for (const name of [MW, AF, GS]) {
      expect(stampOfRun(name)).toBe(stampNow(name));
      expect(schemeStaleness(db, name)).toEqual({ scheme: name, ranAt: expect.any(String), weightedAtRun: 120, weightedNow: 120, ...UP_TO_DATE });
      expect(schemeStaleness(db, name, { full: true })).toEqual(schemeStaleness(db, name));
    }
    // The stamp: counter, versions, the definition's hash; the date only for a scheme reading a derived or calculated
    // variable (geslacht_d; laag and lft4 are calculated in the questionnaire).
    const today = new Date().toISOString().slice(0, 10);
    expect(JSON.parse(stampNow(GS)!)).toMatchObject({ changes: dataChanges(db), today: null });
    expect(JSON.parse(stampNow(AF)!)).toMatchObject({ changes: dataChanges(db), today });
    expect(JSON.parse(stampNow(MW)!)).toMatchObject({ today });
  });

  it('a keyed answer (entry repo), then the same value keyed back; a direct SQL update bypassing the audit log', () => {
    putAnswer(db, pkOf(man), 1, 'geslacht', '2', 'anna', new Date().toISOString());
    judgedInFull(MW, { stale: true, weightedNow: 120, casesAdded: 0, casesRemoved: 0, valuesChanged: 1, changedVariables: [{ variable: 'geslacht', cases: 1 }] });
    // The derived copy changed with it.
    judgedInFull(AF, { stale: true, valuesChanged: 1, changedVariables: [{ variable: 'geslacht_d', cases: 1 }] });
    judgedInFull(GS, { stale: true, valuesChanged: 1, changedVariables: [{ variable: 'geslacht', cases: 1 }] });
    putAnswer(db, pkOf(man), 1, 'geslacht', '1', 'anna', new Date().toISOString());
    judgedInFull(MW, UP_TO_DATE);
    judgedInFull(AF, UP_TO_DATE);
    judgedInFull(GS, UP_TO_DATE);
    rerun(MW, 120);
    db.prepare("UPDATE response SET value = '4' WHERE case_pk = ? AND variable = 'lft4' AND pass = 1 AND value <> '4'").run(pkOf(other));
    judgedInFull(MW, { stale: true, valuesChanged: 1, changedVariables: [{ variable: 'lft4', cases: 1 }] });
    judgedInFull(GS, UP_TO_DATE);
    for (const name of [MW, AF, GS]) rerun(name, 120);
  });

  it('an answer to a variable no scheme reads: the stamp moves, the full comparison says up to date', () => {
    putAnswer(db, pkOf(man), 1, 'veiligheid', '4', 'anna', new Date().toISOString());
    judgedInFull(MW, UP_TO_DATE);
    judgedInFull(AF, UP_TO_DATE);
    for (const name of [MW, AF, GS]) rerun(name, 120);
  });

  it('a correction and its undo', () => {
    correctValue(db, { caseId: man, variable: 'geslacht', value: '2', reason: 'papieren formulier', operator: 'anna' });
    judgedInFull(MW, { stale: true, casesRemoved: 0, valuesChanged: 1, changedVariables: [{ variable: 'geslacht', cases: 1 }] });
    const id = Number(db.prepare('SELECT max(id) FROM correction').pluck().get());
    undoCorrection(db, { correctionId: id, reason: 'toch man', operator: 'anna' });
    // The session's answer for the corrected data is not reused: the stamp moved again.
    judgedInFull(MW, UP_TO_DATE);
    rerun(MW, 120);
  });

  it('an exclusion and its reversal', () => {
    excludeCase(db, { caseId: other, reasonCode: 'duplicate', reason: 'dubbel formulier', operator: 'anna' });
    judgedInFull(MW, { stale: true, weightedNow: 119, casesAdded: 0, casesRemoved: 1, valuesChanged: 0, changedVariables: [] });
    includeCase(db, { caseId: other, reason: 'toch niet dubbel', operator: 'anna' });
    judgedInFull(MW, { ...UP_TO_DATE, weightedNow: 120 });
    rerun(MW, 120);
  });

  it('a derived variable redefined', () => {
    defineDerived(db, { name: 'geslacht_d', expression: "if(${geslacht} = '1', 2, 1)", label: 'Geslacht (omgekeerd)', operator: 'test' });
    judgedInFull(AF, { stale: true, casesAdded: 0, casesRemoved: 0, valuesChanged: 120, changedVariables: [{ variable: 'geslacht_d', cases: 120 }] });
    judgedInFull(MW, UP_TO_DATE);
    defineDerived(db, { name: 'geslacht_d', expression: '${geslacht}', label: 'Geslacht (afgeleid)', operator: 'test' });
    judgedInFull(AF, UP_TO_DATE);
    for (const name of [MW, AF, GS]) rerun(name, 120);
  });

  it('the next day a scheme reading a derived variable is judged in full (today() may move it); one reading only stored values is not', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 86_400_000);
      judgedInFull(AF, UP_TO_DATE);
      judgedInFull(MW, UP_TO_DATE);
      expect(stampNow(GS)).toBe(stampOfRun(GS));
      expect(schemeStaleness(db, GS)).toMatchObject(UP_TO_DATE);
    } finally {
      vi.useRealTimers();
    }
    expect(stampNow(AF)).toBe(stampOfRun(AF));
    expect(stampNow(MW)).toBe(stampOfRun(MW));
  });

  it('a case deleted, a case added (an import), an imported answer replaced', async () => {
    db.prepare('DELETE FROM case_record WHERE case_id = ?').run(other);
    judgedInFull(MW, { stale: true, weightedAtRun: 120, weightedNow: 119, casesAdded: 0, casesRemoved: 1, valuesChanged: 0 });
    rerun(MW, 119);
    const id = formatCaseId(900_001, DEFAULT_CASE_ID_FORMAT);
    const csv = join(dir, 'new.csv');
    writeFileSync(csv, `case_id;submitdate;toestemming;groep;laag_mw;geslacht;leeftijd\r\n${id};2014-04-02;1;2;1;1;3\r\n`);
    const r = await importResponses(db, { file: csv, encoding: 'auto', onDuplicate: 'refuse' }, 'anna', false);
    expect(r.imported).toBe(1);
    const imported = finalValues(db, ['laag']).get('laag')!.get(pkOf(id)) ?? null;
    // laag of an employee is calculated from laag_mw (a stored value would be kept): the case is weighted.
    expect(imported).toBe('1');
    judgedInFull(MW, { stale: true, weightedAtRun: 119, weightedNow: 120, casesAdded: 1, casesRemoved: 0, valuesChanged: 0 });
    rerun(MW, 120);
    writeFileSync(csv, `case_id;submitdate;toestemming;groep;laag_mw;geslacht;leeftijd\r\n${id};2014-04-02;1;2;1;2;3\r\n`);
    expect((await importResponses(db, { file: csv, encoding: 'auto', onDuplicate: 'replace' }, 'anna', false)).replaced).toBe(1);
    judgedInFull(MW, { stale: true, casesAdded: 0, casesRemoved: 0, valuesChanged: 1, changedVariables: [{ variable: 'geslacht', cases: 1 }] });
    rerun(MW, 120);
  });

  it("the scheme's variables changed: saving keeps the run, out of date; a definition changed behind the service's back is judged in full", async () => {
    const row = getSchemeRow(db, MW)!;
    const def = SchemeDefinitionSchema.parse(JSON.parse(row.definition));
    const changed = { ...def, margins: def.margins.slice(0, 1) };
    db.prepare('UPDATE weighting_scheme SET definition = ? WHERE id = ?').run(JSON.stringify(changed), row.id);
    // The inputs are now laag and geslacht per case, not laag, geslacht and lft4: every case's inputs differ from the
    // run's, though no variable read now has a changed value.
    // The run's definition hash says the definition changed too.
    judgedInFull(MW, { stale: true, valuesChanged: 120, changedVariables: [], definitionChanged: true });
    db.prepare('UPDATE weighting_scheme SET definition = ? WHERE id = ?').run(row.definition, row.id);
    expect(stampNow(MW)).toBe(stampOfRun(MW));
    const targets = await readTargetsFile(POPULATION_CSV);
    // Saving a changed scheme keeps the run's weights, out of date (tester 61's defect 9: it used to drop them).
    saveScheme(db, employeesScheme(schemeMarginsFromFile(targets, 'medewerker', ['laag*geslacht'])), 'test');
    judgedInFull(MW, { stale: true, weightedAtRun: 120, valuesChanged: 120, definitionChanged: true });
    // Saving the definition of the run again: the stamp is the run's (same text), up to date without a comparison.
    saveScheme(db, employeesScheme(schemeMarginsFromFile(targets, 'medewerker', ['laag*geslacht', 'laag*lft4'])), 'test');
    expect(stampNow(MW)).toBe(stampOfRun(MW));
    expect(schemeStaleness(db, MW)).toMatchObject(UP_TO_DATE);
    rerun(MW, 120);
  });

  it('a rolled-back change leaves the stamp; without a counter trigger every ask compares in full', () => {
    const before = dataChanges(db);
    expect(() => db.transaction(() => {
      putAnswer(db, pkOf(man), 1, 'geslacht', '2', 'anna', new Date().toISOString());
      throw new Error('rolled back');
    })()).toThrow('rolled back');
    expect(dataChanges(db)).toBe(before);
    expect(stampNow(MW)).toBe(stampOfRun(MW));
    expect(schemeStaleness(db, MW)).toMatchObject(UP_TO_DATE);
    // A later schema change that dropped a trigger: no stamp, so no shortcut (and a write there is still seen).
    db.exec('DROP TRIGGER data_change_response_update');
    expect(dataChanges(db)).toBeNull();
    expect(stampNow(MW)).toBeNull();
    db.prepare("UPDATE response SET value = '2' WHERE case_pk = ? AND variable = 'geslacht' AND pass = 1").run(pkOf(third));
    expect(schemeStaleness(db, MW)).toMatchObject({ stale: true, valuesChanged: 1, changedVariables: [{ variable: 'geslacht', cases: 1 }] });
    expect(schemeStaleness(db, MW)).toEqual(schemeStaleness(db, MW, { full: true }));
  });
});
