// Derived variables of cleaning in the export: columns in Data and Labels, their definition in the codebook (source "derived").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { correctValue, defineDerived, excludeCase } from '../../electron/backend/services/cleaning';
import { loadDataset } from '../../electron/backend/export/loadDataset';
import { runExport } from '../../electron/backend/export/runExport';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject } from './weightingFixture';

const dir = tempDir();
let p: ProjectDb;
let db: Database;
let corrected = '';
let excluded = '';

/** Current geslacht per case ID from the keyed values (pass 1). */
function keyed(variable: string): Map<string, string> {
  return new Map((db.prepare('SELECT c.case_id AS id, r.value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE r.variable = ? AND r.pass = 1').all(variable) as { id: string; value: string }[]).map((r) => [r.id, r.value]));
}

/** A worksheet as rows of cell values (row 1 = header). */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

beforeAll(async () => {
  const path = await createMonitorProject(join(dir, 'derived.vwk'), { officeHolders: 20, employees: 30, excluded: 1, open: 0, seed: 3 });
  p = await openProjectForWrite(path, 'test');
  db = p.db;
  db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) SELECT id, 'toestemming', 1, '1', 'test', 'now' FROM case_record").run();
  const g = keyed('geslacht');
  corrected = [...g.entries()].find(([, v]) => v === '1')![0];
  excluded = [...g.entries()].find(([id, v]) => v === '2' && id !== corrected && (db.prepare("SELECT status FROM case_record WHERE case_id = ?").get(id) as { status: string }).status === 'complete')![0];
  correctValue(db, { caseId: corrected, variable: 'geslacht', value: '2', reason: 'paper form says vrouw', operator: 'anna' });
  excludeCase(db, { caseId: excluded, reasonCode: 'testForm', reason: 'proefformulier', operator: 'anna' });
  defineDerived(db, { name: 'vrouw', expression: "if(${geslacht} = '2', 1, if(${geslacht} = '1', 0, ''))", label: 'Vrouw (0/1)', operator: 'anna' });
  defineDerived(db, { name: 'vrouw_tekst', expression: "if(${vrouw} = 1, 'ja', 'nee')", label: 'Vrouw als tekst', operator: 'anna' });
}, 120_000);
afterAll(() => p.close());

describe('derived variables in the export', () => {
  it('loadDataset adds them as columns after the questionnaire, computed from the current values', () => {
    const { dataset, questionnaire } = loadDataset(db);
    const names = dataset.columns.map((c) => c.name);
    expect(names.slice(-2)).toEqual(['vrouw', 'vrouw_tekst']);
    expect(questionnaire.items.at(-1)).toMatchObject({ kind: 'variable', variable: { name: 'vrouw_tekst', type: 'calculated', extra: { 'veldwerk::derived': 'yes' } } });
    const g = keyed('geslacht');
    g.set(corrected, '2');
    const vrouw = dataset.columns.find((c) => c.name === 'vrouw')!;
    if (vrouw.kind !== 'number') throw new Error('vrouw is not numeric');
    let checked = 0;
    dataset.caseIds.forEach((id, row) => {
      const want = g.get(id) === '2' ? 1 : g.get(id) === '1' ? 0 : 255;
      expect(vrouw.values[row], id).toBe(want);
      checked++;
    });
    expect(checked).toBe(49);
    expect(dataset.caseIds).not.toContain(excluded);
    // The filter reads the corrected value too.
    const women = loadDataset(db, { filter: { variable: 'geslacht', codes: ['2'] } }).dataset.caseIds;
    expect(women).toContain(corrected);
    expect(women).toHaveLength([...g.entries()].filter(([id, v]) => v === '2' && id !== excluded && dataset.caseIds.includes(id)).length);
  });

  it('the workbook has them in Data and Labels, and their definition in Variables with source "derived"', async () => {
    const out = join(dir, 'derived.xlsx');
    await runExport(p, { out, sheets: ['data', 'labels', 'variables'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const data = rowsOf(wb.getWorksheet('Data')!);
    const header = data[0]!;
    const iv = header.indexOf('vrouw');
    const it = header.indexOf('vrouw_tekst');
    expect(iv).toBeGreaterThan(0);
    expect(it).toBe(iv + 1);
    const row = data.find((r) => r[0] === corrected)!;
    expect(row[iv]).toBe(1);
    expect(row[it]).toBe('ja');
    expect(data.some((r) => r[0] === excluded)).toBe(false);
    const labels = rowsOf(wb.getWorksheet('Labels')!);
    expect(labels[0]!.indexOf('vrouw_tekst')).toBeGreaterThan(0);
    expect(labels.find((r) => r[0] === corrected)![labels[0]!.indexOf('vrouw_tekst')]).toBe('ja');
    const vars = rowsOf(wb.getWorksheet('Variables')!);
    const head = vars[0]!;
    const def = vars.find((r) => r[0] === 'vrouw')!;
    expect(def[head.indexOf('Label')]).toBe('Vrouw (0/1)');
    expect(def[head.indexOf('Derivation')]).toBe("if(geslacht = '2', 1, if(geslacht = '1', 0, ''))");
    expect(def[head.indexOf('Source')]).toBe('derived');
    expect(vars.find((r) => r[0] === 'vrouw_tekst')![head.indexOf('Derivation')]).toBe("if(vrouw = 1, 'ja', 'nee')");
    expect(vars.find((r) => r[0] === 'geslacht')![head.indexOf('Source')]).toBe('keyed or imported');
  });
});
