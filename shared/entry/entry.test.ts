// Unit tests of the entry core: fast dates, typed codes, auto-advance, missing keys, the form summary.
import { describe, expect, it } from 'vitest';
import { createChecker } from '../checks/checker';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../domain/questionnaire';
import { canonicalCodes, comparableValue, splitCodes, toDisplayValue, toStoredValue } from './codes';
import { expandYear, formatDutchDate, parseFastDate } from './fastDate';
import { missingKeyOf, missingKeyValue, shouldAutoAdvance } from './keying';
import { formSummary } from './summary';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: name }, hint: {}, required: true, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra } };
}
const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl',
  lists: [
    { name: 'jn', choices: [{ code: '1', label: { nl: 'ja' } }, { code: '2', label: { nl: 'nee' } }] },
    { name: 'kanaal', choices: ['1', '2', '3', '11', '97'].map((code) => ({ code, label: { nl: code } })) },
  ],
  missingDefaults: defaultMissing('nl'),
  items: [
    v('werk', 'single', { listName: 'jn' }),
    v('uren', 'integer', { relevant: "${werk} = '1'", range: { min: 1, max: 80 }, constraint: '. >= 1 and . <= 80', softConstraint: '. <= 60', softConstraintMessage: { nl: 'Meer dan 60 uur?' } }),
    v('kanalen', 'multiple', { listName: 'kanaal' }),
    v('kanaal', 'single', { listName: 'kanaal', required: false }),
    v('datum', 'date', { required: false }),
    v('opm', 'text', { required: false }),
  ],
};
const vars = (n: string): Variable => {
  for (const it of Q.items) if (it.kind === 'variable' && it.variable.name === n) return it.variable;
  throw new Error(n);
};

describe('parseFastDate', () => {
  it.each([
    ['230114', '2014-01-23'],
    ['23-1-14', '2014-01-23'],
    ['23-01-2014', '2014-01-23'],
    ['23012014', '2014-01-23'],
    ['1.2.14', '2014-02-01'],
    ['2014-01-23', '2014-01-23'],
    ['29 2 2016', '2016-02-29'],
  ])('%s → %s', (typed, iso) => expect(parseFastDate(typed, '2026-12-03')).toEqual({ ok: true, iso }));

  it('refuses impossible dates and other text', () => {
    expect(parseFastDate('310214')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseFastDate('29-2-2015')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseFastDate('23-13-14')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseFastDate('2301')).toEqual({ ok: false, reason: 'format' });
    expect(parseFastDate('  ')).toEqual({ ok: false, reason: 'empty' });
  });

  it('puts two-digit years in the window ending ten years after the reference year', () => {
    expect(expandYear(14, 2026)).toBe(2014);
    expect(expandYear(36, 2026)).toBe(2036);
    expect(expandYear(37, 2026)).toBe(1937);
    expect(expandYear(99)).toBe(2099);
    expect(parseFastDate('010150', '2026-01-01')).toEqual({ ok: true, iso: '1950-01-01' });
  });

  it('shows ISO dates the Dutch way', () => {
    expect(formatDutchDate('2014-01-23')).toBe('23-01-2014');
    expect(formatDutchDate('9')).toBe('9');
  });
});

describe('typed codes', () => {
  it('splits multiple choice on space, + and comma and stores list order', () => {
    expect(splitCodes('1+3')).toEqual(['1', '3']);
    expect(splitCodes(' 2  11,1 ')).toEqual(['2', '11', '1']);
    expect(canonicalCodes(['11', '1', '3'], ['1', '2', '3', '11'])).toBe('1 3 11');
    expect(toStoredValue(Q, vars('kanalen'), '3+1')).toEqual({ ok: true, value: '1 3' });
    expect(toStoredValue(Q, vars('kanalen'), '3 1 3')).toEqual({ ok: true, value: '1 3 3' });
  });

  it('stores dates as ISO, keeps missing codes, refuses unreadable dates', () => {
    expect(toStoredValue(Q, vars('datum'), '230114', '2026-01-01')).toEqual({ ok: true, value: '2014-01-23' });
    expect(toStoredValue(Q, vars('datum'), '9', undefined, ['9'])).toEqual({ ok: true, value: '9' });
    expect(toStoredValue(Q, vars('datum'), '2301')).toEqual({ ok: false, reason: 'date' });
    expect(toDisplayValue(vars('datum'), '2014-01-23')).toBe('23-01-2014');
  });

  it('reads a decimal comma and trims', () => {
    expect(toStoredValue(Q, vars('uren'), ' 12 ')).toEqual({ ok: true, value: '12' });
    expect(toStoredValue(Q, { ...vars('uren'), type: 'decimal' }, '1,5')).toEqual({ ok: true, value: '1.5' });
    expect(toStoredValue(Q, vars('opm'), '  vrije tekst ')).toEqual({ ok: true, value: 'vrije tekst' });
  });

  it('compares keyings ignoring spaces, case and number formatting', () => {
    expect(comparableValue(vars('uren'), ' 05')).toBe(comparableValue(vars('uren'), '5'));
    expect(comparableValue(vars('kanalen'), '3 1')).toBe(comparableValue(vars('kanalen'), '1 3'));
    expect(comparableValue(vars('opm'), 'Tekst ')).toBe(comparableValue(vars('opm'), 'tekst'));
    expect(comparableValue(vars('uren'), '5')).not.toBe(comparableValue(vars('uren'), '6'));
  });
});

describe('keyboard contract', () => {
  it('auto-advances a field when its code fills the keying width, not on a prefix of a longer code', () => {
    expect(shouldAutoAdvance(Q, vars('werk'), '1')).toBe(true);
    expect(shouldAutoAdvance(Q, vars('uren'), '4')).toBe(false);
    expect(shouldAutoAdvance(Q, vars('uren'), '45')).toBe(true);
    expect(shouldAutoAdvance(Q, vars('kanaal'), '1', ['1', '2', '3', '11', '97', '98', '99'])).toBe(false);
    expect(shouldAutoAdvance(Q, vars('kanaal'), '97', ['1', '2', '3', '11', '97', '98', '99'])).toBe(true);
    expect(shouldAutoAdvance(Q, vars('kanalen'), '1 3')).toBe(false);
    expect(shouldAutoAdvance(Q, vars('datum'), '23-01-2014')).toBe(true);
    expect(shouldAutoAdvance(Q, vars('datum'), '230114')).toBe(false);
    expect(shouldAutoAdvance(Q, vars('opm'), 'abc')).toBe(false);
  });

  it('maps the single keys to the project missing codes', () => {
    expect(missingKeyOf('/')).toBe('noAnswer');
    expect(missingKeyOf('*')).toBe('notLegible');
    expect(missingKeyOf('1')).toBeUndefined();
    expect(missingKeyValue(Q, vars('werk'), 'noAnswer').value).toBe('9');
    expect(missingKeyValue(Q, vars('kanaal'), 'noAnswer').value).toBe('99');
    // no "onleesbaar" code in the project: not legible falls back to the no-answer code
    expect(missingKeyValue(Q, vars('werk'), 'notLegible').value).toBe('9');
    const withIllegible: Questionnaire = { ...Q, missingDefaults: { ...Q.missingDefaults, oneDigit: [...Q.missingDefaults.oneDigit, { code: '7', label: { nl: 'Onleesbaar' } }] } };
    expect(missingKeyValue(withIllegible, vars('werk'), 'notLegible').value).toBe('7');
    // integers without missing codes: system-missing
    expect(missingKeyValue(Q, vars('uren'), 'noAnswer')).toEqual({ value: '' });
  });
});

describe('formSummary', () => {
  const checker = createChecker(Q);
  it('lists required fields left empty and unconfirmed soft warnings', () => {
    const s = formSummary(checker, { werk: '1', uren: '70' }, []);
    expect(s.requiredEmpty).toEqual(['kanalen']);
    expect(s.openWarnings.map((w) => w.variable)).toEqual(['uren']);
    expect(s.fieldsOnRoute).toBe(6);
    expect(s.answered).toBe(2);
  });

  it('a confirmation counts only for the value it was given for', () => {
    expect(formSummary(checker, { werk: '1', uren: '70', kanalen: '1' }, [{ variable: 'uren', value: '70' }]).openWarnings).toEqual([]);
    expect(formSummary(checker, { werk: '1', uren: '75', kanalen: '1' }, [{ variable: 'uren', value: '70' }]).openWarnings).toHaveLength(1);
  });

  it('does not ask for fields routing skips', () => {
    const s = formSummary(checker, { werk: '2', kanalen: '1' }, []);
    expect(s.requiredEmpty).toEqual([]);
    expect(s.fieldsOnRoute).toBe(5);
  });
});
