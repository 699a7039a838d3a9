// The export reads the cases in chunks (openDataset): every chunk size gives the same cells, counts, hash, CSV and
// SPSS syntax as the dataset loaded in memory at once; a connection that changes mid-read is refused, while runExport
// reads one snapshot, so forms keyed during an export neither stop it nor mix into the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { openProjectForWrite, openSnapshot, type ProjectDb } from '../../electron/backend/db/open';
import { correctValue, defineDerived, excludeCase } from '../../electron/backend/services/cleaning';
import { loadDataset, openDataset } from '../../electron/backend/export/loadDataset';
import { currentValues } from '../../electron/backend/db/repos/cleaningRepo';
import { runExport } from '../../electron/backend/export/runExport';
import { numberAt } from '../../shared/export/dataset';
import { dataSheet, forEachChunk, frequenciesSheet, labelsSheet, spssSyntax, type CellValue, type SheetSpec } from '../../shared/export';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject } from './weightingFixture';

const dir = tempDir();
let p: ProjectDb;

function rowsOf(spec: SheetSpec): CellValue[][] {
  const out: CellValue[][] = [];
  for (let r = 0; r < spec.rowCount; r++) {
    const cells = new Array<CellValue>(spec.columns.length).fill(null);
    spec.row(r, cells);
    out.push(cells);
  }
  return out;
}

async function sheetsOf(path: string): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out = new Map<string, unknown[][]>();
  for (const ws of wb.worksheets) {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out.set(ws.name, rows);
  }
  return out;
}

beforeAll(async () => {
  const path = await createMonitorProject(join(dir, 'stream.vwk'), { officeHolders: 300, employees: 260, excluded: 2, open: 3, seed: 11 });
  p = await openProjectForWrite(path, 'test');
  const db = p.db;
  // Consent given, so the rest of the form is on route (derived variables see routed values).
  db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) SELECT id, 'toestemming', 1, '1', 'test', 'now' FROM case_record").run();
  const ids = (db.prepare("SELECT case_id FROM case_record WHERE status <> 'excluded' ORDER BY case_id").pluck().all() as string[]);
  const geslacht = (id: string) => db.prepare("SELECT r.value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.variable = 'geslacht' AND r.pass = 1").pluck().get(id) as string | undefined;
  for (const k of [5, 60, 400]) correctValue(db, { caseId: ids[k]!, variable: 'geslacht', value: geslacht(ids[k]!) === '2' ? '1' : '2', reason: 'paper form', operator: 'anna' });
  excludeCase(db, { caseId: ids[30]!, reasonCode: 'testForm', reason: 'proefformulier', operator: 'anna' });
  defineDerived(db, { name: 'vrouw', expression: "if(${geslacht} = '2', 1, if(${geslacht} = '1', 0, ''))", label: 'Vrouw (0/1)', operator: 'anna' });
  // A weight stored outside the questionnaire (as an import would), so the weighted frequencies are exercised.
  db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) SELECT id, 'wgt', 1, printf('%.4f', 0.5 + (id % 7) / 4.0), 'test', 'now' FROM case_record").run();
}, 120_000);
afterAll(() => p.close());

describe('the export dataset read in chunks', () => {
  it('gives the same Data, Labels, Frequencies and SPSS formats as the dataset in memory, for chunks of 1, 7, 300 and 2000 cases', () => {
    const mem = loadDataset(p.db, { weight: 'wgt', today: '2026-01-01' });
    const q = mem.questionnaire;
    // More cases than one calculation batch (250), so batches within a chunk are exercised too.
    expect(mem.dataset.caseIds.length).toBeGreaterThan(500);
    expect(mem.dataset.columns.some((c) => c.name === 'vrouw')).toBe(true);
    expect(mem.dataset.columns.some((c) => c.name === 'slachtoffer')).toBe(true);
    const want = { data: rowsOf(dataSheet(q, mem.dataset)), labels: rowsOf(labelsSheet(q, mem.dataset)), freq: rowsOf(frequenciesSheet(q, mem.dataset)) };
    // The calculated and derived columns hold values (a streaming slip would leave them empty).
    const j = mem.dataset.columns.findIndex((c) => c.name === 'vrouw') + 1;
    expect(want.data.filter((r) => r[j] === 1).length).toBeGreaterThan(10);
    // …and equal the current values as cleaning and weighting decide them (cleaningRepo.currentValues, its own code).
    const names = ['geslacht', 'vrouw', 'laag', 'lft4', 'slachtoffer'];
    const cur = currentValues(p.db, names, '2026-01-01');
    const pkOf = new Map(p.db.prepare('SELECT case_id, id FROM case_record').raw().all() as [string, number][]);
    for (const name of names) {
      const k = mem.dataset.columns.findIndex((c) => c.name === name) + 1;
      expect(k, name).toBeGreaterThan(0);
      const got = want.data.map((r) => r[k] ?? null);
      const expected = want.data.map((r) => { const v = cur.get(name)!.get(pkOf.get(r[0] as string)!) ?? null; return v === null || v === '' ? null : Number(v); });
      expect(got, name).toEqual(expected);
      expect(got.filter((v) => v !== null).length, name).toBeGreaterThan(100);
    }
    for (const chunkRows of [1, 7, 300, 2000]) {
      const { source } = openDataset(p.db, { weight: 'wgt', today: '2026-01-01' }, chunkRows);
      expect(source.rowCount).toBe(mem.dataset.caseIds.length);
      const sizes: number[] = [];
      forEachChunk(source, (c) => sizes.push(c.caseIds.length));
      expect(Math.max(...sizes)).toBe(Math.min(chunkRows, source.rowCount));
      expect(rowsOf(dataSheet(q, source))).toEqual(want.data);
      expect(rowsOf(labelsSheet(q, source))).toEqual(want.labels);
      expect(rowsOf(frequenciesSheet(q, source))).toEqual(want.freq);
      expect(spssSyntax(q, source, { csvPath: 'x.csv', locale: 'nl', title: 'T' })).toBe(spssSyntax(q, mem.dataset, { csvPath: 'x.csv', locale: 'nl', title: 'T' }));
      expect(source.excluded.map((e) => e.caseId)).toEqual(mem.dataset.excluded.map((e) => e.caseId));
    }
  });

  it('a filter keeps the same cases in chunks as in memory', () => {
    const filter = { variable: 'geslacht', codes: ['2'] };
    const mem = loadDataset(p.db, { filter }).dataset;
    const { source } = openDataset(p.db, { filter }, 4);
    const ids: string[] = [];
    forEachChunk(source, (c) => ids.push(...c.caseIds));
    expect(ids).toEqual(mem.caseIds);
    expect(ids.length).toBeGreaterThan(5);
  });

  it('runExport with chunks of 7 writes the same workbook, hash, CSV and syntax as with one chunk', async () => {
    const req = (tag: string) => ({
      out: join(dir, `${tag}.xlsx`),
      weight: 'wgt',
      tables: { variables: ['slachtoffer'], by: 'geslacht' },
      csv: { path: join(dir, `${tag}.csv`), locale: 'nl' as const },
      sps: { path: join(dir, `${tag}.sps`) },
    });
    const one = await runExport(p, req('one'), { operator: 'test', chunkRows: 100_000 });
    const small = await runExport(p, req('small'), { operator: 'test', chunkRows: 7 });
    expect(small.dataSha256).toBe(one.dataSha256);
    expect(small.cases).toBe(one.cases);
    expect(readFileSync(small.csv!.path, 'utf8')).toBe(readFileSync(one.csv!.path, 'utf8'));
    expect(readFileSync(small.sps!.path, 'utf8').replace(/^\*.*\n/, '').replaceAll('small.csv', 'one.csv')).toBe(readFileSync(one.sps!.path, 'utf8').replace(/^\*.*\n/, ''));
    const a = await sheetsOf(one.path);
    const b = await sheetsOf(small.path);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, rows] of a) {
      if (name === 'Info') continue; // export time differs
      expect(b.get(name), name).toEqual(rows);
    }
    expect(b.get('Info')!.find((r) => r[0] === 'Cases exported')![1]).toBe(one.cases);
  }, 120_000);

  it('refuses to go on when the project changes while the chunks are read', () => {
    const { source } = openDataset(p.db, {}, 5);
    expect(source.chunkAt(0).ds.caseIds.length).toBe(5);
    const id = source.chunkAt(0).ds.caseIds[0]!;
    const now = (p.db.prepare("SELECT r.value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.variable = 'veiligheid'").pluck().get(id) as string | undefined) ?? '';
    correctValue(p.db, { caseId: id, variable: 'veiligheid', value: now === '2' ? '3' : '2', reason: 'mid-export change', operator: 'anna' });
    expect(() => source.chunkAt(5)).toThrow(/changed while it was being exported/);
  });

  it('a snapshot connection (as runExport reads) neither stops nor sees a correction committed between two chunks', () => {
    const ids = p.db.prepare("SELECT case_id FROM case_record WHERE status <> 'excluded' ORDER BY case_id").pluck().all() as string[];
    const last = ids.at(-1)!;
    /** veiligheid of `id` as a chunked read of `db` gives it (the code, or '' when empty). */
    const veiligheid = (db: typeof p.db, id: string): string => {
      const { source } = openDataset(db, {}, 1000);
      const { ds } = source.chunkAt(source.rowCount - 1);
      const c = ds.columns.find((x) => x.name === 'veiligheid');
      if (c?.kind !== 'number') throw new Error('veiligheid is not a code column');
      const r = ds.caseIds.indexOf(id);
      expect(r).toBeGreaterThanOrEqual(0);
      const v = numberAt(c, r);
      return Number.isNaN(v) ? (c.raw.get(r) ?? '') : String(v);
    };
    const snap = openSnapshot(p);
    try {
      expect(snap.db).not.toBe(p.db);
      const { source } = openDataset(snap.db, {}, 5);
      expect(source.chunkAt(0).ds.caseIds.length).toBe(5);
      const before = veiligheid(snap.db, last);
      const after = before === '2' ? '3' : '2';
      correctValue(p.db, { caseId: last, variable: 'veiligheid', value: after, reason: 'keyed during the export', operator: 'anna' });
      expect(veiligheid(p.db, last)).toBe(after);
      // reading on: no refusal, every case once, and the last case still as it was when the export began
      const seen: string[] = [];
      forEachChunk(source, (c) => seen.push(...c.caseIds));
      expect(seen).toEqual(ids);
      expect(veiligheid(snap.db, last)).toBe(before);
    } finally {
      snap.end();
    }
    snap.end(); // twice is harmless
    expect(veiligheid(p.db, last)).not.toBe('');
  });
});
