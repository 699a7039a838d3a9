// A derived variable that a weighting scheme weights by (margin, cell or population filter) cannot be deleted: the
// refusal names the schemes, in Dutch and English. A scheme whose variable is gone anyway (deleted before the refusal
// existed) says so: weighting.listSchemes lists the missing variables, a run is refused naming them (not "a missing
// value for every respondent"). On a real SQLite project file (the Monitor questionnaire, synthetic employees); the
// derived variable is a constant, so the scheme only grosses the employees up to 1,000.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { localizeError } from '../../renderer/api/errorText';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { deleteDerived, listDerived } from '../../electron/backend/db/repos/cleaningRepo';
import { defineDerived, removeRule, saveRule } from '../../electron/backend/services/cleaning';
import { runScheme, saveScheme, schemeStaleness, weightingHandlers } from '../../electron/backend/services/weighting';
import type { ResultError } from '../../shared/contract/result';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject } from './weightingFixture';

const dir = tempDir('veldwerk-derived-scheme-');
let p: ProjectDb;
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

const del = (name: string) => refusal(() => defineDerived(p.db, { name, expression: null, label: '', operator: 'anna' }));
const sexOnly = { name: 'sexonly', group: { variable: 'groep', codes: [2] }, method: 'rake' as const, weightVariable: 'w_sex', weightVariableN: null,
  margins: [{ variables: ['vrouw'], categories: [{ codes: [1], value: 1000 }] }] };
const list = () => weightingHandlers['weighting.listSchemes']({}, { session: { project: p, hostLabel: 'test' } } as never) as { name: string; missingVariables: string[] }[];

beforeAll(async () => {
  const inst = i18next.createInstance();
  await inst.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
  tNl = inst.getFixedT('nl');
  tEn = inst.getFixedT('en');
  const path = await createMonitorProject(join(dir, 'p.vwk'), { officeHolders: 10, employees: 60, excluded: 0, open: 0, seed: 53 });
  p = await openProjectForWrite(path, 'test');
  defineDerived(p.db, { name: 'vrouw', expression: '1', label: 'Vrouw', operator: 'anna' });
  saveScheme(p.db, sexOnly, 'anna');
  expect(runScheme(p.db, 'sexonly', 'anna').cases.weighted).toBe(60);
}, 120_000);
afterAll(() => p.close());

describe('deleting a derived variable a weighting scheme uses', () => {
  it('is refused, naming the scheme (margin), in Dutch and English; nothing is deleted', () => {
    const e = del('vrouw');
    expect(e?.code).toBe('INVALID_INPUT');
    expect(e?.issues).toEqual([{
      message: 'vrouw cannot be deleted: weighting scheme sexonly weights by it (change the scheme on the Weighting screen or delete it first)',
      value: 'vrouw', reason: 'cleaning.derived.usedBySchemes', params: { name: 'vrouw', schemes: 'sexonly', count: 1 },
    }]);
    expect(localizeError(e!, tNl)).toEqual({ code: 'INVALID_INPUT', message: 'vrouw kan niet worden verwijderd: weegschema sexonly weegt erop. Pas het schema eerst aan op het scherm Weging of verwijder het.' });
    expect(localizeError(e!, tEn).message).toBe('vrouw cannot be deleted: weighting scheme sexonly weights by it. Change the scheme on the Weighting screen or delete it first.');
    expect(listDerived(p.db).map((d) => d.name)).toContain('vrouw');
    expect(schemeStaleness(p.db, 'sexonly')?.stale).toBe(false);
  });

  it('names every scheme, also one that uses it as its population filter (plural)', () => {
    saveScheme(p.db, { ...sexOnly, name: 'vrouwen', group: { variable: 'vrouw', codes: [1] }, weightVariable: 'w_vr', margins: [{ variables: ['groep'], categories: [{ codes: [1], value: 10 }, { codes: [2], value: 90 }] }] }, 'anna');
    const e = del('vrouw');
    expect(e?.issues?.[0]?.params).toEqual({ name: 'vrouw', schemes: 'sexonly, vrouwen', count: 2 });
    expect(localizeError(e!, tNl).message).toBe("vrouw kan niet worden verwijderd: de weegschema's sexonly, vrouwen wegen erop. Pas die schema's eerst aan op het scherm Weging of verwijder ze.");
    expect(localizeError(e!, tEn).message).toBe('vrouw cannot be deleted: the weighting schemes sexonly, vrouwen weight by it. Change those schemes on the Weighting screen or delete them first.');
    weightingHandlers['weighting.deleteScheme']({ name: 'vrouwen' }, { session: { project: p, hostLabel: 'test' } } as never);
  });

  it('with an edit rule reading it too: both refusals, each in the UI language', () => {
    saveRule(p.db, { name: 'vrouw_check', expression: '${vrouw} = 3', message: 'x', severity: 'warning', variables: [], examples: [], enabled: true }, 'anna');
    const e = del('vrouw');
    expect(e?.message).toBe('vrouw cannot be deleted: edit rule vrouw_check reads it (change or delete vrouw_check first); weighting scheme sexonly weights by it (change the scheme on the Weighting screen or delete it first)');
    expect(e?.issues?.map((i) => i.reason)).toEqual(['cleaning.derived.readBy.rules', 'cleaning.derived.usedBySchemes']);
    const shown = localizeError(e!, tNl);
    expect(shown.message).toBe('De invoer is niet geldig (2 problemen):');
    expect(shown.issues?.map((i) => i.message)).toEqual([
      'vrouw kan niet worden verwijderd: controleregel vrouw_check gebruikt hem. Pas vrouw_check eerst aan of verwijder die.',
      'vrouw kan niet worden verwijderd: weegschema sexonly weegt erop. Pas het schema eerst aan op het scherm Weging of verwijder het.',
    ]);
    removeRule(p.db, 'vrouw_check', 'anna');
  });

  it('a derived variable no scheme uses is still deleted', () => {
    defineDerived(p.db, { name: 'los', expression: '1', label: '', operator: 'anna' });
    expect(del('los')).toBeNull();
    expect(listDerived(p.db).map((d) => d.name)).not.toContain('los');
  });
});

describe('a scheme whose variable no longer exists', () => {
  it('is listed with the missing variable, and its run is refused naming it (nl/en)', () => {
    // As in a project where the derived variable was deleted before such deletes were refused.
    expect(deleteDerived(p.db, 'vrouw')).toBe(true);
    expect(list().find((s) => s.name === 'sexonly')?.missingVariables).toEqual(['vrouw']);
    const e = refusal(() => runScheme(p.db, 'sexonly', 'anna'));
    expect(e?.code).toBe('WEIGHTING_INPUT');
    expect(e?.message).toBe('Scheme sexonly weights by vrouw, which no longer exists (neither a questionnaire variable nor a derived variable); define it again under that name, or change the scheme.');
    expect(e?.issues?.[0]).toMatchObject({ reason: 'weighting.variableGone', params: { scheme: 'sexonly', variables: 'vrouw', count: 1 } });
    expect(localizeError(e!, tNl).message).toBe('Schema sexonly weegt op vrouw, die niet meer bestaat (geen vragenlijstvariabele en geen afgeleide variabele). Maak die opnieuw aan onder die naam of pas het schema aan.');
    expect(localizeError(e!, tEn).message).toBe('Scheme sexonly weights by vrouw, which no longer exists (neither a questionnaire variable nor a derived variable). Define it again under that name, or change the scheme.');
    // Out of date without counts: no "60 cases with a changed value".
    expect(schemeStaleness(p.db, 'sexonly', { full: true })).toMatchObject({ stale: true, weightedNow: null, valuesChanged: null, changedVariables: [] });
  });

  it('runs again once the variable is defined again under that name', () => {
    defineDerived(p.db, { name: 'vrouw', expression: '1', label: 'Vrouw', operator: 'anna' });
    expect(list().find((s) => s.name === 'sexonly')?.missingVariables).toEqual([]);
    expect(runScheme(p.db, 'sexonly', 'anna').cases.weighted).toBe(60);
  });
});
