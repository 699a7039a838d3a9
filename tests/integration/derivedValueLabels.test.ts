// Value labels of derived variables end to end: migration 90 on a version-70 file, the repo round trip, the audit
// entry, and the export (Labels, Variables, Value labels and Frequencies sheets read back with exceljs; SPSS VALUE LABELS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { APPLICATION_ID, openProjectForWrite, openProjectReadOnly, type ProjectDb } from '../../electron/backend/db/open';
import { migrate } from '../../electron/backend/db/migrate';
import { LATEST_SCHEMA_VERSION, migrations } from '../../electron/backend/db/migrations';
import { listDerived, upsertDerived } from '../../electron/backend/db/repos/cleaningRepo';
import { defineDerived } from '../../electron/backend/services/cleaning';
import { loadDataset } from '../../electron/backend/export/loadDataset';
import { runExport } from '../../electron/backend/export/runExport';
import { DomainError } from '../../shared/domain/errors';
import { emptyOf } from '../../shared/export/dataset';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject } from './weightingFixture';

const dir = tempDir();
const at = '2026-11-30T10:00:00.000Z';

/** A project file as Veldwerk wrote it at schema `version` (WAL) with two derived variables. */
function oldFile(name: string, version: number): string {
  const path = join(dir, name);
  const db = new Database(path);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.filter((m) => m.version <= version));
  db.pragma('journal_mode = WAL');
  const add = db.prepare('INSERT INTO derived_variable (name, expression, label, position, operator, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  add.run('lftgroep', "if(${leeftijd} = '1', 1, 2)", 'Leeftijdsgroep', 1, 'anna', at, at);
  add.run('slachtoffer_d', '${slachtoffer}', '', 2, 'bert', at, at);
  db.close();
  return path;
}

describe('migration 90 (derived value labels)', () => {
  it('a version-70 file migrates and keeps its derived variables, without value labels', async () => {
    const path = oldFile('v70.vwk', 70);
    const p = await openProjectForWrite(path, 'test');
    try {
      expect(p.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(listDerived(p.db)).toEqual([
        { name: 'lftgroep', expression: "if(${leeftijd} = '1', 1, 2)", label: 'Leeftijdsgroep', valueLabels: [] },
        { name: 'slachtoffer_d', expression: '${slachtoffer}', label: '', valueLabels: [] },
      ]);
      expect(p.db.prepare('SELECT operator, created_at FROM derived_variable ORDER BY position').all()).toEqual([{ operator: 'anna', created_at: at }, { operator: 'bert', created_at: at }]);
      // Round trip: labels stored as JSON, replaced on an update, NULL again when removed; the order is kept.
      upsertDerived(p.db, { name: 'lftgroep', expression: "if(${leeftijd} = '1', 1, 2)", label: 'Leeftijdsgroep', valueLabels: [{ code: '1', label: 'jonger dan 25 jaar' }, { code: '2', label: '25 jaar of ouder' }] }, 'carla', at);
      expect(p.db.prepare("SELECT value_labels FROM derived_variable WHERE name = 'lftgroep'").pluck().get()).toBe('[{"code":"1","label":"jonger dan 25 jaar"},{"code":"2","label":"25 jaar of ouder"}]');
      expect(listDerived(p.db).map((d) => [d.name, d.valueLabels])).toEqual([
        ['lftgroep', [{ code: '1', label: 'jonger dan 25 jaar' }, { code: '2', label: '25 jaar of ouder' }]],
        ['slachtoffer_d', []],
      ]);
      upsertDerived(p.db, { name: 'lftgroep', expression: '1', label: 'x', valueLabels: [] }, 'carla', at);
      expect(p.db.prepare("SELECT value_labels FROM derived_variable WHERE name = 'lftgroep'").pluck().get()).toBeNull();
      // The column holds JSON only.
      expect(() => p.db.prepare("UPDATE derived_variable SET value_labels = 'not json' WHERE name = 'lftgroep'").run()).toThrow(/CHECK constraint failed/);
      expect(p.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      p.close();
    }
  });

  it('a version-80 file opened read-only (not migrated) lists its derived variables without value labels', () => {
    const p = openProjectReadOnly(oldFile('v80.vwk', 80));
    try {
      expect(p.db.pragma('user_version', { simple: true })).toBe(80);
      expect(listDerived(p.db).map((d) => [d.name, d.valueLabels])).toEqual([['lftgroep', []], ['slachtoffer_d', []]]);
    } finally {
      p.close();
    }
  });
});

/** A worksheet as rows of cell values (row 1 = header). */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/** Employees' government tier (laag_mw: 1 gemeente, 2 provincie, 3 Rijk, 4 waterschap) in three levels; empty for office holders. */
const TIER = "if(${laag_mw} = '1', 1, if(${laag_mw} = '2' or ${laag_mw} = '4', 2, if(${laag_mw} = '3', 3, '')))";
const TIER_LABELS = [{ code: '1', label: 'lokaal' }, { code: '2', label: 'regionaal' }, { code: '3', label: 'Rijk' }];

describe('a derived variable with value labels', () => {
  let p: ProjectDb;
  beforeAll(async () => {
    const path = await createMonitorProject(join(dir, 'labels.vwk'), { officeHolders: 15, employees: 25, excluded: 0, open: 0, seed: 5 });
    p = await openProjectForWrite(path, 'test');
    // Consent for every case, so the questions are on route (derived variables see routing applied).
    p.db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) SELECT id, 'toestemming', 1, '1', 'test', 'now' FROM case_record").run();
  }, 120_000);
  afterAll(() => p.close());

  it('is refused with the variable and row named when a code repeats or a label is empty; nothing is stored', () => {
    const refused = (() => {
      try {
        defineDerived(p.db, { name: 'bestuur', expression: TIER, label: 'Bestuurslaag in drie niveaus', valueLabels: [{ code: '1', label: 'jong' }, { code: '1', label: 'ook jong' }], operator: 'anna' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: 'bestuur: value label 2: code 1 is also value label 1', issues: [{ path: [0, 'valueLabels', 1, 'code'], value: '1' }] });
    expect(() => defineDerived(p.db, { name: 'bestuur', expression: TIER, label: '', valueLabels: [{ code: '1', label: ' ' }], operator: 'anna' })).toThrow(/bestuur: value label 1 \(code 1\) has no label/);
    expect(listDerived(p.db)).toEqual([]);
  });

  it('is stored with its labels, and the audit entry of the definition carries them', () => {
    const r = defineDerived(p.db, { name: 'bestuur', expression: TIER, label: 'Bestuurslaag in drie niveaus', valueLabels: TIER_LABELS.map((l) => ({ code: ` ${l.code}`, label: `${l.label} ` })), operator: 'anna' });
    expect(r.derived).toEqual([{ name: 'bestuur', expression: TIER, label: 'Bestuurslaag in drie niveaus', valueLabels: TIER_LABELS }]);
    const audit = p.db.prepare("SELECT operator, variable, new_value, reason, details FROM audit_log WHERE source = 'cleaning' ORDER BY id DESC LIMIT 1").get() as { operator: string; variable: string; new_value: string; reason: string; details: string };
    expect(audit).toMatchObject({ operator: 'anna', variable: 'bestuur', new_value: TIER, reason: 'derived variable bestuur defined' });
    expect(JSON.parse(audit.details)).toEqual({ action: 'derive', name: 'bestuur', expression: TIER, label: 'Bestuurslaag in drie niveaus', valueLabels: TIER_LABELS });
  });

  it('is exported with its labels: Labels, Variables, Value labels and Frequencies sheets, and SPSS VALUE LABELS', async () => {
    const { dataset } = loadDataset(p.db);
    const col = dataset.columns.find((c) => c.name === 'bestuur')!;
    const laag = dataset.columns.find((c) => c.name === 'laag_mw')!;
    if (col.kind !== 'number' || laag.kind !== 'number') throw new Error('not numeric');
    expect(col.role).toBe('code');
    // The expected counts straight from the laag_mw column.
    const want = new Map<number, number>();
    for (let r = 0; r < dataset.caseIds.length; r++) {
      const a = laag.values[r]!;
      const g = a === 1 ? 1 : a === 2 || a === 4 ? 2 : a === 3 ? 3 : null;
      expect(col.values[r], dataset.caseIds[r]).toBe(g ?? emptyOf(col.values));
      if (g !== null) want.set(g, (want.get(g) ?? 0) + 1);
    }
    expect([...want.values()].reduce((a, b) => a + b, 0)).toBe(25);

    const out = join(dir, 'labels.xlsx');
    const sps = join(dir, 'labels.sps');
    await runExport(p, { out, sheets: ['data', 'labels', 'variables', 'valueLabels', 'frequencies'], csv: { path: join(dir, 'labels.csv'), locale: 'intl' }, sps: { path: sps } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);

    const data = rowsOf(wb.getWorksheet('Data')!);
    const labels = rowsOf(wb.getWorksheet('Labels')!);
    const di = data[0]!.indexOf('bestuur');
    const li = labels[0]!.indexOf('bestuur');
    expect(di).toBeGreaterThan(0);
    const byCode = new Map(TIER_LABELS.map((l) => [Number(l.code), l.label]));
    let seen = 0;
    for (const row of data.slice(1)) {
      const lrow = labels.find((r) => r[0] === row[0])!;
      const code = row[di];
      if (typeof code === 'number') {
        expect(lrow[li]).toBe(byCode.get(code));
        seen++;
      }
    }
    expect(seen).toBe([...want.values()].reduce((a, b) => a + b, 0));

    const vars = rowsOf(wb.getWorksheet('Variables')!);
    const head = vars[0]!;
    const def = vars.find((r) => r[0] === 'bestuur')!;
    expect(def[head.indexOf('Source')]).toBe('derived');
    expect(def[head.indexOf('Values')]).toBe('1 = lokaal; 2 = regionaal; 3 = Rijk');
    expect(def[head.indexOf('Missing values')] ?? '').toBe('');
    expect(def[head.indexOf('Measurement level')]).toBe('nominal');

    const vl = rowsOf(wb.getWorksheet('Value labels')!).filter((r) => r[0] === 'bestuur');
    expect(vl).toEqual([['bestuur', 1, 'lokaal', 'no'], ['bestuur', 2, 'regionaal', 'no'], ['bestuur', 3, 'Rijk', 'no']]);

    const freq = rowsOf(wb.getWorksheet('Frequencies')!).filter((r) => r[0] === 'bestuur');
    expect(freq.map((r) => [r[2] ?? null, r[3], r[4]])).toEqual([
      [1, 'lokaal', want.get(1) ?? 0],
      [2, 'regionaal', want.get(2) ?? 0],
      [3, 'Rijk', want.get(3) ?? 0],
      ...(dataset.caseIds.length > seen ? [[null, expect.any(String), dataset.caseIds.length - seen]] : []),
      [null, 'Valid total', seen],
      [null, 'Total', dataset.caseIds.length],
    ]);

    const syntax = readFileSync(sps, 'utf8');
    expect(syntax).toMatch(/\/bestuur\n {4}1 'lokaal'\n {4}2 'regionaal'\n {4}3 'Rijk'/);
    expect(syntax).toMatch(/bestuur \(NOMINAL\)|NOMINAL[^.]*bestuur/);
  });
});

describe('the Monitor example', () => {
  it('labels its categorical derived variables: slachtoffer_d 0/1, and every weighting cell that occurs', async () => {
    const { buildExampleProject } = await import('../../electron/backend/services/example');
    const { project } = await buildExampleProject(join(dir, 'example.vwk'), 1, 'small', 'test');
    try {
      const derived = new Map(listDerived(project.db).map((d) => [d.name, d]));
      expect(derived.get('slachtoffer_d')?.valueLabels).toEqual([{ code: '0', label: 'Nee' }, { code: '1', label: 'Ja' }]);
      const pa = new Map((derived.get('cel_pa')?.valueLabels ?? []).map((l) => [l.code, l.label]));
      const mw = new Map((derived.get('laag_lft4_d')?.valueLabels ?? []).map((l) => [l.code, l.label]));
      expect(pa.get('111')).toBe('Burgemeester, Minder dan 20.000 inwoners');
      expect(pa.get('310')).toBe('Dijkgraaf (voorzitter waterschap)');
      expect([...mw.values()].some((l) => l.startsWith('Gemeente, ') && l.includes('jonger dan 35 jaar'))).toBe(true);
      // Every value the cells take in the exported dataset has a label.
      const { dataset } = loadDataset(project.db);
      for (const [name, labels] of [['cel_pa', pa], ['laag_lft4_d', mw]] as const) {
        const col = dataset.columns.find((c) => c.name === name)!;
        if (col.kind !== 'number') throw new Error(`${name} is not numeric`);
        const values = new Set<number>();
        const empty = emptyOf(col.values);
        for (let r = 0; r < dataset.caseIds.length; r++) if (col.values[r] !== empty) values.add(col.values[r]!);
        expect(values.size, name).toBeGreaterThan(3);
        for (const v of values) expect(labels.has(String(v)), `${name} ${v}`).toBe(true);
      }
    } finally {
      project.close();
    }
  }, 300_000);
});
