// Fieldwork on real project files: migration 0020, all-or-nothing frame import (CSV/XLSX), dispositions, batches, report, exports, CLI.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { migrate } from '../../electron/backend/db/migrate';
import { migration as m0010 } from '../../electron/backend/db/migrations/0010-initial';
import { migration as m0020 } from '../../electron/backend/db/migrations/0020-fieldwork';
import { designWeights } from '../../electron/backend/db/repos/fieldworkRepo';
import { runCli } from '../../electron/cli/cli';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const id = (n: number) => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
const NAMES = ['Anna Jansen', 'Bram de Vries', 'Cor Bakker', 'Dirk Visser'];

/** A valid frame: 40 cases, groep 1/2, laag 1–4, probability 0.5 or 0.25, a name and e-mail per case. */
function validFrame(path: string): void {
  const lines = ['case_id;groep;laag;selection_probability;naam;email;mode'];
  for (let n = 1; n <= 40; n++) lines.push(`${id(n)};${n <= 20 ? 1 : 2};${1 + (n % 4)};${n % 2 ? '0,5' : '0,25'};${NAMES[n % 4]} ${n};p${n}@example.nl;${n % 5 === 0 ? 'web' : 'papier'}`);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
}

async function call<T = unknown>(b: Backend, channel: string, input: unknown): Promise<T> {
  const r = await b.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

function count(db: Database.Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n;
}

describe('migration 0020-fieldwork', () => {
  it('applies to a file at version 10 that already has batches and cases, and marks contacts identifying', () => {
    const db = new Database(':memory:');
    migrate(db, [m0010]);
    db.prepare("INSERT INTO batch (number, status, created_at) VALUES ('old', 'keyed', 'x')").run();
    db.prepare("INSERT INTO case_record (case_id, source, created_at, updated_at) VALUES ('c1', 'keying', 'x', 'x')").run();
    expect(migrate(db, [m0010, m0020])).toEqual([20]);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['sample_case', 'sample_contact', 'sample_import', 'disposition_history', 'data_classification']));
    expect(db.prepare('SELECT number, registered_by FROM batch').get()).toEqual({ number: 'old', registered_by: null });
    expect(db.prepare('SELECT * FROM data_classification').all()).toEqual([{ table_name: 'sample_contact', column_name: 'details', classification: 'identifying' }]);
    db.close();
  });
});

describe('fieldwork through the backend', () => {
  let b: Backend;
  let db: Database.Database;
  const project = join(dir, 'fw.vwk');
  const frame = join(dir, 'frame.csv');
  beforeAll(async () => {
    b = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
    await call(b, 'project.create', { path: project, title: 'Fieldwork' });
    validFrame(frame);
    db = b.session.project!.db as Database.Database;
  });
  afterAll(() => b.close());

  it('refuses a frame with every kind of error, lists every problem with file/row/column, and stores nothing', async () => {
    const bad = join(dir, 'bad.csv');
    const wrongCheck = `${id(7).slice(0, -1)}${(Number(id(7).slice(-1)) + 1) % 10}`;
    writeFileSync(bad, [
      'case_id,groep,laag,selection_probability,naam',
      `${id(1)},1,1,0.5,A`,
      `${id(1)},1,1,0.5,B`, // duplicate ID (row 3)
      `${id(2)},,1,0.5,C`, // empty stratum (row 4)
      `${id(3)},1,1,0,D`, // probability 0 (row 5)
      `${id(4)},1,1,1.5,E`, // probability 1.5 (row 6)
      `${id(5)},7,1,0.5,F`, // unknown code (row 7)
      `${wrongCheck},1,1,0.5,G`, // mistyped ID (row 8)
    ].join('\n'));
    const auditBefore = count(db, 'SELECT count(*) AS n FROM audit_log');
    const r = await b.dispatch('sample.importFrame', { file: bad, operator: 'tester', options: { codes: { groep: ['1', '2'] } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('IMPORT_INVALID');
    expect(r.error.message).toContain('nothing was imported');
    expect(r.error.issues!.map((i) => [i.file, i.row, i.column])).toEqual([
      ['bad.csv', 3, 'case_id'],
      ['bad.csv', 4, 'groep'],
      ['bad.csv', 5, 'selection_probability'],
      ['bad.csv', 6, 'selection_probability'],
      ['bad.csv', 7, 'groep'],
      ['bad.csv', 8, 'case_id'],
    ]);
    expect(count(db, 'SELECT count(*) AS n FROM sample_case')).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM sample_contact')).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM sample_import')).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM audit_log')).toBe(auditBefore);
    const dry = await call<{ valid: boolean; errors: unknown[] }>(b, 'sample.dryRun', { file: bad, options: { codes: { groep: ['1', '2'] } } });
    expect(dry.valid).toBe(false);
    expect(dry.errors).toHaveLength(6);
  });

  it('imports a valid frame (Dutch CSV: ; and decimal comma) with 1/π weights; contacts go to their own table only', async () => {
    const dry = await call<{ valid: boolean; imported: number }>(b, 'sample.dryRun', { file: frame });
    expect(dry).toMatchObject({ valid: true, imported: 0 });
    expect(count(db, 'SELECT count(*) AS n FROM sample_case')).toBe(0);
    const r = await call<{ imported: number; columns: { strata: string[]; contact: string[] }; weights: { sum: number } }>(b, 'sample.importFrame', { file: frame, operator: 'tester' });
    expect(r.imported).toBe(40);
    expect(r.columns.strata).toEqual(['groep', 'laag']);
    expect(r.columns.contact).toEqual(['naam', 'email']);
    expect(r.weights.sum).toBe(20 * 2 + 20 * 4);
    expect(count(db, 'SELECT count(*) AS n FROM sample_contact')).toBe(40);
    expect(count(db, "SELECT count(*) AS n FROM sample_case WHERE strata LIKE '%example.nl%' OR strata LIKE '%Jansen%'")).toBe(0);
    expect(designWeights(db).get(id(2))).toBe(4);
    const page = await call<{ total: number; rows: unknown[] }>(b, 'sample.list', { limit: 5 });
    expect(page.total).toBe(40);
    expect(JSON.stringify(page)).not.toMatch(/example\.nl|Jansen/);
    expect(count(db, "SELECT count(*) AS n FROM audit_log WHERE source = 'import'")).toBe(1);
    // The same frame again: every ID is already in the sample.
    const again = await b.dispatch('sample.importFrame', { file: frame, operator: 'tester' });
    expect(again).toMatchObject({ ok: false, error: { code: 'IMPORT_INVALID' } });
    if (!again.ok) expect(again.error.issues).toHaveLength(40);
    // The format is locked once a sample exists.
    expect(await b.dispatch('sample.setIdFormat', { format: { prefix: 'X', bodyDigits: 4, scheme: 'luhn' }, operator: 'tester' })).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
  });

  it('checks typed IDs: a mistyped or swapped digit is refused, a sampled ID is found', async () => {
    const good = id(12);
    const swapped = good.slice(0, 5) + good[6] + good[5];
    expect(await call(b, 'sample.checkId', { caseId: good })).toMatchObject({ valid: true, inSample: true, disposition: '3.19' });
    if (swapped !== good) expect(await call(b, 'sample.checkId', { caseId: swapped })).toMatchObject({ valid: false, problem: 'check-digit' });
    expect(await call(b, 'sample.checkId', { caseId: id(999) })).toMatchObject({ valid: true, inSample: false });
  });

  it('keeps who/when for every disposition change; a keyed complete form sets 1.1 but not over 4.x', async () => {
    expect(await call(b, 'disposition.set', { caseIds: [id(3), id(4)], code: '3.31', operator: 'Els', reason: 'retour onbestelbaar' })).toEqual({ changed: 2, unchanged: 0 });
    expect(await call(b, 'disposition.set', { caseIds: [id(5)], code: '4.70', operator: 'Els' })).toEqual({ changed: 1, unchanged: 0 });
    const bad = await b.dispatch('disposition.set', { caseIds: [id(6), id(998)], code: '2.11', operator: 'Els' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(count(db, "SELECT count(*) AS n FROM sample_case WHERE disposition = '2.11'")).toBe(0);
    const now = '2014-03-03T10:00:00.000Z';
    const ins = db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, 'keying', 'complete', ?, ?)");
    ins.run(id(3), now, now); // was 3.31 → 1.1
    ins.run(id(5), now, now); // 4.70 stays
    db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, 'import', 'open', ?, ?)").run(id(6), now, now);
    db.prepare("UPDATE case_record SET status = 'complete', updated_at = '2014-03-04T09:00:00.000Z' WHERE case_id = ?").run(id(6)); // web → 1.1
    const h = await call<{ disposition: string; entries: { oldCode: string; newCode: string; operator: string; source: string; at: string; reason: string | null }[] }>(b, 'disposition.history', { caseId: id(3) });
    expect(h.disposition).toBe('1.1');
    expect(h.entries.map((e) => [e.oldCode, e.newCode, e.operator, e.source])).toEqual([['3.19', '3.31', 'Els', 'manual'], ['3.31', '1.1', 'system', 'keying']]);
    expect(h.entries[0]!.reason).toBe('retour onbestelbaar');
    expect(h.entries[1]!.at).toBe(now);
    expect((await call<{ disposition: string }>(b, 'disposition.history', { caseId: id(5) })).disposition).toBe('4.70');
    expect(() => db.prepare('DELETE FROM disposition_history').run()).toThrow(/append-only/);
  });

  it('registers a batch of 20 expected forms and reconciles it; status only moves forward', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => id(i + 11));
    const bRow = await call<{ id: number; registeredForms: number; status: string }>(b, 'batch.register', { number: 'B-01', receivedOn: '2014-03-05', expectedForms: 20, origin: 'gemeenten, eerste zending', operator: 'Els', caseIds: ids.slice(0, 18) });
    expect(bRow).toMatchObject({ registeredForms: 18, status: 'received' });
    expect(await b.dispatch('batch.register', { number: 'B-01', receivedOn: '2014-03-05', expectedForms: 1, operator: 'Els' })).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
    const t = '2014-03-06T12:00:00.000Z';
    const ins = db.prepare("INSERT INTO case_record (case_id, source, status, batch_id, created_at, updated_at) VALUES (?, 'keying', ?, ?, ?, ?)");
    for (const cid of ids.slice(0, 15)) ins.run(cid, 'complete', bRow.id, t, t);
    db.prepare("UPDATE case_record SET status = 'verified' WHERE case_id IN (?, ?)").run(ids[0], ids[1]);
    db.prepare("UPDATE case_record SET status = 'excluded' WHERE case_id = ?").run(ids[2]);
    ins.run('9999999', 'complete', bRow.id, t, t); // not in the sample
    ins.run(ids[19], 'open', bRow.id, t, t); // in progress, never registered
    const r = await call<{ expected: number; difference: number; inProgress: number; notKeyed: string[]; notInSample: string[]; keyedNotRegistered: string[]; balanced: boolean; batch: { keyed: number; verified: number; excluded: number; complete: number } }>(b, 'batch.reconcile', { number: 'B-01' });
    expect(r.batch).toMatchObject({ keyed: 16, complete: 15, verified: 2, excluded: 1 });
    expect(r).toMatchObject({ expected: 20, inProgress: 1, difference: 3, balanced: false });
    expect(r.notKeyed).toEqual(ids.slice(15, 18));
    expect(r.notInSample).toEqual(['9999999']);
    expect(r.keyedNotRegistered).toEqual([ids[19]]);
    // never registered with any batch (not registered elsewhere)
    expect(r).toMatchObject({ keyedUnregistered: [ids[19]], keyedElsewhere: [] });
    expect(await call(b, 'batch.setStatus', { number: 'B-01', status: 'keyed', operator: 'Els' })).toMatchObject({ status: 'keyed' });
    expect(await b.dispatch('batch.setStatus', { number: 'B-01', status: 'keying', operator: 'Els' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await b.dispatch('batch.setStatus', { number: 'B-01', status: 'closed', operator: 'Els' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call(b, 'batch.setStatus', { number: 'B-01', status: 'closed', operator: 'Els', reason: '3 formulieren zoek' })).toMatchObject({ status: 'closed' });
    expect(count(db, "SELECT count(*) AS n FROM audit_log WHERE reason LIKE '%B-01%' OR reason = '3 formulieren zoek'")).toBe(3);
    const wrongBatch = await b.dispatch('batch.register', { number: 'B-02', receivedOn: '2014-03-07', expectedForms: 2, operator: 'Els', caseIds: [ids[0], id(997)] });
    expect(wrongBatch).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!wrongBatch.ok) expect(wrongBatch.error.issues).toHaveLength(2);
    expect(count(db, "SELECT count(*) AS n FROM batch WHERE number = 'B-02'")).toBe(0);
  });

  it('reports RR1/RR2/COOP/REF per stratum, returns per day by mode, and no contact details', async () => {
    const r = await call<{ sampled: number; returned: number; overall: { counts: Record<string, number>; rates: Record<string, number | null> }; byStratum: { variable: string; rows: { code: string; sampled: number }[] }[]; perDay: { date: string; paper: number; web: number }[]; byMode: { mode: string; assigned: number; returned: number }[]; e: number }>(b, 'fieldwork.report', { e: 0.5 });
    // Complete: 3, 6 and 11..25 = 17 (1.1); 4.70: case 5; 3.31: case 4; the rest 3.19.
    expect(r.sampled).toBe(40);
    expect(r.overall.counts).toEqual({ I: 17, P: 0, R: 0, NC: 0, O: 0, UH: 21, UO: 1, NE: 1 });
    expect(r.overall.rates.RR1).toBe(17 / 39);
    expect(r.overall.rates.RR3).toBe(17 / (17 + 0.5 * 22));
    expect(r.overall.rates.COOP1).toBe(1);
    expect(r.overall.rates.REF1).toBe(0);
    expect(r.byStratum.map((s) => s.variable)).toEqual(['groep', 'laag']);
    expect(r.byStratum[0]!.rows.map((x) => [x.code, x.sampled])).toEqual([['1', 20], ['2', 20]]);
    expect(r.perDay).toEqual([
      { date: '2014-03-03', paper: 1, web: 0, unknown: 0, total: 1 },
      { date: '2014-03-04', paper: 0, web: 1, unknown: 0, total: 1 },
      { date: '2014-03-05', paper: 15, web: 0, unknown: 0, total: 15 }, // batch B-01's received date, not the keying date (06-03)
    ]);
    expect(r.byMode.find((m) => m.mode === 'web')).toEqual({ mode: 'web', assigned: 8, returned: 1 });
    expect(JSON.stringify(r)).not.toMatch(/example\.nl|Jansen|Bakker|Visser|de Vries/);
    // verification rate base: keyed paper forms only (3, 5, 14 of batch B-01 and 9999999), not the imported web form of 6
    const cur = await call<{ counts: Record<string, number> }>(b, 'project.current', {});
    expect(cur.counts).toMatchObject({ complete: 18, verified: 2, keyedPaper: 17 });
  });

  it('excluded forms leave the response rates by reason (too incomplete → partial, duplicate → not a response)', async () => {
    type Rep = { returned: number; overall: { counts: Record<string, number>; rates: Record<string, number | null> }; byMode: { mode: string; returned: number }[]; perDay: { date: string; total: number }[] };
    const before = await call<Rep>(b, 'fieldwork.report', { e: 0.5 });
    expect(before.overall.counts).toMatchObject({ I: 17, P: 0, R: 0, UH: 21 });
    await call(b, 'cleaning.exclude', { caseId: id(14), reasonCode: 'tooIncomplete', reason: 'te weinig ingevuld', operator: 'Els' });
    await call(b, 'cleaning.exclude', { caseId: id(6), reasonCode: 'duplicate', reason: 'dubbel ingestuurd', operator: 'Els' });
    const after = await call<Rep>(b, 'fieldwork.report', { e: 0.5 });
    // 14: stored 1.1, judged too incomplete → partial 1.2; 6: a duplicate web form → back to 3.19 (nothing returned)
    expect(after.overall.counts).toEqual({ I: 15, P: 1, R: 0, NC: 0, O: 0, UH: 22, UO: 1, NE: 1 });
    expect(after.overall.rates.RR1).toBe(15 / 39);
    expect(after.overall.rates.RR2).toBe(16 / 39);
    expect(after.returned).toBe(16);
    expect(after.byMode.find((m) => m.mode === 'web')!.returned).toBe(0);
    expect(after.perDay.map((d) => [d.date, d.total])).toEqual([['2014-03-03', 1], ['2014-03-05', 15]]); // the duplicate web form of 6 (04-03) is no return; 14 (partial) still is
    expect(count(db, `SELECT count(*) AS n FROM sample_case WHERE case_id IN ('${id(6)}', '${id(14)}') AND disposition = '1.1'`)).toBe(2); // stored codes untouched
    // (reversing an exclusion: tests/integration/entry.test.ts — cleaning.include needs a questionnaire)
  });

  it('exports leave contacts out unless asked; including them is recorded in the audit log', async () => {
    const textOf = async (path: string): Promise<string> => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      const out: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value)))));
      return out.join('\n');
    };
    const exportsBefore = count(db, "SELECT count(*) AS n FROM audit_log WHERE source = 'export'");
    const plain = await call<{ path: string; includedContacts: boolean; columns: string[] }>(b, 'sample.exportList', { path: join(dir, 'list.xlsx'), operator: 'Els' });
    expect(plain.includedContacts).toBe(false);
    expect(plain.columns).not.toContain('naam');
    expect(await textOf(plain.path)).not.toMatch(/example\.nl|Jansen|Bakker/);
    const csv = await call<{ path: string }>(b, 'sample.exportList', { path: join(dir, 'list.csv'), format: 'csv', operator: 'Els' });
    expect(readFileSync(csv.path, 'utf8')).not.toMatch(/example\.nl|Jansen/);
    const rep = await call<{ path: string; sheets: string[] }>(b, 'fieldwork.exportReport', { path: join(dir, 'report.xlsx') });
    expect(rep.sheets).toEqual(['Respons', 'Disposities', 'Per dag', 'Batches']);
    expect(await textOf(rep.path)).not.toMatch(/example\.nl|Jansen|Bakker/);
    expect(count(db, "SELECT count(*) AS n FROM audit_log WHERE source = 'export'")).toBe(exportsBefore);

    const withContacts = await call<{ path: string; includedContacts: boolean; columns: string[] }>(b, 'sample.exportList', { path: join(dir, 'mailing.xlsx'), includeContacts: true, operator: 'Els' });
    expect(withContacts.columns).toEqual(expect.arrayContaining(['naam', 'email']));
    expect(await textOf(withContacts.path)).toMatch(/Jansen/);
    const log = db.prepare("SELECT operator, details FROM audit_log WHERE source = 'export' ORDER BY id DESC LIMIT 1").get() as { operator: string; details: string };
    expect(log.operator).toBe('Els');
    expect(JSON.parse(log.details)).toMatchObject({ identifying: true, file: withContacts.path, rows: 40, channel: 'sample.exportList' });
  });

  it('labels: the sample\'s IDs, or new IDs with check digits', async () => {
    const s = await call<{ total: number; source: string; labels: { caseId: string }[] }>(b, 'sample.idLabels', { limit: 3 });
    expect(s).toMatchObject({ total: 40, source: 'sample' });
    expect(s.labels.map((l) => l.caseId)).toEqual([id(1), id(2), id(3)]);
    const g = await call<{ labels: { caseId: string }[] }>(b, 'sample.idLabels', { start: 41, count: 2 });
    expect(g.labels.map((l) => l.caseId)).toEqual([id(41), id(42)]);
  });
});

describe('XLSX frames and population-based weights', () => {
  it('reads dates, numbers and cached formula values; N_h / n_h from population counts', async () => {
    const b = createBackend({ appDataDir: join(dir, 'appdata2'), hostLabel: 'test' });
    try {
      await call(b, 'project.create', { path: join(dir, 'x.vwk') });
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Frame');
      ws.addRow(['case_id', 'functie', 'laag', 'uitgezet', 'naam']);
      for (let n = 1; n <= 6; n++) {
        const functie = n <= 4 ? 11 : 12;
        ws.addRow([Number(id(n)), functie, { formula: `IF(B${n + 1}<20,1,2)`, result: 1 }, new Date(Date.UTC(2014, 0, 15)), `Persoon ${n}`]);
      }
      const path = join(dir, 'frame.xlsx');
      await wb.xlsx.writeFile(path);
      // Case IDs start with zeros: stored as numbers they lose them, so the check fails and says so.
      const lost = await call<{ valid: boolean; errors: { kind: string; row: number; sheet: string }[] }>(b, 'sample.dryRun', { file: path });
      expect(lost.valid).toBe(false);
      expect(lost.errors[0]).toMatchObject({ kind: 'bad-case-id', row: 2, sheet: 'Frame' });
      ws.getColumn(1).eachCell((c, row) => { if (row > 1) c.value = id(row - 1); });
      await wb.xlsx.writeFile(path);
      const r = await call<{ valid: boolean; imported: number; strataSummary: { variable: string; codes: { code: string; count: number }[] }[] }>(b, 'sample.importFrame', {
        file: path, operator: 'tester',
        options: { strata: ['functie', 'laag'], population: { strata: ['functie'], cells: [{ values: { functie: '11' }, count: 403 }, { values: { functie: '12' }, count: 1467 }] } },
      });
      expect(r.imported).toBe(6);
      expect(r.strataSummary).toEqual([{ variable: 'functie', codes: [{ code: '11', count: 4 }, { code: '12', count: 2 }] }, { variable: 'laag', codes: [{ code: '1', count: 6 }] }]);
      const w = designWeights(b.session.project!.db as Database.Database);
      expect(w.get(id(1))).toBe(403 / 4);
      expect(w.get(id(6))).toBe(1467 / 2);
    } finally {
      b.close();
    }
  });
});

describe('CLI: sample import, fieldwork report, batch register/reconcile, caseid labels', () => {
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }
  it('runs the fieldwork commands end to end', async () => {
    const p = join(dir, 'cli.vwk');
    const frame = join(dir, 'cli-frame.csv');
    validFrame(frame);
    expect((await cli('create', p)).code).toBe(0);
    const bad = join(dir, 'cli-bad.csv');
    writeFileSync(bad, `case_id,groep\n${id(1)},1\n${id(1)},\n`);
    const dry = await cli('sample', 'import', p, '--file', bad, '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('row 3, column case_id');
    expect(dry.out).toContain('row 3, column groep');
    const refused = await cli('sample', 'import', p, '--file', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/2 problems[\s\S]*row 3, column case_id/);
    const ok = await cli('sample', 'import', p, '--file', frame, '--json', '--operator', 'Els');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ imported: 40, valid: true });
    expect((await cli('batch', 'register', p, '--number', 'B1', '--expected', '20', '--received', '2014-03-05', '--ids', `${id(1)},${id(2)}`)).code).toBe(0);
    const rec = await cli('batch', 'reconcile', p, '--number', 'B1', '--json');
    expect(JSON.parse(rec.out)).toMatchObject({ expected: 20, notKeyed: [id(1), id(2)] });
    // Keyed under B1: id 3 is registered with batch B2, id 4 with no batch (the sample list shows its batch as "—").
    expect((await cli('batch', 'register', p, '--number', 'B2', '--expected', '1', '--received', '2014-03-06', '--ids', id(3))).code).toBe(0);
    const raw = new Database(p);
    const b1 = (raw.prepare("SELECT id FROM batch WHERE number = 'B1'").get() as { id: number }).id;
    const key = raw.prepare("INSERT INTO case_record (case_id, source, status, batch_id, created_at, updated_at) VALUES (?, 'keying', 'complete', ?, 'x', 'x')");
    key.run(id(3), b1);
    key.run(id(4), b1);
    raw.close();
    const split = JSON.parse((await cli('batch', 'reconcile', p, '--number', 'B1', '--json')).out) as Record<string, unknown>;
    expect(split).toMatchObject({
      keyedElsewhere: [{ caseId: id(3), batch: 'B2' }], keyedUnregistered: [id(4)], keyedNotRegistered: [id(3), id(4)], notInSample: [], balanced: false,
    });
    const recText = await cli('batch', 'reconcile', p, '--number', 'B1');
    expect(recText.out).toContain(`Keyed here, registered with another batch: ${id(3)} (batch B2)\n`);
    expect(recText.out).toContain(`Keyed here, not registered with any batch: ${id(4)}\n`);
    expect(recText.out).not.toContain('elsewhere');
    const rep = await cli('fieldwork', 'report', p, '--json', '--e', '0.8');
    expect(rep.code).toBe(0);
    const report = JSON.parse(rep.out) as { sampled: number; e: number; batches: { total: number } };
    expect(report).toMatchObject({ sampled: 40, e: 0.8, batches: { total: 2 } });
    expect(rep.out).not.toMatch(/example\.nl/);
    const text = await cli('fieldwork', 'report', p);
    expect(text.out).toContain('RR1');
    const labels = await cli('caseid', 'labels', p, '--start', '100', '--count', '3');
    expect(labels.out).toBe(`${id(100)}\n${id(101)}\n${id(102)}\n`);
    expect((await cli('sample', 'import', p)).code).toBe(2);
  });
});
