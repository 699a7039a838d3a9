// Unit tests of the CSV and SPSS syntax rules: profiles, neutralisation, quoting, numbers, labels, missing values.
import { describe, expect, it } from 'vitest';
import { csvLine, csvNumber, csvProfile, csvText, looksLikeFormula } from './csv';
import { spssString, spssSyntax, utf8Length } from './spss';
import { DatasetBuilder } from './dataset';
import { defaultMissing, type Questionnaire } from '../domain/questionnaire';

const nl = csvProfile('nl');
const intl = csvProfile('intl');

describe('CSV', () => {
  it('profiles: nl = ; and decimal comma, intl = , and point', () => {
    expect(csvLine(['001', 1.5, -2, null, 'x'], [false, false, false, false, false], nl)).toBe('001;1,5;-2;;x\r\n');
    expect(csvLine(['001', 1.5, -2, null, 'x'], [false, false, false, false, false], intl)).toBe('001,1.5,-2,,x\r\n');
  });
  it('neutralises text that could run as a formula (= + - @ tab CR), never numbers', () => {
    for (const s of ['=1+1', '+31', '-5', '@SUM(A1)', '\tx']) {
      expect(looksLikeFormula(s)).toBe(true);
      expect(csvText(s, intl).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvText('\rx', intl)).toBe('" x"');
    expect(csvLine([-5, '-5'], [false, false], intl)).toBe("-5,'-5\r\n");
    expect(csvText('gewoon', intl)).toBe('gewoon');
  });
  it('quotes separators, quotes and outer spaces; turns line breaks into spaces', () => {
    expect(csvText('a;b', nl)).toBe('"a;b"');
    expect(csvText('a;b', intl)).toBe('a;b');
    expect(csvText('a,b', intl)).toBe('"a,b"');
    expect(csvText('zei "ja"', intl)).toBe('"zei ""ja"""');
    expect(csvText(' x ', intl)).toBe('" x "');
    expect(csvText('r1\r\nr2\nr3', intl)).toBe('r1 r2 r3');
    expect(csvText('a\u0000b\uFFFF😀', intl)).toBe('ab😀');
  });
  it('writes numbers as plain decimals with all digits', () => {
    expect(csvNumber(2.4131189537001774, intl)).toBe('2.4131189537001774');
    expect(csvNumber(1e-7, intl)).toBe('0.0000001');
    expect(csvNumber(-1.5e-7, nl)).toBe('-0,00000015');
    expect(csvNumber(1e21, intl)).toBe('1000000000000000000000');
    expect(csvNumber(1.25e22, intl)).toBe('12500000000000000000000');
    expect(csvNumber(Number.NaN, intl)).toBe('');
    expect(csvNumber(Number.POSITIVE_INFINITY, intl)).toBe('');
  });
  it('writes date serials as ISO dates', () => {
    expect(csvLine([45_306, '1899-12-31'], [true, true], nl)).toBe('2024-01-15;1899-12-31\r\n');
  });
});

describe('SPSS syntax', () => {
  it('quotes strings, doubling apostrophes and cutting at a byte limit on a character boundary', () => {
    expect(spssString("it's")).toBe("'it''s'");
    expect(spssString('a\nb')).toBe("'a b'");
    expect(spssString('ééé', 4)).toBe("'éé'");
    expect(utf8Length('a😀é')).toBe(7);
  });
  it('declares formats, labels, missing values and levels for the dataset', () => {
    const L = 'nl';
    const q: Questionnaire = {
      id: 'q', title: 't', version: '1', languages: [L], defaultLanguage: L, missingDefaults: defaultMissing(L),
      lists: [{ name: 'yn', choices: [{ code: '1', label: { [L]: "Ja, 't klopt" } }, { code: '2', label: { [L]: 'Nee' } }] }],
      items: [
        { kind: 'variable', variable: { name: 'v1', type: 'single', listName: 'yn', label: { [L]: 'Vraag één' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } },
        { kind: 'variable', variable: { name: 'n', type: 'integer', label: { [L]: 'Aantal' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, missing: [1, 2, 3, 4].map((c) => ({ code: String(990 + c), label: { [L]: 'x' } })) } },
        { kind: 'variable', variable: { name: 'd', type: 'date', label: { [L]: 'Datum' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } },
        { kind: 'variable', variable: { name: 't', type: 'text', label: { [L]: 'Tekst' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } },
      ],
    };
    const b = new DatasetBuilder(q, ['01', '02']);
    b.set(0, 'v1', '1');
    b.set(1, 'n', '12');
    b.set(0, 't', 'héllo');
    const sps = spssSyntax(q, b.build(), { csvPath: "/tmp/it's.csv", locale: 'nl', title: 'T' });
    expect(sps).toContain('SET DECIMAL=COMMA.');
    expect(sps).toContain("/FILE='/tmp/it''s.csv'");
    expect(sps).toContain("/DELIMITERS=';'");
    expect(sps).toMatch(/case_id A2\n/);
    expect(sps).toMatch(/ t A6\.?\n/);
    expect(sps).toMatch(/ d SDATE10\n/);
    expect(sps).toContain("/v1 'Vraag één'");
    expect(sps).toContain("1 'Ja, ''t klopt'");
    expect(sps).toContain('v1 (8, 9)');
    expect(sps).toContain('/n (991 THRU 994)');
    expect(sps).toMatch(/case_id v1 t \(NOMINAL\)/);
    expect(sps).toMatch(/n d \(SCALE\)/);
    expect(spssSyntax(q, b.build(), { csvPath: 'x.csv', locale: 'intl', title: 'T' })).toContain('SET DECIMAL=DOT.');
  });
});
