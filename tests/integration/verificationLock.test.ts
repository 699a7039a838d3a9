// Verification closes keying, and cleaning and adjudication do not override each other unseen — on a real project file:
// a verified form (or one whose pass 2 exists, or with an adjudicated difference) opens read-only in entry and refuses
// saveField/finishCase; cleaning refuses a correction while the case × variable has an open verification difference;
// a correction made before its difference arose is shown beside the difference and named in the adjudication's audit
// reason, and stays the final value. Refusals carry a reason + params, worded in Dutch (default) and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { localizeError } from '../../renderer/api/errorText';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import type { Output } from '../../shared/contract/api';
import type { ResultError } from '../../shared/contract/result';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { tempDir } from '../helpers/tmp';
import { entryMonitorQuestionnaire } from './entryFixture';

const dir = tempDir();
const id = (n: number) => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
const today = '2014-03-20';
let b: Backend;
let tNl: TFunction;
let tEn: TFunction;

async function call<T = unknown>(channel: string, input: unknown): Promise<T> {
  const r = await b.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}
async function refused(channel: string, input: unknown): Promise<ResultError> {
  const r = await b.dispatch(channel, input);
  if (r.ok) throw new Error(`${channel} should fail`);
  return JSON.parse(JSON.stringify(r.error)) as ResultError;
}
async function key(operator: string, caseId: string, pass: 1 | 2, answers: Record<string, string>): Promise<Output<'entry.finishCase'>> {
  await call('entry.openCase', { operator, caseId, pass });
  for (const [variable, value] of Object.entries(answers)) {
    const r = await call<Output<'entry.saveField'>>('entry.saveField', { operator, caseId, pass, variable, value, today });
    expect(r.accepted, `${variable}=${value}`).toBe(true);
  }
  return call('entry.finishCase', { operator, caseId, pass, effort: { keystrokes: 10, activeMs: 5000 }, today });
}
const finalOf = async (caseId: string, variable: string) => (await call<Output<'cleaning.case'>>('cleaning.case', { caseId })).values[variable];
const auditCount = () => (b.session.project!.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

const FORM = { toestemming: '1', groep: '1', functie: '12', gemgr: '3', jaren_functie: '5', ag_verbaal: '1', opmerking: 'Prima' };

beforeAll(async () => {
  const inst = i18next.createInstance();
  await inst.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
  tNl = inst.getFixedT('nl');
  tEn = inst.getFixedT('en');
  b = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
  await call('project.create', { path: join(dir, 'slot.vwk'), title: 'Slot' });
  storeQuestionnaire(b.session.project!.db, await entryMonitorQuestionnaire(), 'test');
  await call('verification.setSettings', { settings: { mode: 'all', firstForms: 20, rate: 0.1, threshold: 5 }, operator: 'lead' });
  for (let n = 1; n <= 3; n++) await key('anna', id(n), 1, FORM);
}, 60_000);
afterAll(() => b.close());

describe('verification closes keying', () => {
  it('pass 1 is read-only while pass 2 exists; the verifier may still modify pass 2 before adjudication', async () => {
    await key('bram', id(1), 2, { ...FORM, jaren_functie: '6' });
    const before = auditCount();
    const a = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'anna', caseId: id(1), pass: 1 });
    expect(a).toMatchObject({ mode: 'modify', status: 'complete', answers: { jaren_functie: '5' }, lock: { reason: 'entry.locked.verifying', params: { caseId: id(1), verifier: 'bram' } } });
    expect(auditCount()).toBe(before); // a read-only opening is not logged as a change
    const e = await refused('entry.saveField', { operator: 'anna', caseId: id(1), pass: 1, variable: 'jaren_functie', value: '1', today });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.issues?.[0]).toMatchObject({ reason: 'entry.locked.verifying', params: { caseId: id(1), verifier: 'bram' } });
    expect(localizeError(e, tNl).message).toBe(`Case ${id(1)} wordt geverifieerd (opnieuw ingevoerd door bram): de eerste invoer is alleen te bekijken. Verschillen worden beslist in Verificatie; wijzigingen gaan via Opschonen (een correctie met een reden).`);
    expect((await refused('entry.finishCase', { operator: 'anna', caseId: id(1), pass: 1, today })).issues?.[0]?.reason).toBe('entry.locked.verifying');
    const v = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'bram', caseId: id(1), pass: 2 });
    expect(v.lock).toBeNull();
    expect(v.answers.jaren_functie).toBe('6');
  });

  it('a re-keying belongs to its verifier: another operator can neither open, change nor finish it (open differences stay open)', async () => {
    const open = await call<Output<'verification.differences'>>('verification.differences', { caseId: id(1), open: true });
    expect(open.map((d) => d.variable)).toEqual(['jaren_functie']);
    const before = auditCount();
    const e = await refused('entry.openCase', { operator: 'carla', caseId: id(1), pass: 2 });
    expect([e.code, e.issues?.[0]?.reason, e.issues?.[0]?.params]).toEqual(['INVALID_INPUT', 'entry.refusal.otherVerifier', { caseId: id(1), verifier: 'bram' }]);
    expect(localizeError(e, tNl).message).toBe(`Case ${id(1)} wordt geverifieerd door bram; alleen bram gaat verder met die herinvoer of wijzigt hem.`);
    expect(localizeError(e, tEn).message).toBe(`Case ${id(1)} is being verified by bram; only bram continues or changes that re-keying.`);
    expect((await refused('entry.saveField', { operator: 'carla', caseId: id(1), pass: 2, variable: 'jaren_functie', value: '5', today })).issues?.[0]?.reason).toBe('entry.refusal.otherVerifier');
    expect((await refused('entry.finishCase', { operator: 'carla', caseId: id(1), pass: 2, today })).issues?.[0]?.reason).toBe('entry.refusal.otherVerifier');
    expect(auditCount()).toBe(before);
    expect((await call<Output<'verification.differences'>>('verification.differences', { caseId: id(1), open: true })).map((d) => d.variable)).toEqual(['jaren_functie']);
  });

  it('cleaning refuses a correction of a variable with an open difference, in Dutch and English; another variable is corrected', async () => {
    const e = await refused('cleaning.correct', { caseId: id(1), variable: 'jaren_functie', value: '7', reason: 'volgens het formulier', operator: 'methodoloog' });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.issues?.[0]).toMatchObject({ reason: 'cleaning.correction.openDifference', params: { caseId: id(1), variable: 'jaren_functie', valueA: '5', valueB: '6' } });
    expect(localizeError(e, tNl).message).toBe(`Case ${id(1)} heeft een open verificatieverschil in jaren_functie (5 tegen 6): beslis eerst het verificatieverschil (Verificatie), corrigeer daarna zo nodig.`);
    expect(localizeError(e, tEn).message).toBe(`Case ${id(1)} has an open verification difference in jaren_functie (5 vs 6): resolve the verification difference first (Verification), then correct if need be.`);
    expect(await finalOf(id(1), 'jaren_functie')).toBe('5');
    const ok = await call<Output<'cleaning.correct'>>('cleaning.correct', { caseId: id(1), variable: 'gemgr', value: '2', reason: 'volgens het formulier', operator: 'methodoloog' });
    expect(ok).toMatchObject({ oldValue: '3', newValue: '2' });
  });

  it('after adjudication the form is verified and read-only in both passes; the export value is the adjudicated one', async () => {
    const r = await call<Output<'verification.resolve'>>('verification.resolve', { operator: 'lead', caseId: id(1), variable: 'jaren_functie', choice: 'B', reason: 'papier zegt 6' });
    expect(r.caseStatus).toBe('verified');
    expect(r.difference.correction).toBeNull();
    const a = await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'anna', caseId: id(1), pass: 1 });
    expect(a.lock).toEqual({ reason: 'entry.locked.verified', params: { caseId: id(1) } });
    expect(a.answers.jaren_functie).toBe('5');
    const e = await refused('entry.saveField', { operator: 'anna', caseId: id(1), pass: 1, variable: 'jaren_functie', value: '1', today });
    expect(localizeError(e, tNl).message).toBe(`Case ${id(1)} is geverifieerd: het formulier is hier alleen te bekijken. Wijzigingen gaan nu via Opschonen (een correctie met een reden).`);
    expect(localizeError(e, tEn).message).toBe(`Case ${id(1)} is verified: the form can only be viewed here. Changes now go through Cleaning (a correction with a reason).`);
    expect((await call<Output<'entry.openCase'>>('entry.openCase', { operator: 'bram', caseId: id(1), pass: 2 })).lock?.reason).toBe('entry.locked.verified');
    expect((await refused('entry.saveField', { operator: 'bram', caseId: id(1), pass: 2, variable: 'jaren_functie', value: '1', today })).issues?.[0]?.reason).toBe('entry.locked.verified');
    expect((await refused('entry.finishCase', { operator: 'bram', caseId: id(1), pass: 2, today })).issues?.[0]?.reason).toBe('entry.locked.verified');
    expect(await finalOf(id(1), 'jaren_functie')).toBe('6');
    // now cleaning may correct it, and the correction is final
    await call('cleaning.correct', { caseId: id(1), variable: 'jaren_functie', value: '7', reason: 'navraag respondent', operator: 'methodoloog' });
    expect(await finalOf(id(1), 'jaren_functie')).toBe('7');
  });

  it('a partly adjudicated form locks both passes (plural count in the text)', async () => {
    await key('bram', id(3), 2, { ...FORM, jaren_functie: '6', gemgr: '4', functie: '11' });
    await call('verification.resolve', { operator: 'lead', caseId: id(3), variable: 'jaren_functie', choice: 'A', reason: 'papier' });
    await call('verification.resolve', { operator: 'lead', caseId: id(3), variable: 'gemgr', choice: 'A', reason: 'papier' });
    const e = await refused('entry.saveField', { operator: 'bram', caseId: id(3), pass: 2, variable: 'gemgr', value: '3', today });
    expect(e.issues?.[0]).toMatchObject({ reason: 'entry.locked.adjudicated', params: { caseId: id(3), count: 2 } });
    expect(localizeError(e, tNl).message).toBe(`Case ${id(3)} heeft 2 besliste verificatieverschillen: het formulier is hier alleen te bekijken. Beslis de overige verschillen in Verificatie; wijzigingen gaan via Opschonen (een correctie met een reden).`);
  });
});

describe('a correction made before its difference arose', () => {
  it('is shown with the difference, named in the audit reason of the adjudication, and stays final', async () => {
    const c = await call<Output<'cleaning.correct'>>('cleaning.correct', { caseId: id(2), variable: 'jaren_functie', value: '7', reason: 'past bij leeftijd', operator: 'methodoloog' });
    await key('bram', id(2), 2, { ...FORM, jaren_functie: '6' });
    const [d] = await call<Output<'verification.differences'>>('verification.differences', { caseId: id(2), open: true });
    expect(d).toMatchObject({ variable: 'jaren_functie', valueA: '5', valueB: '6', correction: { id: c.correctionId, oldValue: '5', newValue: '7', operator: 'methodoloog', reason: 'past bij leeftijd' } });
    const r = await call<Output<'verification.resolve'>>('verification.resolve', { operator: 'lead', caseId: id(2), variable: 'jaren_functie', choice: 'B', reason: 'papier zegt 6' });
    expect(r).toMatchObject({ caseStatus: 'verified', difference: { resolution: 'B', value: '6', correction: { newValue: '7' } } });
    const audit = b.session.project!.db.prepare("SELECT reason, details FROM audit_log WHERE source = 'adjudication' AND case_pk = (SELECT id FROM case_record WHERE case_id = ?)").get(id(2)) as { reason: string; details: string };
    expect(audit.reason).toBe(`papier zegt 6 [cleaning correction ${c.correctionId} by methodoloog keeps 7 final]`);
    expect(JSON.parse(audit.details)).toMatchObject({ choice: 'B', correctionId: c.correctionId, finalValue: '7' });
    expect(await finalOf(id(2), 'jaren_functie')).toBe('7');
  });
});

describe('entry refusals carry reasons', () => {
  it('verifying one\'s own form', async () => {
    const e = await refused('entry.openCase', { operator: 'anna', caseId: id(3), pass: 2 });
    expect(e.issues?.[0]).toMatchObject({ reason: 'entry.refusal.ownForm', params: { caseId: id(3), operator: 'anna' } });
    expect(e.message).toBe(`Case ${id(3)} was keyed by anna; another operator verifies it.`);
    expect(localizeError(e, tNl).message).toBe(`Case ${id(3)} is ingevoerd door anna; een andere invoerder verifieert het formulier.`);
  });
  it('no finished first keying, a wrong check digit, an unknown batch', async () => {
    await call('entry.openCase', { operator: 'anna', caseId: id(9) });
    expect(localizeError(await refused('entry.openCase', { operator: 'bram', caseId: id(9), pass: 2 }), tNl).message).toBe(`Case ${id(9)} heeft nog geen afgeronde eerste invoer om te verifiëren.`);
    const wrong = `${id(9).slice(0, -1)}${(Number(id(9).slice(-1)) + 1) % 10}`;
    expect(localizeError(await refused('entry.openCase', { operator: 'anna', caseId: wrong }), tNl).message).toBe(`Case-ID ${wrong}: het controlecijfer klopt niet (een cijfer verkeerd getypt of twee cijfers omgewisseld).`);
    expect(localizeError(await refused('entry.openCase', { operator: 'anna', caseId: id(10), batch: 'B9' }), tEn).message).toBe('Batch B9 is not registered (Fieldwork → Batches).');
  });
});
