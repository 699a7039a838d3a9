// The current dataset everywhere: weighting reads cleaning corrections, skips exclusions and can weight on derived variables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { currentValues } from '../../electron/backend/db/repos/cleaningRepo';
import { loadDataset } from '../../electron/backend/export/loadDataset';
import { finalValues, schemeWeights, getSchemeRow } from '../../electron/backend/db/repos/weightingRepo';
import { correctValue, defineDerived, excludeCase } from '../../electron/backend/services/cleaning';
import { estimate, runScheme, saveScheme } from '../../electron/backend/services/weighting';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject } from './weightingFixture';

const dir = tempDir();
let p: ProjectDb;
let db: Database;

/** Pass-1 value of a variable for a case, straight from the response table. */
function raw(caseId: string, variable: string): string | null {
  const r = db.prepare('SELECT r.value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.variable = ? AND r.pass = 1').get(caseId, variable) as { value: string | null } | undefined;
  return r?.value ?? null;
}

function caseIdsWhere(sql: string): string[] {
  return (db.prepare(`SELECT c.case_id AS id FROM case_record c WHERE ${sql} ORDER BY c.case_id`).all() as { id: string }[]).map((r) => r.id);
}

const employees = (variable: string) => ({
  name: `mw_${variable}`, group: { variable: 'groep', codes: [2] }, method: 'poststratify' as const, weightVariable: `w_${variable}`,
  margins: [{ variables: [variable], categories: [{ codes: [1], value: 600 }, { codes: [2], value: 400 }] }],
});

beforeAll(async () => {
  const path = await createMonitorProject(join(dir, 'current.vwk'), { officeHolders: 30, employees: 60, excluded: 2, open: 1, seed: 7 });
  p = await openProjectForWrite(path, 'test');
  db = p.db;
  // The fixture leaves out the consent question; with it answered the background block is on route for derivations.
  db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) SELECT id, 'toestemming', 1, '1', 'test', 'now' FROM case_record").run();
}, 120_000);
afterAll(() => p.close());

describe('weighting reads the current dataset', () => {
  it('uses corrected values and leaves out excluded cases', () => {
    saveScheme(db, employees('geslacht'), 'test');
    const before = runScheme(db, 'mw_geslacht', 'test');
    expect(before.cases).toMatchObject({ weighted: 60, excluded: 2 });
    const complete = caseIdsWhere("c.status IN ('complete', 'verified')");
    const man = complete.find((id) => raw(id, 'groep') === '2' && raw(id, 'geslacht') === '1')!;
    const holder = complete.find((id) => raw(id, 'groep') === '1')!;
    const dropped = complete.find((id) => raw(id, 'groep') === '2' && id !== man)!;
    correctValue(db, { caseId: man, variable: 'geslacht', value: '2', reason: 'paper form says vrouw', operator: 'anna' });
    correctValue(db, { caseId: holder, variable: 'groep', value: '2', reason: 'employee, not an office holder', operator: 'anna' });
    excludeCase(db, { caseId: dropped, reasonCode: 'outOfScope', reason: 'not employed in 2014', operator: 'anna' });

    const after = runScheme(db, 'mw_geslacht', 'test');
    expect(after.inputHash).not.toBe(before.inputHash);
    expect(after.cases).toMatchObject({ weighted: 60, excluded: 3 });
    // Expected women among the weighted employees, counted from the keyed values and the three changes by hand.
    const keyedWomen = complete.filter((id) => raw(id, 'groep') === '2' && raw(id, 'geslacht') === '2').length;
    const women = keyedWomen + 1 + (raw(holder, 'geslacht') === '2' ? 1 : 0) - (raw(dropped, 'geslacht') === '2' ? 1 : 0);
    expect(after.margins.find((m) => m.code === '2')!.respondents).toBe(women);
    expect(after.margins.find((m) => m.code === '1')!.respondents).toBe(60 - women);
    const weights = new Map(schemeWeights(db, getSchemeRow(db, 'mw_geslacht')!.id).map((w) => [w.caseId, w.weight]));
    expect(weights.get(man)).toBeCloseTo(400 / women, 10);
    expect(weights.has(holder)).toBe(true);
    expect(weights.has(dropped)).toBe(false);
    // finalValues is the current dataset: the corrections show, the keyed value does not.
    const fv = finalValues(db, ['geslacht', 'groep']);
    const pkOf = (id: string) => (db.prepare('SELECT id FROM case_record WHERE case_id = ?').get(id) as { id: number }).id;
    expect(fv.get('geslacht')!.get(pkOf(man))).toBe('2');
    expect(fv.get('groep')!.get(pkOf(holder))).toBe('2');
    expect(fv.get('groep')!.get(pkOf(dropped))).toBe('2');
  });

  it('weights on a derived variable (a recode) exactly as on its source', () => {
    defineDerived(db, { name: 'sekse', expression: "if(${geslacht} = '2', 2, if(${geslacht} = '1', 1, ''))", label: 'Geslacht (afgeleid)', operator: 'anna' });
    const values = currentValues(db, ['sekse', 'geslacht']);
    let compared = 0;
    for (const [pk, g] of values.get('geslacht')!) {
      expect(values.get('sekse')!.get(pk), String(pk)).toBe(g === '1' || g === '2' ? g : null);
      compared++;
    }
    expect(compared).toBeGreaterThan(80);
    saveScheme(db, employees('sekse'), 'test');
    const d = runScheme(db, 'mw_sekse', 'test');
    expect(d.cases.weighted).toBe(60);
    const byGeslacht = schemeWeights(db, getSchemeRow(db, 'mw_geslacht')!.id);
    const bySekse = schemeWeights(db, getSchemeRow(db, 'mw_sekse')!.id);
    expect(bySekse.map((w) => w.caseId)).toEqual(byGeslacht.map((w) => w.caseId));
    bySekse.forEach((w, i) => expect(w.weight).toBeCloseTo(byGeslacht[i]!.weight, 10));
    // Weighted frequencies of a derived variable: the respondents per code are the current values of its source.
    const e = estimate(db, 'mw_geslacht', 'sekse');
    const geslacht = finalValues(db, ['geslacht']).get('geslacht')!;
    const pkOf = (id: string) => (db.prepare('SELECT id FROM case_record WHERE case_id = ?').get(id) as { id: number }).id;
    const women = bySekse.filter((w) => geslacht.get(pkOf(w.caseId)) === '2').length;
    expect(women).toBeGreaterThan(0);
    expect(e.tables[0]!.categories.map((c) => c.code)).toEqual([1, 2]);
    expect(e.tables[0]!.categories.find((c) => c.code === 2)!.respondents).toBe(women);
    expect(e.tables[0]!.categories.reduce((a, c) => a + c.respondents, 0)).toBe(60);
    expect(e.tables[0]!.categories.find((c) => c.code === 2)!.weightedCount).toBeCloseTo(400, 8);
  });

  it("computes the questionnaire's calculated variables (never stored) for weighting and the export, keeping stored ones", () => {
    const employeesComplete = caseIdsWhere("c.status IN ('complete', 'verified') AND EXISTS (SELECT 1 FROM response r WHERE r.case_pk = c.id AND r.variable = 'groep' AND r.value = '2')");
    const [victim, other, reVictim] = employeesComplete;
    const pk = (id: string) => (db.prepare('SELECT id FROM case_record WHERE case_id = ?').get(id) as { id: number }).id;
    const put = db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 'test', 'now')");
    // The fixture stores slachtoffer as an import may deliver it; keyed paper forms store only the answers.
    const keeper = employeesComplete[3]!;
    const storedKeeper = (db.prepare("SELECT value FROM response WHERE case_pk = ? AND variable = 'slachtoffer' AND pass = 1").get(pk(keeper)) as { value: string }).value;
    for (const id of [victim!, other!, reVictim!]) db.prepare("DELETE FROM response WHERE case_pk = ? AND variable = 'slachtoffer'").run(pk(id));
    // slachtoffer = ag_aantal > 0, ag_aantal counts the forms answered 2..4 (Monitor survey.csv).
    put.run(pk(victim!), 'ag_verbaal', '3');
    put.run(pk(other!), 'ag_verbaal', '1');
    put.run(pk(reVictim!), 'ag_bedreig', '1');
    // A later correction makes the third case a victim: the calculation follows the current value.
    correctValue(db, { caseId: reVictim!, variable: 'ag_bedreig', value: '2', reason: 'paper form: once', operator: 'anna' });
    const cur = currentValues(db, ['slachtoffer', 'ag_aantal', 'laag']);
    expect(cur.get('slachtoffer')!.get(pk(victim!))).toBe('1');
    expect(cur.get('slachtoffer')!.get(pk(other!))).toBe('0');
    expect(cur.get('slachtoffer')!.get(pk(reVictim!))).toBe('1');
    expect(cur.get('ag_aantal')!.get(pk(victim!))).toBe('1');
    // A value stored for a calculated variable is kept, whatever the (absent) answers would compute.
    expect(cur.get('slachtoffer')!.get(pk(keeper))).toBe(storedKeeper);
    // laag is stored by the fixture (as a web tool may deliver it): the stored value is kept.
    const stored = db.prepare("SELECT value FROM response WHERE case_pk = ? AND variable = 'laag' AND pass = 1").get(pk(victim!)) as { value: string };
    expect(cur.get('laag')!.get(pk(victim!))).toBe(stored.value);

    const { dataset } = loadDataset(db);
    const col = dataset.columns.find((c) => c.name === 'slachtoffer')!;
    expect(col.kind).toBe('number');
    const at = (id: string) => (col.kind === 'number' ? Number(col.values[dataset.caseIds.indexOf(id)]) : NaN);
    expect([at(victim!), at(other!), at(reVictim!)]).toEqual([1, 0, 1]);
  });
});
