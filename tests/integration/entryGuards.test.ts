// Values written outside keying pass the keying checks (adjudication, cleaning corrections); excluded cases are read-only in entry, verification and cleaning.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import type { Output } from '../../shared/contract/api';
import type { ResultError } from '../../shared/contract/result';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { tempDir } from '../helpers/tmp';
import { entryMonitorQuestionnaire } from './entryFixture';

const dir = tempDir();
const id = (n: number) => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
let b: Backend;

async function call<T = unknown>(channel: string, input: unknown): Promise<T> {
  const r = await b.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}
async function failure(channel: string, input: unknown): Promise<ResultError> {
  const r = await b.dispatch(channel, input);
  if (r.ok) throw new Error(`${channel} should fail`);
  return r.error;
}
const db = () => b.session.project!.db;
const count = (sql: string, ...args: unknown[]) => db().prepare(sql).pluck().get(...args) as number;
const pk = (caseId: string) => count('SELECT id FROM case_record WHERE case_id = ?', caseId);

async function key(operator: string, caseId: string, pass: 1 | 2, answers: Record<string, string>): Promise<void> {
  await call('entry.openCase', { operator, caseId, pass });
  for (const [variable, value] of Object.entries(answers)) {
    const r = await call<Output<'entry.saveField'>>('entry.saveField', { operator, caseId, pass, variable, value, today: '2014-03-20' });
    expect(r.accepted, `${variable}=${value}`).toBe(true);
  }
  await call('entry.finishCase', { operator, caseId, pass, today: '2014-03-20' });
}

const FORM = { toestemming: '1', groep: '1', functie: '12', gemgr: '3', jaren_functie: '5', ag_verbaal: '1', veiligheid: '2' };

beforeAll(async () => {
  b = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
  await call('project.create', { path: join(dir, 'guards.vwk'), title: 'Guards' });
  storeQuestionnaire(db(), await entryMonitorQuestionnaire(), 'test');
  await call('verification.setSettings', { settings: { mode: 'all', firstForms: 20, rate: 0.1, threshold: 5 }, operator: 'lead' });
  for (let n = 1; n <= 6; n++) await key('anna', id(n), 1, FORM);
  await key('bram', id(1), 2, { ...FORM, veiligheid: '3' });
  await key('bram', id(2), 2, { ...FORM, jaren_functie: '6' });
  await key('bram', id(4), 2, { ...FORM, veiligheid: '4' });
});
afterAll(() => b.close());

describe('adjudication with a new value', () => {
  it('refuses a code outside the list, naming the variable and the valid codes; nothing is stored and the form stays unverified', async () => {
    const e = await failure('verification.resolve', { operator: 'carla', caseId: id(1), variable: 'veiligheid', choice: 'new', value: '77', reason: 'x' });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('veiligheid: 77 is not a valid value (77 is not a code of veiligheid); valid codes: 1 2 3 4, user-missing 8 9.');
    expect(e.issues ?? []).toEqual([]);
    expect(count('SELECT count(*) FROM response WHERE case_pk = ? AND pass = 3', pk(id(1)))).toBe(0);
    expect(count("SELECT count(*) FROM audit_log WHERE source = 'adjudication'")).toBe(0);
    const open = await call<Output<'verification.differences'>>('verification.differences', { caseId: id(1), open: true });
    expect(open.map((d) => [d.variable, d.resolution])).toEqual([['veiligheid', null]]);
    expect(count('SELECT status FROM case_record WHERE id = ?', pk(id(1)))).toBe('complete');
  });

  it('accepts a user-missing code from the paper', async () => {
    const r = await call<Output<'verification.resolve'>>('verification.resolve', { operator: 'carla', caseId: id(1), variable: 'veiligheid', choice: 'new', value: '9', reason: 'onleesbaar' });
    expect(r.difference).toMatchObject({ resolution: 'new', value: '9', attributed: 'both' });
    expect(r.caseStatus).toBe('verified');
  });

  it('refuses a non-number and an out-of-range number (0–50) for an integer; empty (system-missing) is allowed', async () => {
    const word = await failure('verification.resolve', { operator: 'carla', caseId: id(2), variable: 'jaren_functie', choice: 'new', value: 'vijf', reason: 'x' });
    expect([word.code, word.message]).toEqual(['INVALID_INPUT', 'jaren_functie: vijf is not a valid value (vijf is not a number).']);
    const high = await failure('verification.resolve', { operator: 'carla', caseId: id(2), variable: 'jaren_functie', choice: 'new', value: '60', reason: 'x' });
    expect(high.code).toBe('INVALID_INPUT');
    expect(high.message).toMatch(/^jaren_functie: 60 is not a valid value \(/);
    const empty = await call<Output<'verification.resolve'>>('verification.resolve', { operator: 'carla', caseId: id(2), variable: 'jaren_functie', choice: 'new', value: '', reason: 'leeg op papier' });
    expect(empty.difference).toMatchObject({ resolution: 'new', value: null });
  });
});

describe('cleaning corrections', () => {
  it('refuses a non-code and a code outside the list in the form of the keying check; nothing is stored', async () => {
    const abc = await failure('cleaning.correct', { caseId: id(3), variable: 'veiligheid', value: 'abc', reason: 'papier', operator: 'carla' });
    expect([abc.code, abc.message]).toEqual(['INVALID_INPUT', 'veiligheid: abc is not a valid value (abc is not a code of veiligheid); valid codes: 1 2 3 4, user-missing 8 9.']);
    expect((await failure('cleaning.correct', { caseId: id(3), variable: 'veiligheid', value: '77', reason: 'papier', operator: 'carla' })).code).toBe('INVALID_INPUT');
    expect((await failure('cleaning.correct', { caseId: id(3), variable: 'jaren_functie', value: '60', reason: 'papier', operator: 'carla' })).code).toBe('INVALID_INPUT');
    expect(count('SELECT count(*) FROM correction')).toBe(0);
    expect(count("SELECT count(*) FROM audit_log WHERE source = 'cleaning'")).toBe(0);
  });

  it('stores a user-missing code, a value that fails only a soft check (reported as a warning), and empty', async () => {
    expect((await call<Output<'cleaning.correct'>>('cleaning.correct', { caseId: id(3), variable: 'veiligheid', value: '8', reason: 'weet niet', operator: 'carla' })).newValue).toBe('8');
    const soft = await call<Output<'cleaning.correct'>>('cleaning.correct', { caseId: id(3), variable: 'jaren_functie', value: '45', reason: 'papier', operator: 'carla' });
    expect(soft.newValue).toBe('45');
    expect(soft.violations.filter((v) => v.variables.includes('jaren_functie')).map((v) => [v.kind, v.severity])).toContainEqual(['soft', 'warning']);
    expect((await call<Output<'cleaning.correct'>>('cleaning.correct', { caseId: id(3), variable: 'gemgr', value: null, reason: 'leeg', operator: 'carla' })).newValue).toBeNull();
    expect(count('SELECT count(*) FROM correction')).toBe(3);
  });
});

describe('an excluded case is read-only', () => {
  beforeAll(async () => {
    await call('cleaning.exclude', { caseId: id(4), reasonCode: 'duplicate', reason: 'dubbel ingevoerd', operator: 'lead' });
    await call('cleaning.exclude', { caseId: id(5), reasonCode: 'testForm', reason: 'proef', operator: 'lead' });
  });

  it('opens in entry with its exclusion, and refuses saving, confirming and finishing', async () => {
    const audits = count('SELECT count(*) FROM audit_log WHERE case_pk = ?', pk(id(5)));
    const o = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'anna', caseId: id(5), pass: 1 });
    expect([o.status, o.mode, o.exclusion]).toEqual(['excluded', 'modify', { reasonCode: 'testForm', reason: 'proef' }]);
    expect(o.answers.gemgr).toBe('3');
    const e = await failure('entry.saveField', { operator: 'anna', caseId: id(5), pass: 1, variable: 'gemgr', value: '4' });
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', `Case ${id(5)} is excluded (testForm: proef); include it again in cleaning before changing it.`]);
    expect((await failure('entry.confirmWarning', { operator: 'anna', caseId: id(5), pass: 1, variable: 'jaren_functie' })).code).toBe('INVALID_INPUT');
    expect((await failure('entry.finishCase', { operator: 'anna', caseId: id(5), pass: 1 })).code).toBe('INVALID_INPUT');
    expect(count("SELECT value FROM response WHERE case_pk = ? AND variable = 'gemgr' AND pass = 1", pk(id(5)))).toBe('3');
    expect(count('SELECT count(*) FROM audit_log WHERE case_pk = ?', pk(id(5)))).toBe(audits);
  });

  it('refuses a new verification keying and the adjudication of its differences', async () => {
    expect((await failure('entry.openCase', { operator: 'bram', caseId: id(5), pass: 2 })).code).toBe('INVALID_INPUT');
    expect(count('SELECT count(*) FROM entry_form WHERE case_pk = ? AND pass = 2', pk(id(5)))).toBe(0);
    const e = await failure('verification.resolve', { operator: 'carla', caseId: id(4), variable: 'veiligheid', choice: 'A', reason: 'papier' });
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', `Case ${id(4)} is excluded (duplicate: dubbel ingevoerd); include it again in cleaning before changing it.`]);
    expect(count('SELECT count(*) FROM response WHERE case_pk = ? AND pass = 3', pk(id(4)))).toBe(0);
  });

  it('refuses a cleaning correction; after inclusion the case can be keyed again', async () => {
    const e = await failure('cleaning.correct', { caseId: id(5), variable: 'gemgr', value: '4', reason: 'papier', operator: 'carla' });
    expect(e.code).toBe('INVALID_INPUT');
    expect(count('SELECT count(*) FROM correction WHERE case_pk = ?', pk(id(5)))).toBe(0);
    await call('cleaning.include', { caseId: id(5), reason: 'geen proef', operator: 'lead' });
    const o = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'anna', caseId: id(5), pass: 1 });
    expect([o.status, o.exclusion]).toEqual(['complete', null]);
    expect((await call<Output<'entry.saveField'>>('entry.saveField', { operator: 'anna', caseId: id(5), pass: 1, variable: 'gemgr', value: '4' })).accepted).toBe(true);
  });
});
