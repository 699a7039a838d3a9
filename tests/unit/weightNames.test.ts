// The weight variable names of a weighting scheme against the export columns (shared weightNameClashes, as saveScheme
// checks them) and the scheme form's early check worded in Dutch and English (weightNameProblems).
import { beforeAll, describe, expect, it } from 'vitest';
import i18next, { type i18n } from 'i18next';
import { defaultMissing, type Questionnaire } from '../../shared/domain/questionnaire';
import { DomainError } from '../../shared/domain/errors';
import { assertWeightNamesFree, weightNameClashes, type WeightNameContext } from '../../shared/weighting/weightNames';
import { weightNameProblems } from '../../renderer/features/weighting/weightNameText';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';

const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl', missingDefaults: defaultMissing('nl'),
  lists: [{ name: 'vorm', choices: [{ code: '1', label: { nl: 'schelden' } }, { code: '8', label: { nl: 'weet niet' } }] }],
  items: [
    { kind: 'variable', variable: { name: 'inc_vorm', type: 'multiple', listName: 'vorm', label: { nl: 'Vorm' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } },
    { kind: 'variable', variable: { name: 'Leeftijd', type: 'integer', label: { nl: 'Leeftijd' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } },
  ],
};
const CTX: WeightNameContext = {
  questionnaire: Q,
  derived: ['slachtoffer_d'],
  weights: [{ name: 'w_mw', scheme: 'medewerkers' }, { name: 'w_mw_n', scheme: 'medewerkers' }, { name: 'w_pa', scheme: 'ambtsdragers' }],
};
const scheme = (weightVariable: string | null, weightVariableN: string | null = null, name = 'ambtsdragers') => ({ name, weightVariable, weightVariableN });

describe('weightNameClashes', () => {
  it('finds each clash without regard to letter case; the scheme’s own weights do not count', () => {
    expect(weightNameClashes(scheme('Slachtoffer_D', 'W_MW'), CTX)).toEqual([
      { field: 'weightVariable', name: 'Slachtoffer_D', clash: { kind: 'derived', column: 'slachtoffer_d' } },
      { field: 'weightVariableN', name: 'W_MW', clash: { kind: 'weight', column: 'w_mw', scheme: 'medewerkers' } },
    ]);
    expect(weightNameClashes(scheme('LEEFTIJD', 'Inc_Vorm_8'), CTX).map((c) => c.clash)).toEqual([
      { kind: 'variable', column: 'Leeftijd' }, { kind: 'option', column: 'inc_vorm_8', variable: 'inc_vorm' },
    ]);
    expect(weightNameClashes(scheme('CASE_ID'), CTX).map((c) => c.clash)).toEqual([{ kind: 'reserved', column: 'case_id' }]);
    expect(weightNameClashes(scheme('w_pa', 'w_pa_n'), CTX)).toEqual([]);
    expect(weightNameClashes(scheme(null, ''), CTX)).toEqual([]);
  });

  it('assertWeightNamesFree refuses with the clash named (WEIGHTING_INPUT, one issue per field)', () => {
    let caught: unknown;
    try {
      assertWeightNamesFree(scheme('inc_vorm'), CTX);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('WEIGHTING_INPUT');
    expect((caught as DomainError).message).toBe('Scheme ambtsdragers: weight variable inc_vorm clashes with questionnaire variable inc_vorm (export column names are compared without regard to letter case).');
    expect((caught as DomainError).issues).toEqual([{ message: 'weight variable inc_vorm clashes with questionnaire variable inc_vorm (export column names are compared without regard to letter case)', path: ['weightVariable'], value: 'inc_vorm', reason: 'weighting.weightName.variable', params: { name: 'inc_vorm', column: 'inc_vorm' } }]);
    expect(() => assertWeightNamesFree(scheme('w_pa'), CTX)).not.toThrow();
  });
});

describe('weightNameProblems (scheme form, nl/en)', () => {
  let tr: i18n;
  beforeAll(async () => {
    tr = i18next.createInstance();
    await tr.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
  });

  it('words every clash in Dutch', () => {
    const t = tr.getFixedT('nl');
    const tail = ' (namen in de export tellen hoofd- en kleine letters gelijk); kies een andere naam.';
    expect(weightNameProblems(t, scheme('Slachtoffer_D', 'W_MW_N'), CTX)).toEqual({
      weightVariable: `Gewichtsvariabele Slachtoffer_D is de afgeleide variabele slachtoffer_d${tail}`,
      weightVariableN: `Gewichtsvariabele W_MW_N is al gewichtsvariabele w_mw_n van weegschema medewerkers${tail}`,
    });
    expect(weightNameProblems(t, scheme('leeftijd', 'inc_vorm_1'), CTX)).toEqual({
      weightVariable: `Gewichtsvariabele leeftijd is de vragenlijstvariabele Leeftijd${tail}`,
      weightVariableN: `Gewichtsvariabele inc_vorm_1 is inc_vorm_1, een optiekolom van meerkeuzevariabele inc_vorm${tail}`,
    });
    expect(weightNameProblems(t, scheme('Case_ID'), CTX)).toEqual({ weightVariable: `Gewichtsvariabele Case_ID is de exportkolom case_id${tail}` });
    expect(weightNameProblems(t, scheme('gewicht', 'Gewicht'), CTX)).toEqual({ weightVariableN: 'Gewicht is ook het gewicht naar de populatie (gewicht; namen in de export tellen hoofd- en kleine letters gelijk); kies een andere naam.' });
    expect(weightNameProblems(t, scheme('w_pa', 'w_pa_n'), CTX)).toEqual({});
  });

  it('words them in English', () => {
    const t = tr.getFixedT('en');
    expect(weightNameProblems(t, scheme('w_MW', null, 'nieuw'), CTX)).toEqual({
      weightVariable: 'Weight variable w_MW is already weight variable w_mw of weighting scheme medewerkers (export names are compared without regard to letter case); choose another name.',
    });
    expect(weightNameProblems(t, scheme('slachtoffer_d'), CTX).weightVariable).toBe('Weight variable slachtoffer_d is derived variable slachtoffer_d (export names are compared without regard to letter case); choose another name.');
  });
});
