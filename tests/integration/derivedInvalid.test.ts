// A value that is not a value of its variable's type ("7 jaar" in an integer) is system-missing for derived variables
// and edit rules, as the export writes it (tester's defect: the derived category `jaren_kl` took 3 "15 jaar of meer"
// for "7 jaar" and Frequencies counted it). The cleaning run still reports the value itself as a type violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { currentValues, queryViolations } from '../../electron/backend/db/repos/cleaningRepo';
import { runExport } from '../../electron/backend/export/runExport';
import { defineDerived, runCleaning, saveRule } from '../../electron/backend/services/cleaning';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject } from './weightingFixture';

const dir = tempDir();
let p: ProjectDb;
let db: Database;
/** Case IDs by what their jaren_functie holds. */
const ids: Record<'jaar7' | 'komma' | 'drie' | 'tien' | 'twintig', string> = { jaar7: '', komma: '', drie: '', tien: '', twintig: '' };
const JAREN_KL = "if(${jaren_functie} = '', '', if(${jaren_functie} < 5, 1, if(${jaren_functie} < 15, 2, 3)))";

/** A worksheet as rows of cell values (row 1 = header). */
async function sheetRows(path: string, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: unknown[][] = [];
  wb.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

beforeAll(async () => {
  const path = await createMonitorProject(join(dir, 'invalid.vwk'), { officeHolders: 8, employees: 8, excluded: 0, open: 0, seed: 53 });
  p = await openProjectForWrite(path, 'test');
  db = p.db;
  // Consent puts g_functie on route; five cases get a number of years, two of them text that is not a number.
  db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) SELECT id, 'toestemming', 1, '1', 'test', 'now' FROM case_record").run();
  const all = (db.prepare('SELECT id, case_id AS caseId FROM case_record ORDER BY id').all() as { id: number; caseId: string }[]);
  const add = db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, 'jaren_functie', 1, ?, 'test', 'now')");
  (['jaar7', 'komma', 'drie', 'tien', 'twintig'] as const).forEach((k, i) => {
    add.run(all[i]!.id, { jaar7: '7 jaar', komma: '12,5', drie: '3', tien: '10', twintig: '20' }[k]);
    ids[k] = all[i]!.caseId;
  });
}, 120_000);
afterAll(() => p.close());

describe('an invalid value read by derived variables and edit rules', () => {
  it('the derived preview leaves the derived value empty (not category 3)', () => {
    const r = defineDerived(db, {
      name: 'jaren_kl', expression: JAREN_KL, label: 'Jaren in functie (klassen)', operator: 'anna', today: '2014-12-01',
      valueLabels: [{ code: '1', label: 'minder dan 5 jaar' }, { code: '2', label: '5 tot 15 jaar' }, { code: '3', label: '15 jaar of meer' }],
    });
    expect(r.preview).toMatchObject({ cases: 16, filled: 3 });
    expect([...r.preview!.values].sort((a, b) => a.value.localeCompare(b.value))).toEqual([{ value: '1', count: 1 }, { value: '2', count: 1 }, { value: '3', count: 1 }]);
  });

  it('the rule run: an edit rule reads the invalid value as empty; the type violation is still reported with the stored text', () => {
    saveRule(db, { name: 'lang_in_functie', expression: "${jaren_functie} != '' and not(${jaren_functie} < 15)", message: '15 jaar of langer in functie', severity: 'warning', variables: [], examples: [{ values: { toestemming: '1', jaren_functie: '7 jaar' }, triggers: false }], enabled: true }, 'test');
    const run = runCleaning(db, { operator: 'anna', today: '2014-12-01' });
    expect(run.ruleTests).toEqual([]);
    const page = queryViolations(db, { offset: 0, limit: 1000 });
    const of = (ruleId: string) => page.rows.filter((v) => v.ruleId === ruleId).map((v) => [v.caseId, v.value]).sort();
    expect(of('edit:lang_in_functie')).toEqual([[ids.twintig, '20']]);
    expect(of('type:jaren_functie')).toEqual([[ids.jaar7, '7 jaar'], [ids.komma, '12,5']].sort());
  });

  it('the current dataset (weighting, tables): jaren_kl has no value where jaren_functie is not a number', () => {
    const cur = currentValues(db, ['jaren_kl', 'jaren_functie'], '2014-12-01');
    const pkOf = (caseId: string) => (db.prepare('SELECT id FROM case_record WHERE case_id = ?').get(caseId) as { id: number }).id;
    const kl = cur.get('jaren_kl')!;
    expect([ids.jaar7, ids.komma, ids.drie, ids.tien, ids.twintig].map((id) => kl.get(pkOf(id)) ?? null)).toEqual([null, null, '1', '2', '3']);
    // The stored text itself stays what it is (cleaning corrects it).
    expect(cur.get('jaren_functie')!.get(pkOf(ids.jaar7))).toBe('7 jaar');
  });

  it('the export: Data leaves both jaren_functie and jaren_kl empty; Frequencies counts one case per category', async () => {
    const out = join(dir, 'invalid.xlsx');
    await runExport(p, { out, sheets: ['data', 'frequencies', 'info'] });
    const data = await sheetRows(out, 'Data');
    const [jf, kl] = [data[0]!.indexOf('jaren_functie'), data[0]!.indexOf('jaren_kl')];
    expect(jf).toBeGreaterThan(0);
    expect(kl).toBeGreaterThan(0);
    const row = (caseId: string) => data.find((r) => r[0] === caseId)!;
    expect([ids.jaar7, ids.komma, ids.drie, ids.tien, ids.twintig].map((id) => [row(id)[jf] ?? null, row(id)[kl] ?? null])).toEqual([[null, null], [null, null], [3, 1], [10, 2], [20, 3]]);
    const freq = (await sheetRows(out, 'Frequencies')).filter((r) => r[0] === 'jaren_kl');
    expect(freq.filter((r) => typeof r[2] === 'number').map((r) => [r[2], r[4]])).toEqual([[1, 1], [2, 1], [3, 1]]);
    const info = await sheetRows(out, 'Info');
    expect(info.find((r) => r[0] === 'Invalid values left empty')?.[1]).toBe(2);
  });
});
