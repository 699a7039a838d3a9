// Questionnaire model helpers, name rules, structure checks and the codebook diff.
import { describe, expect, it } from 'vitest';
import { classifyChange, diffCodebooks } from './codebookDiff';
import { nameError, nameWarnings } from './names';
import { dataColumns, defaultMissing, keyingWidth, userMissingCodes, valueLabels, variablesOf, type Item, type Questionnaire, type Variable } from './questionnaire';
import { checkStructure } from './validate';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: name }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra } };
}
const base: Questionnaire = {
  id: 't', title: 'T', version: '1', languages: ['nl'], defaultLanguage: 'nl',
  lists: [
    { name: 'jn', choices: [{ code: '1', label: { nl: 'Ja' } }, { code: '2', label: { nl: 'Nee' } }, { code: '8', label: { nl: 'Weet niet / wil niet zeggen' } }] },
    { name: 'kanaal', choices: ['11', '12', '97'].map((code) => ({ code, label: { nl: `k${code}` } })) },
  ],
  missingDefaults: defaultMissing('nl'),
  items: [v('werk', 'single', { listName: 'jn' }), v('kanaal', 'multiple', { listName: 'kanaal' }), v('uren', 'integer', { range: { min: 0, max: 80 } }), v('toelichting', 'text', { maxLength: 200 })],
};
const get = (q: Questionnaire, n: string): Variable => variablesOf(q).find((x) => x.name === n)!;

describe('names', () => {
  it.each([
    ['groep', undefined],
    ['ag_verbaal2', undefined],
    ['2groep', 'must start with a letter'],
    ['_x', 'must start with a letter'],
    ['groep-a', 'only letters, digits and underscore'],
    ['groep a', 'only letters, digits and underscore'],
    ['é', 'must start with a letter'],
    ['a'.repeat(33), 'longer than 32'],
    ['', 'empty'],
  ])('%j', (name, err) => {
    const e = nameError(name);
    if (err === undefined) expect(e).toBeUndefined();
    else expect(e).toContain(err);
  });
  it('warns where SPSS, Stata or Excel would bite', () => {
    expect(nameWarnings('with')).toEqual(["name 'with' is a reserved word in SPSS", "name 'with' is a reserved word in Stata"]);
    expect(nameWarnings('float')[0]).toContain('Stata');
    expect(nameWarnings('groep_')[0]).toContain('underscore');
    expect(nameWarnings('ab12')[0]).toContain('Excel cell reference');
    expect(nameWarnings('groep')).toEqual([]);
  });
});

describe('model helpers', () => {
  it('user-missing codes: 8/9 by default, 98/99 for two-digit lists, none for numbers, per-variable override', () => {
    expect(userMissingCodes(base, get(base, 'werk')).map((m) => m.code)).toEqual(['8', '9']);
    expect(userMissingCodes(base, get(base, 'kanaal')).map((m) => m.code)).toEqual(['98', '99']);
    expect(userMissingCodes(base, get(base, 'uren'))).toEqual([]);
    expect(userMissingCodes(base, { ...get(base, 'uren'), missing: [{ code: '999', label: {} }] }).map((m) => m.code)).toEqual(['999']);
  });
  it('value labels: list codes first (the list label wins), then missing codes not in the list', () => {
    expect(valueLabels(base, get(base, 'werk')).map((l) => `${l.code}${l.missing ? '*' : ''} ${l.label.nl}`)).toEqual(['1 Ja', '2 Nee', '8* Weet niet / wil niet zeggen', '9* Geen antwoord']);
  });
  it('a multiple choice is one 0/1 column per option', () => {
    expect(dataColumns(base, get(base, 'kanaal'))).toEqual(['kanaal_11', 'kanaal_12', 'kanaal_97']);
    expect(dataColumns(base, get(base, 'werk'))).toEqual(['werk']);
  });
  it('keying width from codes, range, explicit width', () => {
    expect(keyingWidth(base, get(base, 'werk'))).toBe(1);
    expect(keyingWidth(base, get(base, 'kanaal'))).toBe(2);
    expect(keyingWidth(base, get(base, 'uren'))).toBe(2);
    expect(keyingWidth(base, { ...get(base, 'uren'), width: 3 })).toBe(3);
  });
});

describe('checkStructure', () => {
  it('a multiple-choice column clashing with another name is an error', () => {
    const q = { ...base, items: [...base.items, v('kanaal_11', 'integer')] };
    expect(checkStructure(q).filter((p) => p.severity === 'error').map((p) => p.message)).toEqual(["column 'kanaal_11' of this multiple choice clashes with the name 'kanaal_11'"]);
  });
  it('range minimum above maximum, a calculation without expression', () => {
    const q = { ...base, items: [v('a', 'integer', { range: { min: 5, max: 1 } }), v('c', 'calculated')] };
    expect(checkStructure(q).map((p) => p.message)).toEqual(['range minimum 5 is above the maximum 1', "calculation 'c' has no calculate expression"]);
  });
});

describe('codebook diff', () => {
  it('identical questionnaires', () => {
    expect(diffCodebooks(base, base)).toEqual({ classification: 'identical', changes: [] });
  });
  it('label-only changes', () => {
    const b: Questionnaire = { ...base, lists: [{ ...base.lists[0]!, choices: base.lists[0]!.choices.map((c) => (c.code === '1' ? { ...c, label: { nl: 'Jazeker' } } : c)) }, base.lists[1]!], items: base.items.map((it) => (it.kind === 'variable' && it.variable.name === 'uren' ? v('uren', 'integer', { range: { min: 0, max: 80 }, label: { nl: 'Uren per week' } }) : it)) };
    const d = diffCodebooks(base, b);
    expect(d.classification).toBe('labelOnly');
    expect(d.changes.map((c) => c.message)).toEqual(["werk: label of code 1 changed from 'Ja' to 'Jazeker'", "uren: label changed from 'uren' to 'Uren per week'"]);
  });
  it('logic changes (routing, checks)', () => {
    const b: Questionnaire = { ...base, items: base.items.map((it) => (it.kind === 'variable' && it.variable.name === 'uren' ? v('uren', 'integer', { range: { min: 0, max: 80 }, relevant: "${werk} = '1'" }) : it)) };
    expect(classifyChange(base, b)).toBe('logic');
  });
  it('structural changes: codes added or removed, types changed, variables removed or added', () => {
    const b: Questionnaire = {
      ...base,
      lists: [base.lists[0]!, { name: 'kanaal', choices: [...base.lists[1]!.choices.filter((c) => c.code !== '12'), { code: '24', label: { nl: 'app' } }] }],
      items: [v('werk', 'multiple', { listName: 'jn' }), base.items[1]!, v('nieuw', 'text'), base.items[2]!],
    };
    const d = diffCodebooks(base, b);
    expect(d.classification).toBe('structural');
    expect(d.changes.filter((c) => c.kind === 'structural').map((c) => c.message)).toEqual([
      'werk: type changed from single to multiple',
      'kanaal: code 24 added (app)',
      'kanaal: code 12 removed (k12)',
      'nieuw: variable added (text)',
      'toelichting: variable removed',
    ]);
  });
});
