// Entry on real project files: open (check digit, sample, no duplicates), one transaction per field with audit, routing clears, checks, finish.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { migrate } from '../../electron/backend/db/migrate';
import { migration as m0010 } from '../../electron/backend/db/migrations/0010-initial';
import { migration as m0020 } from '../../electron/backend/db/migrations/0020-fieldwork';
import { migration as m0040 } from '../../electron/backend/db/migrations/0040-entry';
import type { Output } from '../../shared/contract/api';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { tempDir } from '../helpers/tmp';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { DATE_FIELD, entryMonitorQuestionnaire } from './entryFixture';

const dir = tempDir();
const id = (n: number) => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
const projectPath = join(dir, 'invoer.vwk');
let b: Backend;

async function call<T = unknown>(channel: string, input: unknown): Promise<T> {
  const r = await b.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}
async function fails(channel: string, input: unknown): Promise<string> {
  const r = await b.dispatch(channel, input);
  if (r.ok) throw new Error(`${channel} should fail`);
  return r.error.code;
}
const save = (caseId: string, variable: string, value: string, extra: Record<string, unknown> = {}) =>
  call<Output<'entry.saveField'>>('entry.saveField', { operator: 'anna', caseId, variable, value, today: '2014-03-20', ...extra });
const db = () => b.session.project!.db;
const n = (sql: string, ...args: unknown[]) => (db().prepare(sql).get(...args) as { n: number }).n;

beforeAll(async () => {
  b = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
  await call('project.create', { path: projectPath, title: 'Invoer' });
  storeQuestionnaire(b.session.project!.db, await entryMonitorQuestionnaire(), 'test');
  const frame = join(dir, 'frame.csv');
  writeFileSync(frame, `case_id,groep\n${[1, 2, 3, 4, 5, 6].map((k) => `${id(k)},${1 + (k % 2)}`).join('\n')}\n`);
  await call('sample.importFrame', { file: frame, operator: 'anna' });
  await call('batch.register', { number: 'B1', receivedOn: '2014-03-15', expectedForms: 5, operator: 'anna', caseIds: [id(1), id(2), id(3)] });
});
afterAll(() => b.close());

describe('migration 0040-entry', () => {
  it('applies to a file at version 20 with cases and adds the entry tables', () => {
    const mem = new Database(':memory:');
    migrate(mem, [m0010, m0020]);
    mem.prepare(`INSERT INTO case_record (case_id, source, created_at, updated_at) VALUES ('0000011', 'keying', 'x', 'x')`).run();
    migrate(mem, [m0010, m0020, m0040]);
    expect(mem.pragma('user_version', { simple: true })).toBe(40);
    const tables = mem.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('operator', 'entry_form', 'entry_confirmation', 'verification_difference') ORDER BY name`).pluck().all();
    expect(tables).toEqual(['entry_confirmation', 'entry_form', 'operator', 'verification_difference']);
    expect(() => mem.prepare(`INSERT INTO entry_form (case_pk, pass, operator, started_at, updated_at) VALUES (1, 3, 'a', 'x', 'x')`).run()).toThrow(/CHECK/);
    mem.close();
  });
});

describe('entry.openCase', () => {
  it('verifies the check digit and refuses IDs outside the sample and unknown batches', async () => {
    const wrong = id(1).slice(0, -1) + String((Number(id(1).slice(-1)) + 1) % 10);
    expect(await fails('entry.openCase', { operator: 'anna', caseId: wrong, batch: 'B1' })).toBe('INVALID_INPUT');
    expect(await fails('entry.openCase', { operator: 'anna', caseId: id(99), batch: 'B1' })).toBe('NOT_FOUND');
    expect(await fails('entry.openCase', { operator: 'anna', caseId: id(1), batch: 'B9' })).toBe('NOT_FOUND');
    expect(n('SELECT count(*) AS n FROM case_record')).toBe(0);
  });

  it('creates the case once; the same ID resumes, and after finishing opens in modify mode — never a second case', async () => {
    const first = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'anna', caseId: id(1), batch: 'B1', receivedOn: '2014-03-15' });
    expect(first).toMatchObject({ caseId: id(1), mode: 'new', status: 'open', batch: 'B1', receivedOn: '2014-03-15', inSample: true, answers: {} });
    expect(first.questionnaire.version).toBe('2014.1-entry');
    await save(id(1), 'toestemming', '1');
    const again = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'anna', caseId: ` ${id(1).slice(0, 3)}-${id(1).slice(3)} `, batch: 'B1' });
    expect(again).toMatchObject({ mode: 'resume', answers: { toestemming: '1' }, lastField: 'toestemming' });
    await call('entry.finishCase', { operator: 'anna', caseId: id(1), today: '2014-03-20' });
    const modify = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'bram', caseId: id(1), batch: 'B1' });
    expect(modify).toMatchObject({ mode: 'modify', status: 'complete' });
    expect(n('SELECT count(*) AS n FROM case_record WHERE case_id = ?', id(1))).toBe(1);
    expect(n(`SELECT count(*) AS n FROM operator`)).toBe(2);
  });

  it('notes a form registered with another batch', async () => {
    await call('batch.register', { number: 'B2', receivedOn: '2014-03-16', expectedForms: 1, operator: 'anna' });
    const o = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'anna', caseId: id(3), batch: 'B2' });
    expect(o.notices.join(' ')).toContain('B1');
  });
});

describe('entry.saveField', () => {
  const c = id(2);
  beforeAll(async () => {
    await call('entry.openCase', { operator: 'anna', caseId: c, batch: 'B1' });
  });

  it('commits each field with one audit row (source keying, operator) in its own transaction', async () => {
    const before = n('SELECT count(*) AS n FROM audit_log');
    expect(await save(c, 'toestemming', '1')).toMatchObject({ accepted: true, violations: [], cleared: [] });
    expect(await save(c, 'groep', '1')).toMatchObject({ accepted: true });
    expect(n('SELECT count(*) AS n FROM audit_log') - before).toBe(2);
    const row = db().prepare(`SELECT a.operator, a.source, a.old_value AS old, a.new_value AS new FROM audit_log a WHERE a.variable = 'groep' ORDER BY a.id DESC LIMIT 1`).get();
    expect(row).toEqual({ operator: 'anna', source: 'keying', old: null, new: '1' });
    const resp = db().prepare(`SELECT r.value, r.operator, r.pass FROM response r JOIN case_record k ON k.id = r.case_pk WHERE k.case_id = ? AND r.variable = 'groep'`).get(c);
    expect(resp).toEqual({ value: '1', operator: 'anna', pass: 1 });
  });

  it('re-checks: refuses a hard-check violation and a wrong code, storing nothing', async () => {
    const before = n('SELECT count(*) AS n FROM audit_log');
    const r = await save(c, 'jaren_functie', '60');
    expect(r.accepted).toBe(false);
    expect(r.violations[0]).toMatchObject({ variable: 'jaren_functie', severity: 'hard' });
    expect((await save(c, 'functie', '19')).violations[0]).toMatchObject({ kind: 'code' });
    expect((await save(c, 'jaren_functie', 'abc')).violations[0]).toMatchObject({ kind: 'type' });
    expect(n('SELECT count(*) AS n FROM audit_log') - before).toBe(0);
    expect(n(`SELECT count(*) AS n FROM response WHERE variable IN ('jaren_functie', 'functie')`)).toBe(0);
  });

  it('refuses a field that routing skips', async () => {
    const r = await save(c, 'laag_mw', '1');
    expect(r).toMatchObject({ accepted: false, violations: [{ kind: 'offRoute' }] });
  });

  it('stores a soft-check violation, warns, and logs the one-key confirmation for that value', async () => {
    const r = await save(c, 'jaren_functie', '45');
    expect(r.accepted).toBe(true);
    expect(r.violations).toMatchObject([{ kind: 'soft', severity: 'soft', variable: 'jaren_functie' }]);
    expect(await call('entry.confirmWarning', { operator: 'anna', caseId: c, variable: 'jaren_functie' })).toEqual({ confirmed: true, value: '45' });
    expect(n(`SELECT count(*) AS n FROM audit_log WHERE variable = 'jaren_functie' AND reason = 'soft check confirmed'`)).toBe(1);
    expect((await save(c, 'jaren_functie', '45')).violations).toEqual([]);
    expect((await save(c, 'jaren_functie', '46')).violations).toHaveLength(1);
    expect(await call('entry.confirmWarning', { operator: 'anna', caseId: c, variable: 'toestemming' })).toEqual({ confirmed: false, value: '1' });
    await save(c, 'jaren_functie', '12');
  });

  it('an earlier answer that changes routing clears the fields now off route, audited', async () => {
    await save(c, 'functie', '12');
    const r = await save(c, 'groep', '2');
    expect(r.cleared).toEqual([{ variable: 'functie', oldValue: '12' }]);
    const a = db().prepare(`SELECT old_value AS old, new_value AS new, reason FROM audit_log WHERE variable = 'functie' ORDER BY id DESC LIMIT 1`).get();
    expect(a).toEqual({ old: '12', new: null, reason: 'off route after groep changed' });
    expect(n(`SELECT count(*) AS n FROM response WHERE variable = 'functie' AND value IS NOT NULL`)).toBe(0);
  });

  it('stores missing keys with their reason, multiple choice and dates as given', async () => {
    await save(c, 'laag_mw', '9', { via: 'noAnswer' });
    expect(db().prepare(`SELECT reason FROM audit_log WHERE variable = 'laag_mw' ORDER BY id DESC LIMIT 1`).pluck().get()).toBe('no-answer key');
    await save(c, 'ag_verbaal', '2');
    expect((await save(c, 'inc_vorm', '1 3')).accepted).toBe(true);
    expect((await save(c, 'inc_vorm', '1 8')).violations[0]).toMatchObject({ kind: 'hard' });
    expect((await save(c, DATE_FIELD, '2014-01-23')).accepted).toBe(true);
    expect((await save(c, DATE_FIELD, '2099-01-23')).accepted).toBe(false);
    expect((await save(c, DATE_FIELD, '23-01-2014')).violations[0]).toMatchObject({ kind: 'type' });
  });

  it('refuses notes, calculations and unknown variables, and a case that was never opened', async () => {
    expect(await fails('entry.saveField', { operator: 'anna', caseId: c, variable: 'laag', value: '1' })).toBe('INVALID_INPUT');
    expect(await fails('entry.saveField', { operator: 'anna', caseId: c, variable: 'bestaat_niet', value: '1' })).toBe('NOT_FOUND');
    expect(await fails('entry.saveField', { operator: 'anna', caseId: id(5), variable: 'groep', value: '1' })).toBe('NOT_FOUND');
  });
});

describe('entry.finishCase', () => {
  it('summarises required fields left empty and open warnings, sets the case complete (keying finished) and grades its disposition', async () => {
    const c = id(4);
    await call('entry.openCase', { operator: 'anna', caseId: c, batch: null });
    await save(c, 'toestemming', '1');
    await save(c, 'groep', '1');
    await save(c, 'jaren_functie', '41');
    const r = await call<Output<'entry.finishCase'>>('entry.finishCase', { operator: 'anna', caseId: c, effort: { keystrokes: 30, activeMs: 9000 }, today: '2014-03-20' });
    expect(r.status).toBe('complete');
    expect(r.summary.requiredEmpty.slice(0, 2)).toEqual(['functie', 'ag_verbaal']);
    expect(r.summary.openWarnings.map((w) => w.variable)).toEqual(['jaren_functie']);
    expect(r.summary.answered).toBe(3);
    // 3 answers on a long form: far below 50 % of the required questions on route → AAPOR break-off 2.12, not 1.1
    expect(r.summary.requiredOnRoute).toBe(30);
    expect(r.summary.requiredOnRoute - r.summary.requiredEmpty.length).toBe(3);
    expect(r.summary.disposition).toBe('2.12');
    expect(db().prepare('SELECT disposition FROM sample_case WHERE case_id = ?').pluck().get(c)).toBe('2.12');
    expect(db().prepare(`SELECT old_code || '>' || new_code FROM disposition_history h JOIN sample_case s ON s.id = h.sample_case_id WHERE s.case_id = ? ORDER BY h.id`).pluck().all(c)).toEqual(['3.19>1.1', '1.1>2.12']);
    expect(db().prepare(`SELECT keystrokes FROM entry_form f JOIN case_record k ON k.id = f.case_pk WHERE k.case_id = ?`).pluck().get(c)).toBe(30);
  });

  it('the graded disposition feeds the response rates; an exclusion changes the unit\'s count and reversing it restores the grade', async () => {
    type Rep = { overall: { counts: Record<'I' | 'P' | 'R' | 'UH', number> } };
    const c = id(4);
    const counts = async () => (await call<Rep>('fieldwork.report', { e: 'estimate' })).overall.counts;
    const before = await counts();
    expect(before.R).toBe(n(`SELECT count(*) AS n FROM sample_case WHERE disposition = '2.12'`)); // graded break-offs (the form above among them)
    expect(before.R).toBeGreaterThanOrEqual(1);
    await call('cleaning.exclude', { caseId: c, reasonCode: 'duplicate', reason: 'dubbel formulier', operator: 'anna' });
    const excluded = await counts();
    expect([excluded.R, excluded.UH]).toEqual([before.R - 1, before.UH + 1]); // a duplicate without another form: nothing returned (3.19)
    await call('cleaning.include', { caseId: c, reason: 'toch geen dubbel', operator: 'anna' });
    expect(db().prepare('SELECT disposition FROM sample_case WHERE case_id = ?').pluck().get(c)).toBe('2.12');
    expect(await counts()).toEqual(before);
  });

  it('keeps every committed field across closing and reopening the project', async () => {
    await call('project.close', {});
    await call('project.open', { path: projectPath });
    const o = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'anna', caseId: id(2), batch: 'B1' });
    expect(o.answers).toMatchObject({ toestemming: '1', groep: '2', jaren_functie: '12', laag_mw: '9', inc_vorm: '1 3', [DATE_FIELD]: '2014-01-23' });
    expect(o.answers.functie).toBeUndefined();
    expect(db().pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
