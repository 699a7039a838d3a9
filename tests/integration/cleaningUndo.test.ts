// Undo only of the latest change of a case × variable (tester61's defects 1, 3, 7), real SQLite, Monitor form: an undo
// of a correction already undone, of one with a later correction, or whose keyed value changed since is refused with
// a reason (worded in Dutch and English) naming the log entry in the way; undo of an undo while it is the latest;
// an undo of an undo that restored cleared answers says they were cleared; the case panel and the audit view offer
// Undo exactly where it is accepted; the audit export's `undoes` column; the audit log still replays to the dataset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import i18next, { type i18n } from 'i18next';
import ExcelJS from 'exceljs';
import type { Database } from 'better-sqlite3';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { cleaningCase, correctValue, runCleaning, undoCorrection } from '../../electron/backend/services/cleaning';
import { exportAuditLog } from '../../electron/backend/services/cleaningFiles';
import { loadCases } from '../../electron/backend/db/repos/cleaningRepo';
import { appendAudit, queryAudit } from '../../electron/backend/db/repos/auditRepo';
import { DomainError } from '../../shared/domain/errors';
import type { ResultError } from '../../shared/contract/result';
import { localizeError } from '../../renderer/api/errorText';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { tempDir } from '../helpers/tmp';

const MONITOR_DIR = resolve(__dirname, '../../../shared/monitor');
const TODAY = '2014-06-01';
const dir = tempDir();
let p: ProjectDb;
let db: Database;
let tr: i18n;

/** A victim of one form of aggression only (ag_schade = 3): the incident block is on route (as cleaningOffRoute.test.ts). */
const VICTIM: Record<string, string> = {
  toestemming: '1', groep: '2', laag_mw: '4', mw_rol: '3', burgercontact: '1', contact_freq: '2', jaren_functie: '1',
  ag_verbaal: '1', ag_bedreig: '1', ag_fysiek: '1', ag_discrim: '1', ag_seks: '1', ag_schade: '3', ag_online: '1', ag_thuis: '1',
  inc_totaal: '17', inc_vorm: '5', inc_wanneer: '1', inc_kanaal: '13', inc_thuis: '1', inc_dader: '6', inc_dader_anders: 'buurman', inc_aanleiding: '6',
  inc_ernst: '5', inc_gemeld: '1', inc_registr: '2', inc_aangifte: '3', inc_reactie: '1', inc_schade: '1',
  gev_werkpl: '2', gev_psych: '1', gev_fysiek: '2', gev_verzuim: '1', gev_onveilig: '1', verzuim_dagen: '6', nazorg: '1', nazorg_van: '5', nazorg_oordeel: '2',
  verm_moeilijk: '1', verm_invloed: '2', veiligheid: '3', risico: '5', hoort_bij: '5', getuige: '2',
  bel_norm: '2', bel_melden: '2', bel_registr: '1', bel_training: '1', bel_signaal: '2', bel_aangifte: '2', bel_schade: '2', bel_nazorg: '2', bel_behoefte: '1', bel_steun: '1',
  geslacht: '2', leeftijd: '6',
};
const BRANCH = Object.keys(VICTIM).filter((k) => k.startsWith('inc_') || k.startsWith('gev_') || k === 'verzuim_dagen' || k.startsWith('nazorg'));

function insertCase(caseId: string, values: Record<string, string>): number {
  const now = new Date().toISOString();
  const batch = (db.prepare("SELECT id FROM batch WHERE number = 'B1'").get() as { id: number }).id;
  const pk = Number(db.prepare("INSERT INTO case_record (case_id, batch_id, source, status, created_at, updated_at) VALUES (?, ?, 'keying', 'complete', ?, ?)").run(caseId, batch, now, now).lastInsertRowid);
  const ins = db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 'test', ?)");
  for (const [k, v] of Object.entries(values)) ins.run(pk, k, v, now);
  return pk;
}

const finals = (caseId: string) => cleaningCase(db, caseId).values;
const auditCount = () => db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

/** The refusal `f` throws: its reason, params, and the text the UI shows in Dutch and English (localizeError). */
function refusal(f: () => unknown): { reason: string | undefined; params: unknown; nl: string; en: string } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const error: ResultError = { code: e.code, message: e.message, issues: e.issues.map((i) => ({ ...i })) } as ResultError;
    return {
      reason: e.issues[0]?.reason, params: e.issues[0]?.params,
      nl: localizeError(error, tr.getFixedT('nl')).message,
      en: localizeError(error, tr.getFixedT('en')).message,
    };
  }
  throw new Error('no refusal');
}

/** Whether `cleaning.undo` accepts correction `id` now (tried, then rolled back). */
function accepted(id: number): boolean {
  db.exec('SAVEPOINT probe');
  try {
    undoCorrection(db, { correctionId: id, reason: 'probe', operator: 'probe' });
    return true;
  } catch (e) {
    if (e instanceof DomainError && e.code === 'INVALID_INPUT') return false;
    throw e;
  } finally {
    db.exec('ROLLBACK TO probe');
    db.exec('RELEASE probe');
  }
}

/** The case panel's and the audit view's Undo offers agree with the service, for every correction of a case. */
function expectOffersMatchService(caseId: string): void {
  const corrections = cleaningCase(db, caseId).corrections;
  const audit = new Map(queryAudit(db, { caseId, offset: 0, limit: 10_000 }).rows.filter((r) => r.correctionId !== null).map((r) => [r.correctionId!, r.undoable]));
  for (const x of corrections) {
    const ok = accepted(x.id);
    expect(x.undoable, `case panel, correction ${x.id} of ${x.variable}`).toBe(ok);
    expect(audit.get(x.id), `audit view, correction ${x.id} of ${x.variable}`).toBe(ok);
  }
}

beforeAll(async () => {
  const path = join(dir, 'undo.vwk');
  createProjectFile(path, 'Undo');
  p = await openProjectForWrite(path, 'test');
  db = p.db;
  storeQuestionnaire(db, (await checkXlsform(MONITOR_DIR)).questionnaire, 'test');
  db.prepare("INSERT INTO batch (number, created_at) VALUES ('B1', 'now')").run();
  insertCase('3000033', VICTIM);
  insertCase('3000034', VICTIM);
  insertCase('3000022', { ...VICTIM, leeftijd: '5' });
  runCleaning(db, { operator: 'test', today: TODAY });
  tr = i18next.createInstance();
  await tr.init({ lng: 'nl', resources: { nl: { translation: nl }, en: { translation: en } }, interpolation: { escapeValue: false } });
}, 120_000);
afterAll(() => p.close());

describe('undo only of the latest change of a case × variable', () => {
  it("the tester's repro: an undo of a correction already undone is refused and the later fix stays", () => {
    const c1 = correctValue(db, { caseId: '3000033', variable: 'geslacht', value: '1', reason: 'papier', operator: 'anna' });
    const u1 = undoCorrection(db, { correctionId: c1.correctionId, reason: 'toch niet', operator: 'anna' });
    expect(finals('3000033').geslacht).toBe('2');
    const c2 = correctValue(db, { caseId: '3000033', variable: 'geslacht', value: '1', reason: 'c later real fix', operator: 'bert' });
    const before = auditCount();
    expect(refusal(() => undoCorrection(db, { correctionId: c1.correctionId, reason: 'again', operator: 'anna' }))).toEqual({
      reason: 'cleaning.undo.alreadyUndone', params: { correctionId: c1.correctionId, entry: u1.auditId },
      nl: `Correctie ${c1.correctionId} is al ongedaan gemaakt door logregel ${u1.auditId}.`,
      en: `Correction ${c1.correctionId} was already undone by log entry ${u1.auditId}.`,
    });
    expect(auditCount()).toBe(before);
    expect(finals('3000033').geslacht).toBe('1');
    // The later fix itself is the latest change: it can be undone.
    expect(undoCorrection(db, { correctionId: c2.correctionId, reason: 'terug', operator: 'bert' })).toMatchObject({ oldValue: '1', newValue: '2', restored: [], cleared: [] });
    expectOffersMatchService('3000033');
  });

  it('a correction with a later correction of the same variable is refused naming it; once that is undone it can be undone', () => {
    const a = correctValue(db, { caseId: '3000033', variable: 'leeftijd', value: '5', reason: 'a', operator: 'anna' });
    const b = correctValue(db, { caseId: '3000033', variable: 'leeftijd', value: '4', reason: 'b', operator: 'anna' });
    expect(refusal(() => undoCorrection(db, { correctionId: a.correctionId, reason: 'x', operator: 'anna' }))).toEqual({
      reason: 'cleaning.undo.laterChange', params: { correctionId: a.correctionId, entry: b.auditId },
      nl: `Er is een latere wijziging van deze variabele (logregel ${b.auditId}): maak die eerst ongedaan.`,
      en: `A later change (log entry ${b.auditId}) exists for this variable: undo that first.`,
    });
    expect(finals('3000033').leeftijd).toBe('4');
    expectOffersMatchService('3000033');
    const ub = undoCorrection(db, { correctionId: b.correctionId, reason: 'b fout', operator: 'anna' });
    expect(finals('3000033').leeftijd).toBe('5');
    // Now both a (the top once b and its undo cancel out) and the undo of b (the newest entry: a redo of b) are accepted.
    expect(accepted(a.correctionId)).toBe(true);
    expect(accepted(ub.correctionId)).toBe(true);
    expectOffersMatchService('3000033');
    const ua = undoCorrection(db, { correctionId: a.correctionId, reason: 'a fout', operator: 'anna' });
    expect(ua).toMatchObject({ oldValue: '5', newValue: '6' });
    expect(finals('3000033').leeftijd).toBe('6');
    // The undo of b is no longer the latest: undoing it would silently bring back 4 over the undo of a.
    expect(refusal(() => undoCorrection(db, { correctionId: ub.correctionId, reason: 'x', operator: 'anna' }))).toMatchObject({ reason: 'cleaning.undo.laterChange', params: { entry: ua.auditId } });
    expectOffersMatchService('3000033');
  });

  it('an undo can be undone (a redo) while it is the latest, not once it is undone or followed by a correction', () => {
    const a = correctValue(db, { caseId: '3000034', variable: 'jaren_functie', value: '2', reason: 'a', operator: 'anna' });
    const u = undoCorrection(db, { correctionId: a.correctionId, reason: 'u', operator: 'anna' });
    const uu = undoCorrection(db, { correctionId: u.correctionId, reason: 'toch 2', operator: 'anna' });
    expect(uu).toMatchObject({ oldValue: '1', newValue: '2' });
    expect(finals('3000034').jaren_functie).toBe('2');
    expect(refusal(() => undoCorrection(db, { correctionId: u.correctionId, reason: 'x', operator: 'anna' }))).toMatchObject({ reason: 'cleaning.undo.alreadyUndone', params: { entry: uu.auditId } });
    expect(refusal(() => undoCorrection(db, { correctionId: a.correctionId, reason: 'x', operator: 'anna' }))).toMatchObject({ reason: 'cleaning.undo.alreadyUndone', params: { entry: u.auditId } });
    const c = correctValue(db, { caseId: '3000034', variable: 'jaren_functie', value: '3', reason: 'c', operator: 'anna' });
    expect(refusal(() => undoCorrection(db, { correctionId: uu.correctionId, reason: 'x', operator: 'anna' }))).toMatchObject({ reason: 'cleaning.undo.laterChange', params: { entry: c.auditId } });
    expect(finals('3000034').jaren_functie).toBe('3');
    expectOffersMatchService('3000034');
  });

  it('a keyed value changed since the correction (re-keying, adjudication, import) is refused: correct instead', () => {
    const pk = db.prepare("SELECT id FROM case_record WHERE case_id = '3000034'").pluck().get() as number;
    const a = correctValue(db, { caseId: '3000034', variable: 'veiligheid', value: '2', reason: 'a', operator: 'anna' });
    // The form re-keyed as entry.ts stores it: the answer and its keying audit entry (old → new).
    db.prepare("UPDATE response SET value = '4' WHERE case_pk = ? AND variable = 'veiligheid' AND pass = 1").run(pk);
    const keyed = appendAudit(db, { operator: 'kees', source: 'keying', casePk: pk, variable: 'veiligheid', oldValue: '3', newValue: '4', reason: null });
    expect(finals('3000034').veiligheid).toBe('2'); // the correction still wins
    expect(refusal(() => undoCorrection(db, { correctionId: a.correctionId, reason: 'x', operator: 'anna' }))).toEqual({
      reason: 'cleaning.undo.keyedSince', params: { correctionId: a.correctionId, entry: keyed },
      nl: `De ingevoerde waarde is sindsdien gewijzigd (logregel ${keyed}): corrigeer de waarde in plaats van ongedaan te maken.`,
      en: `The keyed value changed since (log entry ${keyed}): correct the value instead of undoing.`,
    });
    // A soft-check confirmation (old = new) changes nothing and does not block.
    const b = correctValue(db, { caseId: '3000034', variable: 'risico', value: '4', reason: 'b', operator: 'anna' });
    appendAudit(db, { operator: 'kees', source: 'keying', casePk: pk, variable: 'risico', oldValue: '5', newValue: '5', reason: 'soft check confirmed' });
    expect(accepted(b.correctionId)).toBe(true);
    expectOffersMatchService('3000034');
  });

  it('off route: undo restores the cleared answers, undoing that undo clears them again and says so; a cleared answer changed since is left', () => {
    const c = correctValue(db, { caseId: '3000022', variable: 'ag_schade', value: '1', reason: 'papier: nooit', operator: 'anna', clearOffRoute: true, today: TODAY });
    expect(c.cleared.map((x) => x.variable).sort()).toEqual([...BRANCH].sort());
    // A cleared answer is the latest change of its variable: the earlier correction of ag_schade's branch can't jump it.
    const ernst = c.cleared.find((x) => x.variable === 'inc_ernst')!;
    expectOffersMatchService('3000022');
    const u = undoCorrection(db, { correctionId: c.correctionId, reason: 'toch 3', operator: 'bert' });
    expect(u.restored.map((x) => x.variable).sort()).toEqual([...BRANCH].sort());
    expect(u.cleared).toEqual([]);
    expect(finals('3000022').inc_ernst).toBe('5');
    // Each cleared answer was undone with it: undoing one on its own again is refused.
    expect(refusal(() => undoCorrection(db, { correctionId: ernst.correctionId, reason: 'x', operator: 'bert' }))).toMatchObject({ reason: 'cleaning.undo.alreadyUndone', params: { entry: u.restored.find((x) => x.variable === 'inc_ernst')!.auditId } });
    // The undo of the undo empties them again: reported as cleared, not restored (defect 3).
    const uu = undoCorrection(db, { correctionId: u.correctionId, reason: 'toch nooit', operator: 'anna' });
    expect(uu.restored).toEqual([]);
    expect(uu.cleared.map((x) => x.variable).sort()).toEqual([...BRANCH].sort());
    for (const x of uu.cleared) expect(x.value, x.variable).toBeNull();
    for (const name of BRANCH) expect(finals('3000022')[name], name).toBeNull();
    // One cleared answer changed since: the next undo leaves it and gives back the rest.
    const fix = correctValue(db, { caseId: '3000022', variable: 'inc_ernst', value: '4', reason: 'nagebeld', operator: 'anna' });
    expectOffersMatchService('3000022');
    const u3 = undoCorrection(db, { correctionId: uu.correctionId, reason: 'toch 3', operator: 'bert' });
    expect(u3.restored.map((x) => x.variable).sort()).toEqual(BRANCH.filter((k) => k !== 'inc_ernst').sort());
    expect(finals('3000022')).toMatchObject({ ag_schade: '3', inc_ernst: '4', inc_totaal: '17' });
    expect(accepted(fix.correctionId)).toBe(true);
    expectOffersMatchService('3000022');
  });

  it('audit export: an undo names the entry it undid in the last column, undoes', async () => {
    const csv = join(dir, 'audit.csv');
    await exportAuditLog(db, csv);
    const lines = readFileSync(csv, 'utf8').replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,operator,source,action,rule,case_id,variable,old_value,new_value,reason,undoes');
    const rows = queryAudit(db, { offset: 0, limit: 10_000 }).rows;
    const undos = rows.filter((r) => r.action === 'undo');
    expect(undos.length).toBeGreaterThan(BRANCH.length);
    const byId = new Map(lines.slice(1).map((l) => [Number(l.split(',')[0]), l]));
    for (const r of undos) expect(byId.get(r.id)!.split(',').at(-1), `entry ${r.id}`).toBe(String(r.undoesEntry));
    const correction = rows.find((r) => r.action === 'correct')!;
    expect(byId.get(correction.id)!.endsWith(',')).toBe(true);
    // The reason of an answer cleared with a correction stays as stored (English, documented).
    expect(lines.some((l) => l.includes(',off route after correction of ag_schade,'))).toBe(true);
    // The same column in the workbook.
    const xlsx = join(dir, 'audit.xlsx');
    await exportAuditLog(db, xlsx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('Audit log')!;
    expect(ws.getRow(1).getCell(12).value).toBe('undoes');
    const sheetRows = new Map<number, unknown>();
    ws.eachRow((row, n) => void (n > 1 && sheetRows.set(Number(row.getCell(1).value), row.getCell(12).value)));
    for (const r of undos) expect(sheetRows.get(r.id), `entry ${r.id}`).toBe(r.undoesEntry);
    expect(sheetRows.get(correction.id) ?? null).toBeNull();
  });

  it('raw values + the cleaning entries of the audit log replayed = the current dataset', () => {
    const replayed = new Map<number, Record<string, string | null>>();
    for (const r of db.prepare('SELECT case_pk, variable, pass, value FROM response WHERE pass IN (1, 3) ORDER BY case_pk, variable, pass').all() as { case_pk: number; variable: string; pass: number; value: string | null }[]) {
      if (r.pass === 3 && r.value === null) continue;
      const m = replayed.get(r.case_pk) ?? {};
      m[r.variable] = r.value;
      replayed.set(r.case_pk, m);
    }
    // The keyed change of veiligheid (3 → 4) is in the responses; the correction over it comes after in the log.
    for (const a of db.prepare("SELECT case_pk, variable, new_value, details FROM audit_log WHERE source = 'cleaning' AND case_pk IS NOT NULL ORDER BY id").all() as { case_pk: number; variable: string | null; new_value: string | null; details: string }[]) {
      const action = (JSON.parse(a.details) as { action: string }).action;
      if (action === 'correct' || action === 'undo') replayed.get(a.case_pk)![a.variable!] = a.new_value;
    }
    const current = loadCases(db, ['open', 'complete', 'verified', 'excluded']);
    expect(current).toHaveLength(3);
    for (const c of current) expect(replayed.get(c.pk), c.caseId).toEqual(c.values);
  });
});
