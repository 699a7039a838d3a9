// The refusals of derived variables and weighting schemes carry a stable `reason` and `params` (the message stays
// English for the CLI), and the renderer words them in Dutch (default) and English (renderer/api/errorText.ts):
// deleting a derived variable that another derived variable or an edit rule reads, editing while a stored derived name
// clashes with a weight variable, and a weighting scheme whose weight name clashes with another export column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { localizeError } from '../../renderer/api/errorText';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { upsertScheme } from '../../electron/backend/db/repos/weightingRepo';
import { defineDerived, removeRule, saveRule } from '../../electron/backend/services/cleaning';
import { saveScheme } from '../../electron/backend/services/weighting';
import type { ResultError } from '../../shared/contract/result';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject, employeesScheme, officeHoldersScheme } from './weightingFixture';

const dir = tempDir();
const functie = [{ variables: ['functie'], categories: [{ codes: [1], value: 400 }, { codes: [2], value: 1600 }] }];

let tNl: TFunction;
let tEn: TFunction;

/** The refusal `f` throws as it crosses a host (JSON), or null when `f` returns. */
function refusal(f: () => unknown): ResultError | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return JSON.parse(JSON.stringify({ code: e.code, message: e.message, issues: e.issues })) as ResultError;
    throw e;
  }
}

describe('refusals of derived variables and weighting schemes, in the UI language', () => {
  let p: ProjectDb;
  const rule = (name: string, expression: string) => saveRule(p.db, { name, expression, message: 'x', severity: 'warning', variables: [], examples: [], enabled: true }, 'anna');
  const del = (name: string) => refusal(() => defineDerived(p.db, { name, expression: null, label: '', operator: 'anna' }));

  beforeAll(async () => {
    const inst = i18next.createInstance();
    await inst.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
    tNl = inst.getFixedT('nl');
    tEn = inst.getFixedT('en');
    const path = await createMonitorProject(join(dir, 'refusals.vwk'), { officeHolders: 3, employees: 3, excluded: 0, open: 0, seed: 7 });
    p = await openProjectForWrite(path, 'test');
    defineDerived(p.db, { name: 'slachtoffer_d', expression: "if(${slachtoffer} = '1', 1, 0)", label: 'Slachtoffer', operator: 'anna' });
    defineDerived(p.db, { name: 'slachtoffer_tekst', expression: "if(${slachtoffer_d} = 1, 'ja', 'nee')", label: '', operator: 'anna' });
    defineDerived(p.db, { name: 'los_d', expression: '2', label: '', operator: 'anna' });
  }, 120_000);
  afterAll(() => p.close());

  it('deleting a derived variable one derived variable reads', () => {
    const e = del('slachtoffer_d');
    expect(e?.code).toBe('INVALID_INPUT');
    expect(e?.issues).toEqual([{
      message: 'slachtoffer_d cannot be deleted: derived variable slachtoffer_tekst reads it (change or delete slachtoffer_tekst first)',
      value: 'slachtoffer_d', reason: 'cleaning.derived.readBy.derived', params: { name: 'slachtoffer_d', readers: 'slachtoffer_tekst', count: 1 },
    }]);
    expect(localizeError(e!, tNl)).toEqual({ code: 'INVALID_INPUT', message: 'slachtoffer_d kan niet worden verwijderd: afgeleide variabele slachtoffer_tekst gebruikt hem. Pas slachtoffer_tekst eerst aan of verwijder die.' });
    expect(localizeError(e!, tEn).message).toBe('slachtoffer_d cannot be deleted: derived variable slachtoffer_tekst reads it. Change or delete slachtoffer_tekst first.');
  });

  it('deleting a derived variable two derived variables read (plural)', () => {
    defineDerived(p.db, { name: 'slachtoffer_n', expression: '${slachtoffer_d} + 1', label: '', operator: 'anna' });
    const e = del('slachtoffer_d');
    expect(e?.issues?.[0]?.reason).toBe('cleaning.derived.readBy.derived');
    expect(e?.issues?.[0]?.params).toEqual({ name: 'slachtoffer_d', readers: 'slachtoffer_tekst, slachtoffer_n', count: 2 });
    expect(localizeError(e!, tNl).message).toBe('slachtoffer_d kan niet worden verwijderd: de afgeleide variabelen slachtoffer_tekst, slachtoffer_n gebruiken hem. Pas die eerst aan of verwijder ze.');
    expect(localizeError(e!, tEn).message).toBe('slachtoffer_d cannot be deleted: the derived variables slachtoffer_tekst, slachtoffer_n read it. Change or delete them first.');
    defineDerived(p.db, { name: 'slachtoffer_n', expression: null, label: '', operator: 'anna' });
  });

  it('deleting a derived variable an edit rule reads, and one that both read', () => {
    rule('los_te_hoog', '${los_d} > 1');
    const e = del('los_d');
    expect(e?.issues?.[0]).toMatchObject({ reason: 'cleaning.derived.readBy.rules', params: { name: 'los_d', readers: 'los_te_hoog', count: 1 } });
    expect(localizeError(e!, tNl).message).toBe('los_d kan niet worden verwijderd: controleregel los_te_hoog gebruikt hem. Pas los_te_hoog eerst aan of verwijder die.');
    expect(localizeError(e!, tEn).message).toBe('los_d cannot be deleted: edit rule los_te_hoog reads it. Change or delete los_te_hoog first.');
    rule('slachtoffer_zonder_incident', '${slachtoffer_d} = 1 and ${los_d} = 2');
    const both = del('slachtoffer_d');
    expect(both?.issues?.[0]).toMatchObject({ reason: 'cleaning.derived.readBy.both', params: { name: 'slachtoffer_d', derived: 'slachtoffer_tekst', rules: 'slachtoffer_zonder_incident' } });
    expect(localizeError(both!, tNl).message).toBe('slachtoffer_d kan niet worden verwijderd: afgeleide variabelen (slachtoffer_tekst) en controleregels (slachtoffer_zonder_incident) gebruiken hem. Pas die eerst aan of verwijder ze.');
    expect(localizeError(both!, tEn).message).toBe('slachtoffer_d cannot be deleted: derived variables (slachtoffer_tekst) and edit rules (slachtoffer_zonder_incident) read it. Change or delete them first.');
    removeRule(p.db, 'slachtoffer_zonder_incident', 'anna');
    removeRule(p.db, 'los_te_hoog', 'anna');
  });

  it('editing while a stored derived name clashes with a weight variable (stored before the check existed)', () => {
    defineDerived(p.db, { name: 'w_mw', expression: '1', label: 'Oude gewichtskolom', operator: 'anna' });
    upsertScheme(p.db, 'medewerkers', JSON.stringify({ ...employeesScheme([]), weightVariable: 'W_MW' }), 'test', '2026-12-04T10:00:00.000Z');
    const e = refusal(() => defineDerived(p.db, { name: 'los_d', expression: '3', label: '', operator: 'anna' }));
    expect(e?.code).toBe('INVALID_INPUT');
    expect(e?.issues).toEqual([{
      message: 'w_mw clashes with weight variable W_MW of weighting scheme medewerkers (export column names are compared without regard to letter case)',
      path: [3, 'name'], value: 'w_mw', reason: 'cleaning.derived.nameClash.weight', params: { name: 'w_mw', column: 'W_MW', scheme: 'medewerkers' },
    }]);
    expect(localizeError(e!, tNl).message).toBe('Afgeleide variabele w_mw valt samen met gewichtsvariabele W_MW van weegschema medewerkers (namen in de export tellen hoofd- en kleine letters gelijk). '
      + 'Kies een andere naam, of geef het weegschema een andere gewichtsnaam; een opgeslagen afgeleide variabele hernoemt u door hem te verwijderen en onder de nieuwe naam opnieuw te maken.');
    expect(localizeError(e!, tEn).message).toBe('Derived variable w_mw clashes with weight variable W_MW of weighting scheme medewerkers (export names are compared without regard to letter case). '
      + 'Choose another name, or give the weighting scheme another weight name; to rename a stored derived variable, delete it and define it again under the new name.');
  });

  it('a weighting scheme whose weight names clash: both named, each in the UI language', () => {
    const e = refusal(() => saveScheme(p.db, { ...officeHoldersScheme(functie), weightVariable: 'Slachtoffer_D', weightVariableN: 'inc_vorm_2' }, 'anna'));
    expect(e?.code).toBe('WEIGHTING_INPUT');
    expect(e?.issues?.map((i) => [i.reason, i.params])).toEqual([
      ['weighting.weightName.derived', { name: 'Slachtoffer_D', column: 'slachtoffer_d' }],
      ['weighting.weightName.option', { name: 'inc_vorm_2', column: 'inc_vorm_2', variable: 'inc_vorm' }],
    ]);
    const shown = localizeError(e!, tNl);
    expect(shown.message).toBe('2 problemen:');
    expect(shown.issues?.map((i) => i.message)).toEqual([
      'Gewichtsvariabele Slachtoffer_D is de afgeleide variabele slachtoffer_d (namen in de export tellen hoofd- en kleine letters gelijk); kies een andere naam.',
      'Gewichtsvariabele inc_vorm_2 is inc_vorm_2, een optiekolom van meerkeuzevariabele inc_vorm (namen in de export tellen hoofd- en kleine letters gelijk); kies een andere naam.',
    ]);
    expect(localizeError(e!, tEn).issues?.[0]?.message).toBe('Weight variable Slachtoffer_D is derived variable slachtoffer_d (export names are compared without regard to letter case); choose another name.');
  });

  it('a weighting scheme whose two weights differ only in letter case', () => {
    const e = refusal(() => saveScheme(p.db, { ...officeHoldersScheme(functie), weightVariable: 'w_pa', weightVariableN: 'W_PA' }, 'anna'));
    expect(e?.code).toBe('WEIGHTING_INPUT');
    expect(e?.issues).toEqual([{ message: 'the two weight variables need different names', path: ['weightVariableN'], value: 'W_PA', reason: 'weighting.weightName.same', params: { name: 'W_PA', column: 'w_pa' } }]);
    expect(localizeError(e!, tNl).message).toBe('W_PA is ook het gewicht naar de populatie (w_pa; namen in de export tellen hoofd- en kleine letters gelijk); kies een andere naam.');
    expect(localizeError(e!, tEn).message).toBe('W_PA is also the weight to the population (w_pa; export names are compared without regard to letter case); choose another name.');
  });
});
