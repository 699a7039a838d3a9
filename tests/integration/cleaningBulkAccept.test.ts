// Bulk acceptance and withdrawal of warnings on a real Monitor project (real SQLite): the list's filter is respected,
// errors are never accepted, one audit entry per case × rule names the rule, re-runs keep the acceptances, the audit
// log replayed gives the acceptance table, and the audit view, `audit export` and the Cleaning log sheet show the rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { acceptFiltered, acceptViolation, correctValue, runCleaning, undoCorrection, withdrawAcceptance, withdrawFiltered } from '../../electron/backend/services/cleaning';
import { exportAuditLog } from '../../electron/backend/services/cleaningFiles';
import { readCleaningLog } from '../../electron/backend/export/auditSummary';
import { queryViolations } from '../../electron/backend/db/repos/cleaningRepo';
import { queryAudit } from '../../electron/backend/db/repos/auditRepo';
import { syntheticCases } from '../../shared/cleaning/synthetic';
import { tempDir } from '../helpers/tmp';

const MONITOR_DIR = resolve(__dirname, '../../../shared/monitor');
const dir = tempDir();
const path = join(dir, 'bulk.vwk');
let p: ProjectDb;
let db: Database;
const TODAY = '2014-06-01';
const STRAIGHT = 'straightlining:g_vormen';
/** "Never" (2) on all eight victimisation items: the straightlining warning. */
const NEVER = { ag_verbaal: '2', ag_bedreig: '2', ag_fysiek: '2', ag_discrim: '2', ag_seks: '2', ag_schade: '2', ag_online: '2', ag_thuis: '2' };

function insertCase(caseId: string, batch: string, values: Record<string, string>): void {
  const now = new Date().toISOString();
  const b = (db.prepare('SELECT id FROM batch WHERE number = ?').get(batch) as { id: number }).id;
  const pk = Number(db.prepare("INSERT INTO case_record (case_id, batch_id, source, status, created_at, updated_at) VALUES (?, ?, 'keying', 'complete', ?, ?)").run(caseId, b, now, now).lastInsertRowid);
  const ins = db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 'test', ?)");
  for (const [k, v] of Object.entries(values)) ins.run(pk, k, v, now);
}

const open = (f: { ruleId?: string; batch?: string; severity?: 'error' | 'warning' } = {}) => queryViolations(db, { ...f, status: 'open', offset: 0, limit: 100_000 }).rows;
const accepted = (f: { ruleId?: string; batch?: string } = {}) => queryViolations(db, { ...f, status: 'accepted', offset: 0, limit: 100_000 }).rows;
const auditOf = (action: string) => db.prepare("SELECT case_pk, operator, reason, details FROM audit_log WHERE source = 'cleaning' AND json_extract(details, '$.action') = ? ORDER BY id").all(action) as { case_pk: number; operator: string; reason: string; details: string }[];

beforeAll(async () => {
  createProjectFile(path, 'Bulk');
  p = await openProjectForWrite(path, 'test');
  db = p.db;
  const q = (await checkXlsform(MONITOR_DIR)).questionnaire;
  storeQuestionnaire(db, q, 'test');
  db.prepare("INSERT INTO batch (number, created_at) VALUES ('B1', 'now'), ('B2', 'now')").run();
  const cases = syntheticCases(q, 40, { seed: 5 });
  cases.forEach((c, i) => insertCase(c.caseId, i % 2 === 0 ? 'B1' : 'B2', c.values as Record<string, string>));
  const base = cases.find(({ values: v }) => v.toestemming === '1' && v.groep !== undefined && v.inc_vorm !== undefined && v.jaren_functie !== undefined)!.values as Record<string, string>;
  // 6 straightliners in B1, 4 in B2; two of B1 also have a hard error (jaren_functie 60).
  for (let i = 0; i < 10; i++) insertCase(`95000${i}`, i < 6 ? 'B1' : 'B2', { ...base, ...NEVER, ...(i < 2 ? { jaren_functie: '60' } : {}) });
  runCleaning(db, { operator: 'test', today: TODAY });
}, 120_000);
afterAll(() => p.close());

describe('bulk acceptance of warnings', () => {
  it('accepts exactly the open warnings under the filter (rule + batch), one audit entry each naming the rule; errors untouched', () => {
    const straightB1 = open({ ruleId: STRAIGHT, batch: 'B1' });
    expect(straightB1.length).toBeGreaterThanOrEqual(6);
    const errorsBefore = open({ severity: 'error' }).length;
    const straightB2Before = open({ ruleId: STRAIGHT, batch: 'B2' }).length;
    const otherWarningsBefore = open({ severity: 'warning' }).filter((v) => v.ruleId !== STRAIGHT).length;
    // A stale confirmation (the operator saw another count) changes nothing.
    expect(() => acceptFiltered(db, { filter: { ruleId: STRAIGHT, batch: 'B1' }, reason: 'nooit slachtoffer', operator: 'mia', expected: straightB1.length + 1 })).toThrow(/The list changed/);
    expect(auditOf('accept')).toHaveLength(0);

    const r = acceptFiltered(db, { filter: { ruleId: STRAIGHT, batch: 'B1' }, reason: 'nooit slachtoffer: plausibel', operator: 'mia', expected: straightB1.length });
    expect(r).toEqual({ accepted: straightB1.length, acceptedTotal: straightB1.length });
    expect(open({ ruleId: STRAIGHT, batch: 'B1' })).toHaveLength(0);
    expect(accepted({ ruleId: STRAIGHT, batch: 'B1' }).map((v) => v.caseId).sort()).toEqual(straightB1.map((v) => v.caseId).sort());
    expect(accepted({ ruleId: STRAIGHT, batch: 'B1' }).every((v) => v.acceptedReason === 'nooit slachtoffer: plausibel')).toBe(true);
    // Outside the filter nothing changed: batch B2, other warnings, errors (the hard jaren_functie errors of 950000/1 too).
    expect(open({ ruleId: STRAIGHT, batch: 'B2' })).toHaveLength(straightB2Before);
    expect(open({ severity: 'warning' }).filter((v) => v.ruleId !== STRAIGHT)).toHaveLength(otherWarningsBefore);
    expect(open({ severity: 'error' })).toHaveLength(errorsBefore);
    expect(queryViolations(db, { caseId: '950000', ruleId: 'hard:jaren_functie', offset: 0, limit: 10 }).rows[0]?.status).toBe('open');

    const entries = auditOf('accept');
    expect(entries).toHaveLength(straightB1.length);
    const pkOf = db.prepare('SELECT id FROM case_record WHERE case_id = ?').pluck();
    expect(entries.map((e) => e.case_pk).sort((a, b) => a - b)).toEqual(straightB1.map((v) => pkOf.get(v.caseId) as number).sort((a, b) => a - b));
    for (const e of entries) {
      expect(e).toMatchObject({ operator: 'mia', reason: 'nooit slachtoffer: plausibel' });
      expect(JSON.parse(e.details)).toMatchObject({ action: 'accept', ruleId: STRAIGHT, variables: ['ag_verbaal', 'ag_bedreig', 'ag_fysiek', 'ag_discrim', 'ag_seks', 'ag_schade', 'ag_online', 'ag_thuis'], bulk: true });
    }
  });

  it('a filter on errors, or on a rule that only gives errors, accepts nothing', () => {
    expect(acceptFiltered(db, { filter: { severity: 'error' }, reason: 'x', operator: 'mia', expected: 0 }).accepted).toBe(0);
    expect(acceptFiltered(db, { filter: { ruleId: 'hard:jaren_functie' }, reason: 'x', operator: 'mia', expected: 0 }).accepted).toBe(0);
    expect(() => acceptFiltered(db, { filter: { ruleId: 'hard:jaren_functie' }, reason: 'x', operator: 'mia', expected: 2 })).toThrow(/The list changed: 0 open warnings/);
    expect(accepted({ ruleId: 'hard:jaren_functie' })).toHaveLength(0);
  });

  it('a re-run keeps the acceptances', () => {
    const before = accepted().map((v) => `${v.caseId}|${v.ruleId}`).sort();
    const run = runCleaning(db, { operator: 'test', today: TODAY });
    expect(accepted().map((v) => `${v.caseId}|${v.ruleId}`).sort()).toEqual(before);
    expect(run.totals.accepted).toBe(before.length);
  });

  it('withdraws one acceptance: the warning is open again, audited with the rule; a second withdrawal is refused', () => {
    const total = accepted().length;
    const r = withdrawAcceptance(db, { caseId: '950002', ruleId: STRAIGHT, reason: 'toch navragen', operator: 'bert' });
    expect(r).toEqual({ caseId: '950002', ruleId: STRAIGHT, withdrawn: true, acceptedTotal: total - 1 });
    expect(queryViolations(db, { caseId: '950002', ruleId: STRAIGHT, offset: 0, limit: 10 }).rows[0]?.status).toBe('open');
    const w = auditOf('withdraw');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ operator: 'bert', reason: 'toch navragen' });
    expect(JSON.parse(w[0]!.details)).toMatchObject({ action: 'withdraw', ruleId: STRAIGHT, acceptedReason: 'nooit slachtoffer: plausibel' });
    expect(() => withdrawAcceptance(db, { caseId: '950002', ruleId: STRAIGHT, reason: 'nog eens', operator: 'bert' })).toThrow(/no accepted warning/);
    // A re-run does not bring a withdrawn acceptance back.
    runCleaning(db, { operator: 'test', today: TODAY });
    expect(queryViolations(db, { caseId: '950002', ruleId: STRAIGHT, offset: 0, limit: 10 }).rows[0]?.status).toBe('open');
  });

  it('withdraws every acceptance under a filter in one go (one entry each); the other batch keeps its acceptances', () => {
    const b2 = open({ ruleId: STRAIGHT, batch: 'B2' });
    acceptFiltered(db, { filter: { ruleId: STRAIGHT, batch: 'B2' }, reason: 'B2 ook plausibel', operator: 'mia', expected: b2.length });
    const b1 = accepted({ ruleId: STRAIGHT, batch: 'B1' });
    const before = auditOf('withdraw').length;
    const r = withdrawFiltered(db, { filter: { ruleId: STRAIGHT, batch: 'B1' }, reason: 'batch B1 opnieuw bekijken', operator: 'bert', expected: b1.length });
    expect(r).toEqual({ withdrawn: b1.length, acceptedTotal: b2.length });
    expect(accepted({ batch: 'B1' })).toHaveLength(0);
    expect(accepted({ ruleId: STRAIGHT, batch: 'B2' })).toHaveLength(b2.length);
    expect(auditOf('withdraw').length - before).toBe(b1.length);
    expect(() => withdrawFiltered(db, { filter: { batch: 'B1' }, reason: 'x', operator: 'bert', expected: 3 })).toThrow(/The list changed: 0 acceptances/);
  });

  it('replaying the accept and withdraw entries of the audit log gives the acceptance table; corrections still replay', () => {
    acceptViolation(db, { caseId: '950003', ruleId: STRAIGHT, reason: 'los geaccepteerd', operator: 'anna' });
    const now = db.prepare("SELECT value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = '950004' AND r.variable = 'jaren_functie'").pluck().get() as string;
    const c = correctValue(db, { caseId: '950004', variable: 'jaren_functie', value: now === '7' ? '8' : '7', reason: 'typo', operator: 'anna' });
    undoCorrection(db, { correctionId: c.correctionId, reason: 'toch niet', operator: 'anna' });
    const replayed = new Map<string, string>();
    for (const a of db.prepare("SELECT case_pk, reason, details FROM audit_log WHERE source = 'cleaning' AND case_pk IS NOT NULL ORDER BY id").all() as { case_pk: number; reason: string; details: string }[]) {
      const d = JSON.parse(a.details) as { action: string; ruleId?: string };
      if (d.action === 'accept') replayed.set(`${a.case_pk}|${d.ruleId}`, a.reason);
      if (d.action === 'withdraw') replayed.delete(`${a.case_pk}|${d.ruleId}`);
    }
    const table = db.prepare('SELECT case_pk, rule_id, reason FROM cleaning_acceptance').all() as { case_pk: number; rule_id: string; reason: string }[];
    expect(new Map(table.map((t) => [`${t.case_pk}|${t.rule_id}`, t.reason]))).toEqual(replayed);
    expect(replayed.size).toBeGreaterThan(4);
  });

  it('the audit view, `audit export` and the Cleaning log sheet name the rule and its variables; an undo names the entry it undid', async () => {
    const page = queryAudit(db, { offset: 0, limit: 500 });
    const acc = page.rows.find((r) => r.action === 'accept' && r.caseId === '950003')!;
    expect(acc).toMatchObject({ ruleId: STRAIGHT, ruleVariables: ['ag_verbaal', 'ag_bedreig', 'ag_fysiek', 'ag_discrim', 'ag_seks', 'ag_schade', 'ag_online', 'ag_thuis'], reason: 'los geaccepteerd' });
    const wd = page.rows.find((r) => r.action === 'withdraw' && r.caseId === '950002')!;
    expect(wd.ruleId).toBe(STRAIGHT);
    const corr = page.rows.find((r) => r.action === 'correct' && r.caseId === '950004')!;
    const undo = page.rows.find((r) => r.action === 'undo' && r.caseId === '950004')!;
    expect(undo.undoesEntry).toBe(corr.id);
    expect(corr).toMatchObject({ ruleId: null, ruleVariables: [], undoesEntry: null });

    const out = join(dir, 'audit.csv');
    await exportAuditLog(db, out);
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(lines[0]).toBe('id,at,operator,source,action,rule,case_id,variable,old_value,new_value,reason,undoes');
    const line = lines.find((l) => l.startsWith(`${acc.id},`))!;
    expect(line).toContain(`,cleaning,accept,${STRAIGHT},950003,"ag_verbaal, ag_bedreig, ag_fysiek, ag_discrim, ag_seks, ag_schade, ag_online, ag_thuis",,,los geaccepteerd`);

    const log = readCleaningLog(db).cleaning;
    expect(log.filter((e) => e.caseId === '950003' && e.action === 'accept').at(-1)).toMatchObject({ rule: STRAIGHT, variable: 'ag_verbaal, ag_bedreig, ag_fysiek, ag_discrim, ag_seks, ag_schade, ag_online, ag_thuis', reason: 'los geaccepteerd' });
    expect(log.filter((e) => e.action === 'withdraw').every((e) => e.rule === STRAIGHT)).toBe(true);
    expect(log.find((e) => e.action === 'correct' && e.caseId === '950004')).toMatchObject({ rule: null, variable: 'jaren_functie', reason: 'typo' });
  });
});
