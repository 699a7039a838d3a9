// The export names a derived variable may not take (takenExportNames), and the editor's early check (nameClashText).
import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { defaultMissing, type Questionnaire } from '../../shared/domain/questionnaire';
import { takenExportNames } from '../../shared/cleaning/rules';
import { nameClashText } from '../../renderer/features/cleaning/derivedNameText';

const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl', missingDefaults: defaultMissing('nl'),
  lists: [{ name: 'vorm', choices: [{ code: '1', label: { nl: 'schelden' } }, { code: '8', label: { nl: 'weet niet' } }] }],
  items: [
    { kind: 'variable', variable: { name: 'inc_vorm', type: 'multiple', listName: 'vorm', label: { nl: 'Vorm' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } },
    { kind: 'variable', variable: { name: 'Leeftijd', type: 'integer', label: { nl: 'Leeftijd' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } },
  ],
};

describe('takenExportNames', () => {
  it('holds case_id, variables, option columns, weights and derived names in lower case', () => {
    const taken = takenExportNames(Q, [{ name: 'w_MW', scheme: 'mw' }], ['Slachtoffer_d']);
    expect([...taken.entries()]).toEqual([
      ['case_id', { kind: 'reserved', column: 'case_id' }],
      ['inc_vorm', { kind: 'variable', column: 'inc_vorm' }],
      ['leeftijd', { kind: 'variable', column: 'Leeftijd' }],
      ['inc_vorm_1', { kind: 'option', column: 'inc_vorm_1', variable: 'inc_vorm' }],
      ['inc_vorm_8', { kind: 'option', column: 'inc_vorm_8', variable: 'inc_vorm' }],
      ['w_mw', { kind: 'weight', column: 'w_MW', scheme: 'mw' }],
      ['slachtoffer_d', { kind: 'derived', column: 'Slachtoffer_d' }],
    ]);
  });
});

describe('nameClashText (derived editor)', () => {
  const t = ((key: string, o: Record<string, string>) => `${key} ${JSON.stringify(o)}`) as unknown as TFunction;
  it('names the clash, whatever the letter case', () => {
    expect(nameClashText(t, 'INC_VORM_1', Q, [])).toBe('cleaning.derived.nameOption {"name":"INC_VORM_1","column":"inc_vorm_1","variable":"inc_vorm"}');
    expect(nameClashText(t, 'leeftijd', Q, [])).toBe('cleaning.derived.nameQuestionnaire {"name":"leeftijd","column":"Leeftijd"}');
    expect(nameClashText(t, 'Case_ID', Q, [])).toBe('cleaning.derived.nameReserved {"name":"Case_ID","column":"case_id"}');
    expect(nameClashText(t, 'Slachtoffer_D', Q, ['slachtoffer_d'])).toBe('cleaning.derived.nameDerived {"name":"Slachtoffer_D","column":"slachtoffer_d"}');
    expect(nameClashText(t, 'slachtoffer_d', Q, ['slachtoffer_d'])).toBe('cleaning.derived.nameTaken {"name":"slachtoffer_d"}');
    expect(nameClashText(t, 'case_id', undefined, [])).toBe('cleaning.derived.nameReserved {"name":"case_id","column":"case_id"}');
    expect(nameClashText(t, 'inc_vorm_d', Q, ['slachtoffer_d'])).toBeNull();
  });
});
