// The audit view's query (cleaning.audit): filters, paging, newest-first order and totals on a Monitor project with
// real corrections and an undo, plus 120,000 keying entries; every filter reads an index (EXPLAIN QUERY PLAN).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from '../../electron/backend/db/migrate';
import { migrations } from '../../electron/backend/db/migrations';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { correctValue, undoCorrection } from '../../electron/backend/services/cleaning';
import { appendAudit, explainAudit, queryAudit, type AuditFilter } from '../../electron/backend/db/repos/auditRepo';
import { createBackend } from '../../electron/backend/backend';
import { tempDir } from '../helpers/tmp';

const MONITOR_DIR = resolve(__dirname, '../../../shared/monitor');
const dir = tempDir();
const path = join(dir, 'audit.vwk');
let p: ProjectDb;
let db: Database;
const BULK = 120_000;
let pkA = 0;
let pkB = 0;
let correction1 = 0;
let correction2 = 0;
let undoCorrectionId = 0;

const page = (f: Partial<AuditFilter> = {}) => queryAudit(db, { offset: 0, limit: 50, ...f });

beforeAll(async () => {
  createProjectFile(path, 'Audit');
  p = await openProjectForWrite(path, 'test');
  db = p.db;
  storeQuestionnaire(db, (await checkXlsform(MONITOR_DIR)).questionnaire, 'test');
  const now = new Date().toISOString();
  db.prepare("INSERT INTO batch (number, created_at) VALUES ('B1', ?)").run(now);
  const addCase = (caseId: string, groep: string) => {
    const pk = Number(db.prepare("INSERT INTO case_record (case_id, batch_id, source, status, created_at, updated_at) VALUES (?, 1, 'keying', 'complete', ?, ?)").run(caseId, now, now).lastInsertRowid);
    db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, 'groep', 1, ?, 'anna', ?)").run(pk, groep, now);
    return pk;
  };
  pkA = addCase('100001', '1');
  pkB = addCase('100002', '2');
  // 120,000 keying entries in January 2014: operators anna/bram alternate, variables v0…v99, cases A and B alternate.
  const ins = db.prepare("INSERT INTO audit_log (at, operator, source, case_pk, variable, old_value, new_value, reason) VALUES (?, ?, 'keying', ?, ?, NULL, ?, NULL)");
  const t0 = Date.parse('2014-01-01T00:00:00.000Z');
  db.transaction(() => {
    for (let i = 0; i < BULK; i++) ins.run(new Date(t0 + i * 20_000).toISOString(), i % 2 === 0 ? 'anna' : 'bram', i % 2 === 0 ? pkA : pkB, `v${i % 100}`, String(i % 7));
  })();
  // Entries with reasons that hold LIKE's wildcards.
  appendAudit(db, { operator: 'chris', source: 'import', reason: '100% imported', at: '2014-02-01T10:00:00.000Z' });
  appendAudit(db, { operator: 'chris', source: 'import', reason: '100 imported', at: '2014-02-01T11:00:00.000Z' });
  // Real cleaning edits: two corrections and an undo of the first.
  correction1 = correctValue(db, { caseId: '100001', variable: 'groep', value: '2', reason: 'Paper form says 2', operator: 'dirk' }).correctionId;
  correction2 = correctValue(db, { caseId: '100002', variable: 'groep', value: '1', reason: 'read from the paper form', operator: 'dirk' }).correctionId;
  undoCorrectionId = undoCorrection(db, { correctionId: correction1, reason: 'wrong form', operator: 'eva' }).correctionId;
}, 120_000);

afterAll(() => p?.close());

describe('queryAudit', () => {
  it('lists newest first with the total of the whole log, and pages without gaps or overlaps', () => {
    const all = (db.prepare('SELECT count(*) AS n, max(id) AS m FROM audit_log').get() as { n: number; m: number });
    const first = page({ limit: 20 });
    expect(first.total).toBe(all.n);
    expect(first.total).toBeGreaterThan(BULK + 5);
    expect(first.rows[0]!.id).toBe(all.m);
    expect(first.rows.map((r) => r.id)).toEqual([...first.rows.map((r) => r.id)].sort((a, b) => b - a));
    const a = page({ limit: 10 });
    const b = page({ offset: 10, limit: 10 });
    expect([...a.rows, ...b.rows].map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    // The last page is short and ends at the oldest entry.
    const last = page({ offset: all.n - 3, limit: 50 });
    expect(last.rows).toHaveLength(3);
    expect(last.rows[2]!.id).toBe((db.prepare('SELECT min(id) AS m FROM audit_log').get() as { m: number }).m);
  });

  it('shows a correction with its case, values, reason and correction ID, and an undo with the correction it undid', () => {
    const r = page({ source: 'cleaning' });
    expect(r.total).toBe(3);
    expect(r.rows.map((x) => [x.caseId, x.variable, x.oldValue, x.newValue, x.reason, x.operator, x.action, x.correctionId, x.undoes])).toEqual([
      ['100001', 'groep', '2', '1', 'wrong form', 'eva', 'undo', undoCorrectionId, correction1],
      ['100002', 'groep', '2', '1', 'read from the paper form', 'dirk', 'correct', correction2, null],
      ['100001', 'groep', '1', '2', 'Paper form says 2', 'dirk', 'correct', correction1, null],
    ]);
    // Keying entries carry no correction.
    expect(page({ source: 'keying', limit: 1 }).rows[0]!.correctionId).toBeNull();
  });

  it('filters on case ID, variable, operator and source, alone and together', () => {
    expect(page({ caseId: '100001' }).total).toBe(BULK / 2 + 2);
    expect(page({ caseId: '100002' }).total).toBe(BULK / 2 + 1);
    expect(page({ caseId: '999999' }).total).toBe(0);
    expect(page({ variable: 'v7' }).total).toBe(BULK / 100);
    expect(page({ variable: 'groep' }).total).toBe(3);
    expect(page({ operator: 'bram' }).total).toBe(BULK / 2);
    expect(page({ operator: 'dirk' }).total).toBe(2);
    expect(page({ source: 'import' }).total).toBe(2);
    // Part of a name in any letter case; a text matching several names takes them all, one matching none finds nothing.
    expect(page({ operator: 'BRA' }).total).toBe(BULK / 2);
    expect(page({ operator: 'r' }).total).toBe(BULK / 2 + 2 + 2); // bram, chris, dirk
    expect(page({ operator: 'zz' }).total).toBe(0);
    expect(page({ operator: 'r', limit: 3 }).rows.map((x) => x.id)).toEqual([...page({ limit: 200 }).rows.filter((x) => /r/.test(x.operator)).map((x) => x.id)].slice(0, 3));
    expect(page().operators).toEqual(['anna', 'bram', 'chris', 'dirk', 'eva', 'system', 'test']);
    // v7 is keyed only at odd i (7, 107, …) → always by bram on case B.
    expect(page({ variable: 'v7', operator: 'anna' }).total).toBe(0);
    const v8 = page({ variable: 'v8', operator: 'anna', caseId: '100001', limit: 5 });
    expect(v8.total).toBe(BULK / 100);
    expect(v8.rows.map((x) => x.newValue)).toEqual([119_908, 119_808, 119_708, 119_608, 119_508].map((i) => String(i % 7)));
  });

  it('filters on a time range (from inclusive, to exclusive; any offset) and on text in the reason', () => {
    // Entry i is at t0 + 20 s × i: the first hour holds i = 0…179.
    expect(page({ source: 'keying', from: '2014-01-01T00:00:00Z', to: '2014-01-01T01:00:00Z' }).total).toBe(180);
    expect(page({ source: 'keying', from: '2014-01-01T01:00:00+01:00', to: '2014-01-01T02:00:00+01:00' }).total).toBe(180);
    const lastOne = page({ from: '2014-01-28T18:39:40.000Z', to: '2014-02-01T00:00:00Z' });
    expect(lastOne.rows.map((x) => x.at)).toEqual([new Date(Date.parse('2014-01-01T00:00:00Z') + (BULK - 1) * 20_000).toISOString()]);
    expect(page({ from: '2014-02-01T00:00:00Z', to: '2014-02-02T00:00:00Z' }).rows.map((x) => x.reason)).toEqual(['100 imported', '100% imported']);
    expect(page({ text: '100%' }).rows.map((x) => x.reason)).toEqual(['100% imported']);
    expect(page({ text: 'PAPER FORM' }).rows.map((x) => x.reason)).toEqual(['read from the paper form', 'Paper form says 2']);
    expect(page({ text: 'paper', caseId: '100002' }).total).toBe(1);
    expect(() => page({ from: 'not a date' })).toThrow(RangeError);
  });

  it('reads an index for every filter and never sorts (EXPLAIN QUERY PLAN)', () => {
    const cases: [Partial<AuditFilter>, RegExp][] = [
      [{}, /^SCAN a$/],
      [{ caseId: '100001' }, /USING INDEX audit_log_case/],
      [{ variable: 'v7' }, /USING INDEX audit_log_variable/],
      [{ operator: 'bram' }, /USING INDEX audit_log_operator/],
      [{ source: 'cleaning' }, /USING INDEX audit_log_source/],
    ];
    for (const [f, re] of cases) {
      const plan = explainAudit(db, { offset: 0, limit: 500, ...f });
      expect(plan.some((l) => re.test(l)), `${JSON.stringify(f)}: ${plan.join(' | ')}`).toBe(true);
      expect(plan.some((l) => /TEMP B-TREE/.test(l)), plan.join(' | ')).toBe(false);
      // The correction of a row is found by its index, not by a scan of the correction table.
      expect(plan.some((l) => /correction_audit/.test(l)), plan.join(' | ')).toBe(true);
    }
  });
});

describe('migration 70', () => {
  it('applies to a file at version 60 and adds only the audit indexes (no table changes)', () => {
    const mem = new BetterSqlite3(':memory:');
    migrate(mem, migrations.filter((m) => m.version <= 60));
    const names = () => (mem.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").all() as { type: string; name: string }[]).map((r) => `${r.type} ${r.name}`);
    const before = names();
    expect(migrate(mem, migrations.filter((m) => m.version <= 70))).toEqual([70]);
    expect(mem.pragma('user_version', { simple: true })).toBe(70);
    expect(names().filter((n) => !before.includes(n)).sort()).toEqual(['index audit_log_at', 'index audit_log_operator', 'index audit_log_source', 'index audit_log_variable', 'index correction_audit']);
    mem.close();
  });
});

describe('the cleaning.audit channel', () => {
  it('answers through the backend with filters and refuses a date that is not an instant', async () => {
    const backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
    try {
      p.close();
      expect(await backend.dispatch('project.open', { path })).toMatchObject({ ok: true });
      const r = await backend.dispatch('cleaning.audit', { caseId: '100001', source: 'cleaning', limit: 1 });
      expect(r).toMatchObject({ ok: true, value: { total: 2, rows: [{ reason: 'wrong form', correctionId: undoCorrectionId }] } });
      const bad = await backend.dispatch('cleaning.audit', { from: '2014-01-01' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    } finally {
      backend.close();
      p = await openProjectForWrite(path, 'test');
      db = p.db;
    }
  });
});
