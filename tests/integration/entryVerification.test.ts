// Verification on real project files: blind second keying, comparison rules, adjudication with attribution, operator statistics, adaptive selection.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { sampleFraction } from '../../electron/backend/services/verification';
import type { Output } from '../../shared/contract/api';
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
async function fails(channel: string, input: unknown): Promise<string> {
  const r = await b.dispatch(channel, input);
  if (r.ok) throw new Error(`${channel} should fail`);
  return r.error.code;
}

/** Keys a form in one pass: open, one commit per field, finish. */
async function key(operator: string, caseId: string, pass: 1 | 2, answers: Record<string, string>, effort = { keystrokes: 40, activeMs: 20_000 }): Promise<Output<'entry.finishCase'>> {
  await call('entry.openCase', { operator, caseId, pass });
  for (const [variable, value] of Object.entries(answers)) {
    const r = await call<Output<'entry.saveField'>>('entry.saveField', { operator, caseId, pass, variable, value, today: '2014-03-20' });
    expect(r.accepted, `${variable}=${value}`).toBe(true);
  }
  return call('entry.finishCase', { operator, caseId, pass, effort, today: '2014-03-20' });
}

const FORM = { toestemming: '1', groep: '1', functie: '12', gemgr: '3', jaren_functie: '5', ag_verbaal: '1', opmerking: 'Prima' };

beforeAll(async () => {
  b = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
  await call('project.create', { path: join(dir, 'verificatie.vwk'), title: 'Verificatie' });
  storeQuestionnaire(b.session.project!.db, await entryMonitorQuestionnaire(), 'test');
  await call('verification.setSettings', { settings: { mode: 'all', firstForms: 20, rate: 0.1, threshold: 5 }, operator: 'lead' });
  for (let n = 1; n <= 5; n++) await key('anna', id(n), 1, FORM);
});
afterAll(() => b.close());

describe('blind re-keying', () => {
  it('queues every finished form in mode all; another operator re-keys blind, the keyer may not', async () => {
    const q = await call<Output<'verification.queue'>>('verification.queue', {});
    expect(q.map((x) => x.caseId)).toEqual([1, 2, 3, 4, 5].map(id));
    expect(q[0]).toMatchObject({ keyer: 'anna', reason: 'all' });
    expect(await fails('entry.openCase', { operator: 'anna', caseId: id(1), pass: 2 })).toBe('INVALID_INPUT');
    await call('entry.openCase', { operator: 'kees', caseId: id(6) });
    expect(await fails('entry.openCase', { operator: 'bram', caseId: id(6), pass: 2 })).toBe('INVALID_INPUT');
    const blind = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'bram', caseId: id(1), pass: 2 });
    expect(blind).toMatchObject({ pass: 2, mode: 'new', answers: {} });
  });

  it('compares only when both passes are complete; spaces, case and number formatting are no differences; open text does not block', async () => {
    await call('entry.saveField', { operator: 'bram', caseId: id(1), pass: 2, variable: 'toestemming', value: '1' });
    expect(await call('verification.differences', { caseId: id(1) })).toEqual([]);
    // form 1: identical apart from formatting (05 vs 5) and the letter case of the comment → verified at once
    const r1 = await key('bram', id(1), 2, { ...FORM, jaren_functie: '05', opmerking: 'prima' });
    expect(r1.status).toBe('verified');
    const d1 = await call<Output<'verification.differences'>>('verification.differences', { caseId: id(1) });
    expect(d1).toEqual([]);
    // form 2: two planted differences (gemgr by the verifier, ag_verbaal where the keyer erred) and a changed comment
    const r2 = await key('bram', id(2), 2, { ...FORM, gemgr: '4', ag_verbaal: '2', opmerking: 'Prima formulier' });
    expect(r2.status).toBe('complete');
    const d2 = await call<Output<'verification.differences'>>('verification.differences', { caseId: id(2) });
    expect(d2.map((d) => [d.variable, d.valueA, d.valueB, d.openText])).toEqual([
      ['gemgr', '3', '4', false],
      ['ag_verbaal', '1', '2', false],
      ['opmerking', 'Prima', 'Prima formulier', true],
    ]);
    expect(d2[0]).toMatchObject({ keyer: 'anna', verifier: 'bram', resolution: null });
    for (const n of [3, 4, 5]) expect((await key('bram', id(n), 2, FORM)).status).toBe('verified');
    expect(await call('verification.queue', {})).toEqual([]);
  });
});

describe('adjudication', () => {
  it('A, B or a new value from the paper with a reason; stored as pass 3 and audited; attributed to keyer or verifier', async () => {
    expect(await fails('verification.resolve', { operator: 'carla', caseId: id(2), variable: 'gemgr', choice: 'new', reason: 'paper' })).toBe('INVALID_INPUT');
    const a = await call<Output<'verification.resolve'>>('verification.resolve', { operator: 'carla', caseId: id(2), variable: 'gemgr', choice: 'A', reason: 'paper says 3' });
    expect(a.difference).toMatchObject({ resolution: 'A', value: '3', attributed: 'verifier', resolvedBy: 'carla' });
    expect(a.caseStatus).toBe('complete');
    const b2 = await call<Output<'verification.resolve'>>('verification.resolve', { operator: 'carla', caseId: id(2), variable: 'ag_verbaal', choice: 'B', reason: 'paper says 2' });
    expect(b2.difference).toMatchObject({ value: '2', attributed: 'keyer' });
    expect(b2.caseStatus).toBe('verified');
    expect(await fails('verification.resolve', { operator: 'carla', caseId: id(2), variable: 'ag_verbaal', choice: 'A', reason: 'again' })).toBe('INVALID_INPUT');
    const db = b.session.project!.db;
    expect(db.prepare(`SELECT value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.variable = 'ag_verbaal' AND r.pass = 3`).pluck().get(id(2))).toBe('2');
    expect(db.prepare(`SELECT count(*) FROM audit_log WHERE source = 'adjudication'`).pluck().get()).toBe(2);
    const open = await call<Output<'verification.differences'>>('verification.differences', { open: true });
    expect(open.map((d) => d.variable)).toEqual(['opmerking']);
  });

  it('operator statistics show the right error counts and attribution, per operator and per batch', async () => {
    const s = await call<Output<'verification.stats'>>('verification.stats', {});
    const anna = s.operators.find((o) => o.operator === 'anna')!;
    const bram = s.operators.find((o) => o.operator === 'bram')!;
    expect(anna).toMatchObject({ formsKeyed: 5, formsVerified: 0, keyerErrors: 1, verifierErrors: 0, fieldsCompared: 35 });
    expect(anna.errorsPer1000).toBeCloseTo(1000 / 35, 1);
    expect(anna.keystrokesPerHour).toBeCloseTo(200 / (100_000 / 3_600_000), 0);
    expect(bram).toMatchObject({ formsKeyed: 0, formsVerified: 5, keyerErrors: 0, verifierErrors: 1 });
    expect(s.batches).toEqual([{ batch: null, formsKeyed: 5, formsVerified: 5, fieldsCompared: 35, keyerErrors: 1, verifierErrors: 1, errorsPer1000: expect.closeTo(1000 / 35, 1) }]);
  });

  it('writes the statistics as an Excel sheet per operator and per batch', async () => {
    const out = await call<Output<'verification.exportStats'>>('verification.exportStats', { path: join(dir, 'invoerders.xlsx') });
    expect(out.sheets).toEqual(['Invoerders', 'Batches']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out.path);
    const rows = wb.getWorksheet('Invoerders')!.getSheetValues().filter(Boolean) as unknown[][];
    const anna = rows.find((r) => r[1] === 'anna')!;
    expect(anna.slice(1, 4)).toEqual(['anna', 5, 0]);
    expect(anna[11]).toBe(1); // keyer_errors
    expect(rows.find((r) => r[1] === 'bram')![12]).toBe(1); // verifier_errors
  });
});

describe('adaptive selection', () => {
  it('takes the first N forms of a new operator, then a stable random share, and all again above the error threshold', async () => {
    await call('verification.setSettings', { settings: { mode: 'adaptive', firstForms: 2, rate: 0.5, threshold: 1000 }, operator: 'lead' });
    const ids = Array.from({ length: 12 }, (_, i) => id(20 + i));
    for (const c of ids) await key('dirk', c, 1, FORM);
    const q = await call<Output<'verification.queue'>>('verification.queue', {});
    const dirk = q.filter((x) => x.keyer === 'dirk');
    expect(dirk.slice(0, 2).map((x) => [x.caseId, x.reason])).toEqual([[ids[0], 'newOperator'], [ids[1], 'newOperator']]);
    expect(dirk.slice(2).map((x) => x.caseId)).toEqual(ids.slice(2).filter((c) => sampleFraction(c) < 0.5));
    expect(dirk.slice(2).every((x) => x.reason === 'sample')).toBe(true);
    // anna's keyer error rate (1 per 35 fields ≈ 28.6 per 1,000) is above a threshold of 5: her new forms are all verified
    await call('verification.setSettings', { settings: { mode: 'adaptive', firstForms: 0, rate: 0, threshold: 5 }, operator: 'lead' });
    await key('anna', id(40), 1, FORM);
    const q2 = await call<Output<'verification.queue'>>('verification.queue', {});
    expect(q2.filter((x) => x.keyer === 'anna')).toEqual([{ caseId: id(40), batch: null, keyer: 'anna', reason: 'errorRate' }]);
    expect(q2.filter((x) => x.keyer === 'dirk')).toEqual([]);
    await call('verification.setSettings', { settings: { mode: 'none', firstForms: 0, rate: 0, threshold: 5 }, operator: 'lead' });
    expect(await call('verification.queue', {})).toEqual([]);
  });
});
