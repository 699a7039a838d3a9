// Value labels of derived variables: validation (validateDerived), the editor's `code = label` lines, the contract, the export questionnaire.
import { describe, expect, it } from 'vitest';
import { defaultMissing, valueLabels, userMissingCodes, findVariable, type Questionnaire } from '../../shared/domain/questionnaire';
import { DomainError } from '../../shared/domain/errors';
import { validateDerived, valueLabelProblems } from '../../shared/cleaning/rules';
import type { DerivedVariable } from '../../shared/cleaning/types';
import { cleaningApi } from '../../shared/contract/cleaning';
import { parseValueLabelsText, formatValueLabelsText } from '../../renderer/features/cleaning/valueLabelsText';
import { withDerived, derivedListName } from '../../electron/backend/export/loadDataset';

const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl',
  lists: [{ name: 'veldwerk_derived_lftgroep', choices: [{ code: '9', label: { nl: 'bestaande lijst' } }] }],
  missingDefaults: defaultMissing('nl'),
  items: [{ kind: 'variable', variable: { name: 'leeftijd', type: 'integer', label: { nl: 'Leeftijd' }, hint: {}, required: true, constraintMessage: {}, softConstraintMessage: {}, identifier: false } }],
};
const AGE = 'if(${leeftijd} < 35, 1, if(${leeftijd} < 55, 2, 3))';
const lftgroep = (valueLabels: DerivedVariable['valueLabels']): DerivedVariable => ({ name: 'lftgroep', expression: AGE, label: 'Leeftijdsgroep', valueLabels });

/** The DomainError validateDerived throws, or null. */
function errorOf(d: DerivedVariable[]): DomainError | null {
  try {
    validateDerived(Q, d);
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
}

describe('validateDerived: value labels', () => {
  it('accepts unique codes with labels, and none at all', () => {
    expect(errorOf([lftgroep([{ code: '1', label: '18-34 jaar' }, { code: '2', label: '35-54 jaar' }, { code: '3', label: '55 jaar of ouder' }])])).toBeNull();
    expect(errorOf([lftgroep([])])).toBeNull();
    expect(errorOf([lftgroep(undefined)])).toBeNull();
  });
  it('names the derived variable and the row of a duplicate code, an empty code and an empty label', () => {
    const e = errorOf([{ name: 'ok', expression: '1', label: '' }, lftgroep([{ code: '1', label: 'jong' }, { code: ' 1 ', label: 'ook jong' }, { code: '', label: 'geen code' }, { code: '3', label: '  ' }])]);
    expect(e?.code).toBe('INVALID_INPUT');
    expect(e?.issues.map((i) => i.message)).toEqual([
      'lftgroep: value label 2: code 1 is also value label 1',
      'lftgroep: value label 3 has no code',
      'lftgroep: value label 4 (code 3) has no label',
    ]);
    expect(e?.issues.map((i) => i.path)).toEqual([[1, 'valueLabels', 1, 'code'], [1, 'valueLabels', 2, 'code'], [1, 'valueLabels', 3, 'label']]);
    expect(e?.message).toBe('lftgroep: value label 2: code 1 is also value label 1; lftgroep: value label 3 has no code; lftgroep: value label 4 (code 3) has no label');
  });
  it('limits the length of codes and labels', () => {
    expect(valueLabelProblems(lftgroep([{ code: 'x'.repeat(65), label: 'l' }, { code: '2', label: 'y'.repeat(501) }])).map((i) => i.message)).toEqual([
      'lftgroep: value label 1: code longer than 64 characters',
      'lftgroep: value label 2 (code 2): label longer than 500 characters',
    ]);
  });
});

describe('the cleaning.derive contract', () => {
  const input = cleaningApi['cleaning.derive'].input;
  it('trims codes and labels and defaults to no value labels', () => {
    expect(input.parse({ name: 'lftgroep', expression: AGE, operator: 'anna', valueLabels: [{ code: ' 1 ', label: ' 18-34 jaar ' }] }).valueLabels).toEqual([{ code: '1', label: '18-34 jaar' }]);
    expect(input.parse({ name: 'lftgroep', expression: AGE, operator: 'anna' }).valueLabels).toEqual([]);
  });
  it('refuses unknown fields in a value label', () => {
    expect(input.safeParse({ name: 'x', expression: '1', operator: 'anna', valueLabels: [{ code: '1', label: 'a', extra: 1 }] }).success).toBe(false);
  });
});

describe('value labels as editor lines', () => {
  it('reads `code = label` lines, skipping blank ones; a label may hold =', () => {
    expect(parseValueLabelsText('1 = 18-34 jaar\n\n 2=35-54 jaar \r\n3 = 55+ (= oudste groep)')).toEqual({
      labels: [{ code: '1', label: '18-34 jaar' }, { code: '2', label: '35-54 jaar' }, { code: '3', label: '55+ (= oudste groep)' }],
      errors: [],
    });
  });
  it('reports each bad line with its number', () => {
    expect(parseValueLabelsText('1 = jong\n2 jong\n = leeg\n1 = weer\n4 =').errors).toEqual([
      { line: 2, problem: 'noEquals', code: '2 jong' },
      { line: 3, problem: 'noCode', code: '' },
      { line: 4, problem: 'duplicate', code: '1', firstLine: 1 },
      { line: 5, problem: 'noLabel', code: '4' },
    ]);
  });
  it('formats labels back into the same lines', () => {
    const labels = [{ code: '0', label: 'Nee' }, { code: '1', label: 'Ja' }];
    expect(formatValueLabelsText(labels)).toBe('0 = Nee\n1 = Ja');
    expect(parseValueLabelsText(formatValueLabelsText(labels)).labels).toEqual(labels);
    expect(formatValueLabelsText(undefined)).toBe('');
  });
});

describe('withDerived: value labels as a choice list', () => {
  it('gives a derived variable with value labels its own list (avoiding a questionnaire list of the same name) and no missing codes', () => {
    const q = withDerived(Q, [lftgroep([{ code: '1', label: '18-34 jaar' }, { code: '2', label: '35-54 jaar' }, { code: '3', label: '55 jaar of ouder' }]), { name: 'ruw', expression: '${leeftijd}', label: 'Ruw', valueLabels: [] }]);
    expect(derivedListName(Q, 'lftgroep')).toBe('veldwerk_derived_lftgroep_2');
    const v = findVariable(q, 'lftgroep')!;
    expect(v.listName).toBe('veldwerk_derived_lftgroep_2');
    expect(q.lists.map((l) => l.name)).toEqual(['veldwerk_derived_lftgroep', 'veldwerk_derived_lftgroep_2']);
    expect(valueLabels(q, v)).toEqual([
      { code: '1', label: { nl: '18-34 jaar' }, missing: false },
      { code: '2', label: { nl: '35-54 jaar' }, missing: false },
      { code: '3', label: { nl: '55 jaar of ouder' }, missing: false },
    ]);
    expect(userMissingCodes(q, v)).toEqual([]);
    expect(findVariable(q, 'ruw')!.listName).toBeUndefined();
    expect(Q.lists).toHaveLength(1);
  });
});
