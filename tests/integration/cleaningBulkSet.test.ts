// Bulk accept and withdrawal confirm a set, not a count (tester's defect 2): the confirmation holds the count and the
// digest of the exact case × rule × fingerprint set (cleaning.bulkPreview); a warning that appeared while another
// disappeared (same count) is refused with the new count and digest, nothing changed; the same set is accepted. And
// the Status filter (defect 6): accept under status accepted, or withdraw under status open, acts on nothing.
// On a real Monitor project (real SQLite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { acceptFiltered, acceptViolation, bulkPreview, runCleaning, withdrawAcceptance, withdrawFiltered } from '../../electron/backend/services/cleaning';
import { queryViolations } from '../../electron/backend/db/repos/cleaningRepo';
import { DomainError } from '../../shared/domain/errors';
import { syntheticCases } from '../../shared/cleaning/synthetic';
import { tempDir } from '../helpers/tmp';

const MONITOR_DIR = resolve(__dirname, '../../../shared/monitor');
const dir = tempDir();
let p: ProjectDb;
let db: Database;
const TODAY = '2014-06-01';
const STRAIGHT = 'straightlining:g_vormen';
const NEVER = { ag_verbaal: '2', ag_bedreig: '2', ag_fysiek: '2', ag_discrim: '2', ag_seks: '2', ag_schade: '2', ag_online: '2', ag_thuis: '2' };
const FILTER = { ruleId: STRAIGHT, batch: 'B1' };

function insertCase(caseId: string, batch: string, values: Record<string, string>): void {
  const now = new Date().toISOString();
  const b = (db.prepare('SELECT id FROM batch WHERE number = ?').get(batch) as { id: number }).id;
  const pk = Number(db.prepare("INSERT INTO case_record (case_id, batch_id, source, status, created_at, updated_at) VALUES (?, ?, 'keying', 'complete', ?, ?)").run(caseId, b, now, now).lastInsertRowid);
  const ins = db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 'test', ?)");
  for (const [k, v] of Object.entries(values)) ins.run(pk, k, v, now);
}
const ids = (status: 'open' | 'accepted') => queryViolations(db, { ...FILTER, status, offset: 0, limit: 100_000 }).rows.map((v) => v.caseId).sort();
const audits = () => db.prepare("SELECT count(*) FROM audit_log WHERE source = 'cleaning'").pluck().get() as number;
function refusal(f: () => unknown): { message: string; params: Record<string, string | number> } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const issue = (e as DomainError).issues?.[0] as { reason: string; params: Record<string, string | number> };
    expect(issue.reason).toBe('cleaning.bulk.changed');
    return { message: (e as Error).message, params: issue.params };
  }
  throw new Error('not refused');
}

beforeAll(async () => {
  createProjectFile(join(dir, 'set.vwk'), 'Set');
  p = await openProjectForWrite(join(dir, 'set.vwk'), 'test');
  db = p.db;
  storeQuestionnaire(db, (await checkXlsform(MONITOR_DIR)).questionnaire, 'test');
  db.prepare("INSERT INTO batch (number, created_at) VALUES ('B1', 'now'), ('B2', 'now')").run();
  const cases = syntheticCases((await checkXlsform(MONITOR_DIR)).questionnaire, 20, { seed: 7 });
  cases.forEach((c, i) => insertCase(c.caseId, i % 2 === 0 ? 'B1' : 'B2', c.values as Record<string, string>));
  const base = cases.find(({ values: v }) => v.toestemming === '1' && v.groep !== undefined && v.inc_vorm !== undefined && v.jaren_functie !== undefined)!.values as Record<string, string>;
  // Five straightliners in batch B1 (960000–960004), two in B2.
  for (let i = 0; i < 7; i++) insertCase(`96000${i}`, i < 5 ? 'B1' : 'B2', { ...base, ...NEVER });
  runCleaning(db, { operator: 'test', today: TODAY });
}, 120_000);
afterAll(() => p.close());

describe('bulk actions confirm the exact set', () => {
  it('accept: a warning swapped for another (same count) is refused with the new count and digest; the same set is accepted', () => {
    // 960000 accepted on its own before the confirmation: not in the set the operator confirms.
    acceptViolation(db, { caseId: '960000', ruleId: STRAIGHT, reason: 'los', operator: 'mia' });
    const before = ids('open');
    expect(before).toContain('960001');
    expect(before).not.toContain('960000');
    const seen = bulkPreview(db, { filter: FILTER, kind: 'accept' });
    expect(seen.count).toBe(before.length);
    expect(seen.digest).toMatch(/^[0-9a-f]{64}$/);
    // A re-run changes nothing: the same set, the same digest.
    runCleaning(db, { operator: 'test', today: TODAY });
    expect(bulkPreview(db, { filter: FILTER, kind: 'accept' })).toEqual(seen);

    // Meanwhile a colleague accepts 960001 (gone from the open list) and withdraws 960000 (back in it): same count.
    acceptViolation(db, { caseId: '960001', ruleId: STRAIGHT, reason: 'collega', operator: 'bert' });
    withdrawAcceptance(db, { caseId: '960000', ruleId: STRAIGHT, reason: 'collega: toch niet', operator: 'bert' });
    expect(ids('open')).toHaveLength(before.length);
    const audit = audits();
    const r = refusal(() => acceptFiltered(db, { filter: FILTER, reason: 'plausibel', operator: 'mia', expected: seen.count, digest: seen.digest }));
    expect(r.message).toBe(`The list changed: ${seen.count} open warnings match the filter now, as confirmed, but not the same ones; nothing was changed. Check the list and try again.`);
    const now = bulkPreview(db, { filter: FILTER, kind: 'accept' });
    expect(now.count).toBe(seen.count);
    expect(now.digest).not.toBe(seen.digest);
    expect(r.params).toEqual({ expected: seen.count, actual: seen.count, digest: now.digest });
    // Nothing changed: 960000 still open, no audit entry.
    expect(ids('open')).toContain('960000');
    expect(audits()).toBe(audit);

    // Confirmed again with the offered set: accepted, 960000 among them.
    const done = acceptFiltered(db, { filter: FILTER, reason: 'plausibel', operator: 'mia', expected: Number(r.params.actual), digest: String(r.params.digest) });
    expect(done.accepted).toBe(seen.count);
    expect(ids('open')).toEqual([]);
    expect(ids('accepted')).toEqual(['960000', '960001', '960002', '960003', '960004']);
    expect(audits()).toBe(audit + seen.count);
  });

  it('withdraw: the same under the filter — another set refused, the confirmed one withdrawn', () => {
    const seen = bulkPreview(db, { filter: FILTER, kind: 'withdraw' });
    expect(seen.count).toBe(5);
    withdrawAcceptance(db, { caseId: '960002', ruleId: STRAIGHT, reason: 'collega', operator: 'bert' });
    const r = refusal(() => withdrawFiltered(db, { filter: FILTER, reason: 'opnieuw', operator: 'mia', expected: 5, digest: seen.digest }));
    expect(r.params.actual).toBe(4);
    expect(r.message).toMatch(/^The list changed: 4 acceptances match the filter now, not 5;/);
    // Back to five but 960002 accepted anew: same count, same case × rule × fingerprint set, so the same digest.
    acceptViolation(db, { caseId: '960002', ruleId: STRAIGHT, reason: 'collega: toch wel', operator: 'bert' });
    expect(bulkPreview(db, { filter: FILTER, kind: 'withdraw' })).toEqual(seen);
    expect(withdrawFiltered(db, { filter: FILTER, reason: 'opnieuw', operator: 'mia', expected: 5, digest: seen.digest }).withdrawn).toBe(5);
    expect(ids('accepted')).toEqual([]);
  });
});

describe('bulk actions and the Status filter', () => {
  it('accept under status accepted and withdraw under status open act on nothing; the matching status acts as without one', () => {
    acceptViolation(db, { caseId: '960004', ruleId: STRAIGHT, reason: 'los', operator: 'mia' });
    expect(ids('open')).toEqual(['960000', '960001', '960002', '960003']);
    expect(bulkPreview(db, { filter: { ...FILTER, status: 'accepted' }, kind: 'accept' }).count).toBe(0);
    expect(bulkPreview(db, { filter: { ...FILTER, status: 'open' }, kind: 'withdraw' }).count).toBe(0);
    expect(bulkPreview(db, { filter: { ...FILTER, status: 'open' }, kind: 'accept' })).toEqual(bulkPreview(db, { filter: FILTER, kind: 'accept' }));
    expect(bulkPreview(db, { filter: { ...FILTER, status: 'accepted' }, kind: 'withdraw' }).count).toBe(1);
    // The 4 open warnings are not accepted under status accepted: a confirmation of them is refused.
    expect(() => acceptFiltered(db, { filter: { ...FILTER, status: 'accepted' }, reason: 'x', operator: 'mia', expected: 4 })).toThrow(/The list changed: 0 open warnings/);
    expect(acceptFiltered(db, { filter: { ...FILTER, status: 'accepted' }, reason: 'x', operator: 'mia', expected: 0 }).accepted).toBe(0);
    expect(withdrawFiltered(db, { filter: { ...FILTER, status: 'open' }, reason: 'x', operator: 'mia', expected: 0 }).withdrawn).toBe(0);
    expect(ids('open')).toEqual(['960000', '960001', '960002', '960003']);
    expect(ids('accepted')).toEqual(['960004']);
  });
});
