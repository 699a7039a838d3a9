// Checks of one case: required, codes, types, ranges, lengths, hard and soft checks, off-route answers.
import { describe, expect, it } from 'vitest';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../domain/questionnaire';
import { createChecker } from './checker';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: name }, hint: {}, required: true, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra } };
}
const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl',
  lists: [
    { name: 'jn', choices: [{ code: '1', label: { nl: 'ja' } }, { code: '2', label: { nl: 'nee' } }, { code: '8', label: { nl: 'weet niet' } }] },
    { name: 'kanaal', choices: ['11', '12', '21', '97', '98'].map((code) => ({ code, label: { nl: code } })) },
  ],
  missingDefaults: defaultMissing('nl'),
  items: [
    v('werk', 'single', { listName: 'jn' }),
    v('uren', 'integer', { relevant: "${werk} = '1'", constraint: '. >= 1 and . <= 80', constraintMessage: { nl: 'Tussen 1 en 80.' }, range: { min: 1, max: 80 }, softConstraint: '. <= 60', softConstraintMessage: { nl: 'Meer dan 60 uur, klopt dat?' } }),
    v('leeftijd', 'integer', { range: { min: 15, max: 99 }, missing: [{ code: '999', label: {} }] }),
    v('kanalen', 'multiple', { listName: 'kanaal', constraint: "not(selected(., '98') and count-selected(.) > 1)" }),
    v('gewicht', 'decimal', { decimals: 1, required: false }),
    v('geboren', 'date', { required: false, constraint: '. <= today()' }),
    v('naam', 'text', { maxLength: 5, required: false, identifier: true }),
    v('kanaal', 'single', { listName: 'kanaal', required: false }),
  ],
};
const checker = createChecker(Q);
const run = (answers: Record<string, string | number | null>, opts = {}) =>
  checker.check(answers, { today: '2014-03-01', ...opts }).violations.map((x) => `${x.variable} ${x.kind} ${x.severity}: ${x.message}`);

describe('checks of one case', () => {
  it('a clean case has no violations', () => {
    expect(run({ werk: '1', uren: '40', leeftijd: 44, kanalen: '11 21', gewicht: '70.5', geboren: '1970-01-01', naam: 'Jan', kanaal: '97' })).toEqual([]);
  });
  it('required fields on route, and only those', () => {
    expect(run({ werk: '2' })).toEqual(['leeftijd required hard: leeftijd needs an answer', 'kanalen required hard: kanalen needs an answer']);
    expect(run({ werk: '2' }, { requireAnswers: false })).toEqual([]);
  });
  it('codes not in the list; user-missing codes (defaults 8/9, 98/99 for two-digit lists) are valid', () => {
    expect(run({ werk: '3', leeftijd: 30, kanalen: '11' })).toEqual(['werk code hard: 3 is not a code of werk']);
    expect(run({ werk: '9', leeftijd: 30, kanalen: '99' })).toEqual([]);
    expect(run({ werk: '2', leeftijd: 30, kanalen: '11', kanaal: '9' })).toEqual(['kanaal code hard: 9 is not a code of kanaal']);
    expect(run({ werk: '2', leeftijd: 30, kanalen: '11 13' })).toEqual(['kanalen code hard: 13 is not a code of kanalen']);
    expect(run({ werk: '2', leeftijd: 30, kanalen: '11 11' })).toEqual(['kanalen code hard: 11 is chosen twice for kanalen']);
  });
  it('hard checks with the form message; the range read from the same constraint is not repeated', () => {
    expect(run({ werk: '1', uren: 90, leeftijd: 30, kanalen: '11' })).toEqual(['uren hard hard: Tussen 1 en 80.']);
    expect(run({ werk: '2', leeftijd: 30, kanalen: '98 11' })).toEqual(["kanalen hard hard: kanalen: the check 'not(selected(., '98') and count-selected(.) > 1)' fails"]);
  });
  it('soft checks warn and may be confirmed', () => {
    const [x] = checker.check({ werk: '1', uren: 70, leeftijd: 30, kanalen: '11' }).violations;
    expect(x).toMatchObject({ variable: 'uren', kind: 'soft', severity: 'soft', message: 'Meer dan 60 uur, klopt dat?', formMessage: { nl: 'Meer dan 60 uur, klopt dat?' }, value: '70' });
  });
  it('ranges, types, decimals, dates, lengths; a per-variable user-missing code passes the range', () => {
    expect(run({ werk: '2', leeftijd: 12, kanalen: '11' })).toEqual(['leeftijd range hard: 12 is outside 15–99']);
    expect(run({ werk: '2', leeftijd: 999, kanalen: '11' })).toEqual([]);
    expect(run({ werk: '2', leeftijd: '3x', kanalen: '11' })).toEqual(['leeftijd type hard: 3x is not a number']);
    expect(run({ werk: '2', leeftijd: '30.5', kanalen: '11' })).toEqual(['leeftijd type hard: 30.5 is not a whole number']);
    expect(run({ werk: '2', leeftijd: 30, kanalen: '11', gewicht: '70.55' })).toEqual(['gewicht type hard: 70.55 has more than 1 decimals']);
    expect(run({ werk: '2', leeftijd: 30, kanalen: '11', geboren: '2014-02-30' })).toEqual(['geboren type hard: 2014-02-30 is not a date (YYYY-MM-DD)']);
    expect(run({ werk: '2', leeftijd: 30, kanalen: '11', geboren: '2015-01-01' })).toEqual(["geboren hard hard: geboren: the check '. <= today()' fails"]);
    expect(run({ werk: '2', leeftijd: 30, kanalen: '11', naam: 'Johannes' })).toEqual(['naam length hard: text of 8 characters is longer than 5']);
  });
  it('answers to skipped questions are soft offRoute violations', () => {
    expect(run({ werk: '2', uren: 40, leeftijd: 30, kanalen: '11' })).toEqual(['uren offRoute soft: uren is answered but routing skips it']);
    expect(run({ werk: '2', uren: 40, leeftijd: 30, kanalen: '11' }, { reportOffRoute: false })).toEqual([]);
  });
  it('checks a single variable against a computed route', () => {
    const { state } = checker.check({ werk: '1', uren: 0 });
    expect(checker.checkVariable(state, 'uren').map((x) => x.kind)).toEqual(['hard']);
    expect(checker.checkVariable(state, 'onbekend')).toEqual([]);
  });
});
