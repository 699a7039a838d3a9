// Every refusal of the cleaning service reaches the UI in its language: the real messages map to i18n keys with their names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import i18next, { type i18n } from 'i18next';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { acceptViolation, cleaningHandlers, correctValue, excludeCase, includeCase, runCleaning, undoCorrection } from '../../electron/backend/services/cleaning';
import { DomainError } from '../../shared/domain/errors';
import { cleaningErrorKey } from '../../renderer/features/cleaning/format';
import nl from '../../renderer/i18n/nl.json';
import { tempDir } from '../helpers/tmp';

const MONITOR_DIR = resolve(__dirname, '../../../shared/monitor');
const dir = tempDir();
let p: ProjectDb;
let empty: ProjectDb;
let tr: i18n;

/** The message of the DomainError `f` throws. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.message;
    throw e;
  }
  throw new Error('no refusal');
}

/** The Dutch text the cleaning area shows for a service message. */
function dutch(message: string): { key: string; text: string } {
  const k = cleaningErrorKey(message);
  if (!k) throw new Error(`no key for: ${message}`);
  return { key: k.key, text: tr.t(k.key, k.params) };
}

beforeAll(async () => {
  createProjectFile(join(dir, 'e.vwk'), 'Errors');
  p = await openProjectForWrite(join(dir, 'e.vwk'), 'test');
  storeQuestionnaire(p.db, (await checkXlsform(MONITOR_DIR)).questionnaire, 'test');
  const pk = Number(p.db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES ('000123', 'keying', 'complete', 'now', 'now')").run().lastInsertRowid);
  for (const [k, v] of Object.entries({ toestemming: '1', groep: '7', jaren_functie: '60' })) p.db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 't', 'now')").run(pk, k, v);
  runCleaning(p.db, { operator: 'test', today: '2014-06-01' });
  createProjectFile(join(dir, 'empty.vwk'), 'Empty');
  empty = await openProjectForWrite(join(dir, 'empty.vwk'), 'test');
  tr = i18next.createInstance();
  await tr.init({ lng: 'nl', resources: { nl: { translation: nl } }, interpolation: { escapeValue: false } });
}, 120_000);
afterAll(() => {
  p.close();
  empty.close();
});

describe('cleaning refusals in Dutch', () => {
  it('maps every refusal of the service to its key, with the case, variable and rule named', () => {
    const db = p.db;
    const cases: [() => unknown, string, string][] = [
      [() => runCleaning(empty.db, { operator: 'x' }), 'noQuestionnaire', 'Het project heeft nog geen vragenlijst: importeer er eerst een.'],
      [() => cleaningHandlers['cleaning.correct']({ caseId: '000123', variable: 'groep', value: '1', reason: 'r', operator: 'x' }, { session: { project: { ...p, readOnly: true } } } as never), 'readOnly', 'Het project is alleen-lezen geopend.'],
      [() => correctValue(db, { caseId: '999', variable: 'groep', value: '1', reason: 'r', operator: 'x' }), 'noCase', 'Case 999 bestaat niet.'],
      [() => correctValue(db, { caseId: '000123', variable: 'groep', value: '7', reason: 'r', operator: 'x' }), 'unchanged', 'groep heeft die waarde al.'],
      [() => correctValue(db, { caseId: '000123', variable: 'bestaat_niet', value: '1', reason: 'r', operator: 'x' }), 'notAnswerable', 'bestaat_niet is geen te beantwoorden variabele van de vragenlijst.'],
      [() => correctValue(db, { caseId: '000123', variable: 'groep', value: '1', reason: ' ', operator: 'x' }), 'reasonRequired', 'Een correctie heeft een reden nodig.'],
      [() => undoCorrection(db, { correctionId: 4242, reason: 'r', operator: 'x' }), 'noCorrection', 'Correctie 4242 bestaat niet.'],
      [() => acceptViolation(db, { caseId: '000123', ruleId: 'edit:geen', reason: 'r', operator: 'x' }), 'noViolation', 'Case 000123 heeft geen overtreding van edit:geen (voer eerst de regels uit).'],
      [() => acceptViolation(db, { caseId: '000123', ruleId: 'code:groep', reason: 'r', operator: 'x' }), 'notAcceptable', 'code:groep is een fout: corrigeer de waarde of sluit de case uit.'],
      [() => includeCase(db, { caseId: '000123', reason: 'r', operator: 'x' }), 'notExcluded', 'Case 000123 is niet uitgesloten.'],
    ];
    for (const [f, key, text] of cases) expect(dutch(refusal(f))).toEqual({ key: `cleaning.errors.${key}`, text });
    // A value keying would refuse: a code outside the list (with the valid and user-missing codes), a non-number.
    expect(dutch(refusal(() => correctValue(db, { caseId: '000123', variable: 'veiligheid', value: 'abc', reason: 'r', operator: 'x' })))).toEqual({
      key: 'cleaning.errors.invalidCode', text: 'abc is geen geldige waarde voor veiligheid: geldige codes 1 2 3 4, ontbrekende waarden 8 9. Er is niets opgeslagen.',
    });
    expect(dutch(refusal(() => correctValue(db, { caseId: '000123', variable: 'jaren_functie', value: 'twee', reason: 'r', operator: 'x' })))).toEqual({
      key: 'cleaning.errors.invalidValue', text: 'twee is geen geldige waarde voor jaren_functie (twee is not a number). Er is niets opgeslagen.',
    });
    excludeCase(db, { caseId: '000123', reasonCode: 'testForm', reason: 'proef', operator: 'x' });
    expect(dutch(refusal(() => excludeCase(db, { caseId: '000123', reasonCode: 'testForm', reason: 'proef', operator: 'x' })))).toEqual({ key: 'cleaning.errors.alreadyExcluded', text: 'Case 000123 is al uitgesloten.' });
    expect(dutch(refusal(() => correctValue(db, { caseId: '000123', variable: 'groep', value: '1', reason: 'r', operator: 'x' })))).toEqual({
      key: 'cleaning.errors.excluded', text: 'Case 000123 is uitgesloten (testForm: proef); neem de case eerst weer op in Opschonen.',
    });
  });

  it('leaves other messages (expressions, storage) as they are', () => {
    expect(cleaningErrorKey('Rule x: unknown variable ${y} (at 0)')).toBeNull();
  });
});
