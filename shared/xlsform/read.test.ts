// Pure XLSForm reader: each tolerated oddity and each refused fault, located by sheet, row and column.
import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorIssue } from '../domain/errors';
import { variablesOf } from '../domain/questionnaire';
import { readXlsform, type ReadResult } from './read';
import type { Cell, WorkbookRows } from './sheets';
import { writeXlsform } from './write';

const SURVEY: Cell[][] = [
  ['type', 'name', 'label::Nederlands (nl)', 'label::English (en)', 'required', 'relevant', 'constraint', 'calculate'],
  ['select_one jn', 'rookt', 'Rookt u?', 'Do you smoke?', 'yes', '', '', ''],
  ['integer', 'sigaretten', 'Hoeveel per dag?', 'How many a day?', 'yes', "${rookt} = '1'", '. >= 1 and . <= 80', ''],
  ['select_multiple merk', 'merken', 'Welke merken?', 'Which brands?', '', "${rookt} = '1'", '', ''],
  ['calculate', 'zwaar', '', '', '', '', '', 'if(${sigaretten} > 20, 1, 0)'],
];
const CHOICES: Cell[][] = [
  ['list_name', 'name', 'label::Nederlands (nl)', 'label::English (en)'],
  ['jn', '1', 'Ja', 'Yes'],
  ['jn', '2', 'Nee', 'No'],
  ['merk', '1', 'A', 'A'],
  ['merk', '2', 'B', 'B'],
];
const SETTINGS: Cell[][] = [['form_id', 'default_language'], ['rook', 'Nederlands (nl)']];

function book(survey: Cell[][] = SURVEY, choices: Cell[][] = CHOICES, settings: Cell[][] = SETTINGS): WorkbookRows {
  return { sheets: [{ name: 'survey', rows: survey }, { name: 'choices', rows: choices }, { name: 'settings', rows: settings }], file: 'test.xlsx' };
}
function fails(b: WorkbookRows): ErrorIssue[] {
  try {
    readXlsform(b);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('QUESTIONNAIRE_INVALID');
    return [...(e as DomainError).issues];
  }
  throw new Error('expected the form to be refused');
}
const edit = (rows: Cell[][], r: number, c: number, v: Cell): Cell[][] => rows.map((row, i) => (i === r ? row.map((x, j) => (j === c ? v : x)) : [...row]));
const names = (r: ReadResult): string[] => variablesOf(r.questionnaire).map((v) => v.name);

describe('a valid form', () => {
  it('reads variables, types, lists, languages, routing and the range from the constraint', () => {
    const r = readXlsform(book());
    const q = r.questionnaire;
    expect(names(r)).toEqual(['rookt', 'sigaretten', 'merken', 'zwaar']);
    expect(q.languages).toEqual(['Nederlands (nl)', 'English (en)']);
    const [rookt, sig, merken, zwaar] = variablesOf(q);
    expect(rookt).toMatchObject({ type: 'single', listName: 'jn', required: true, label: { 'Nederlands (nl)': 'Rookt u?', 'English (en)': 'Do you smoke?' } });
    expect(sig).toMatchObject({ type: 'integer', relevant: "${rookt} = '1'", range: { min: 1, max: 80 } });
    expect(merken?.type).toBe('multiple');
    expect(zwaar).toMatchObject({ type: 'calculated', calculate: 'if(${sigaretten} > 20, 1, 0)' });
    expect(r.warnings).toEqual([]);
  });
  it('writes back to a form that reads as the same questionnaire', () => {
    const q = readXlsform(book()).questionnaire;
    expect(readXlsform(writeXlsform(q)).questionnaire).toEqual(q);
  });
});

describe('tolerated oddities', () => {
  it('header spaces and letter case', () => {
    const s = [[' Type ', 'NAME', 'Label :: Nederlands (nl)', 'LABEL::English (en)', ' Required', 'Relevant ', 'CONSTRAINT', 'Calculate'], ...SURVEY.slice(1)];
    const c = [['List_Name', ' name ', 'label ::Nederlands (nl)', 'Label::English (en)'], ...CHOICES.slice(1)];
    expect(readXlsform(book(s, c)).questionnaire).toEqual(readXlsform(book()).questionnaire);
  });
  it('type names in other letter case and with spaces', () => {
    let s = edit(SURVEY, 1, 0, 'Select_One jn');
    s = edit(s, 2, 0, 'INTEGER');
    s = edit(s, 3, 0, 'select multiple   merk');
    s = edit(s, 4, 0, ' Calculate');
    expect(readXlsform(book(s)).questionnaire).toEqual(readXlsform(book()).questionnaire);
  });
  it('blank rows anywhere, including a run of 30', () => {
    const blank = (): Cell[] => ['', null, '  ', undefined];
    const s = [SURVEY[0]!, [], SURVEY[1]!, ...Array.from({ length: 30 }, blank), SURVEY[2]!, SURVEY[3]!, blank(), SURVEY[4]!, ...Array.from({ length: 5 }, blank)];
    const c = [CHOICES[0]!, blank(), ...CHOICES.slice(1, 3), ...Array.from({ length: 30 }, blank), ...CHOICES.slice(3)];
    expect(readXlsform(book(s, c)).questionnaire).toEqual(readXlsform(book()).questionnaire);
  });
  it('rich-text labels arrive as their full plain text', () => {
    // The Node reader joins rich-text runs; here a label made of runs "Rookt " + "u" + "?" joined.
    const s = edit(SURVEY, 1, 2, ['Rookt ', 'u', '?'].join(''));
    expect(variablesOf(readXlsform(book(s)).questionnaire)[0]?.label['Nederlands (nl)']).toBe('Rookt u?');
  });
  it('an untagged label column next to tagged ones is the default language, not a new empty one', () => {
    const s = SURVEY.map((row, i) => (i === 0 ? ['type', 'name', 'label', 'label::English (en)', ...row.slice(4)] : row));
    const q = readXlsform(book(s)).questionnaire;
    expect(q.languages).toEqual(['Nederlands (nl)', 'English (en)']);
    expect(q).toEqual(readXlsform(book()).questionnaire);
  });
  it('without default_language the untagged column is the language "default"', () => {
    const s = SURVEY.map((row, i) => (i === 0 ? ['type', 'name', 'label', 'label::English (en)', ...row.slice(4)] : row));
    const c = CHOICES.map((row, i) => (i === 0 ? ['list_name', 'name', 'label', 'label::English (en)'] : row));
    const q = readXlsform(book(s, c, [['form_id'], ['rook']])).questionnaire;
    expect(q.languages).toEqual(['default', 'English (en)']);
    expect(q.defaultLanguage).toBe('default');
    expect(readXlsform(writeXlsform(q)).questionnaire).toEqual(q);
  });
  it('numbers from Excel cells become codes as text', () => {
    const c = CHOICES.map((row, i) => (i > 0 ? [row[0]!, Number(row[1]), row[2]!, row[3]!] : row));
    expect(readXlsform(book(SURVEY, c)).questionnaire).toEqual(readXlsform(book()).questionnaire);
  });
});

describe('refused faults, each with sheet, row and column, all at once', () => {
  it('duplicate names, also differing only by case', () => {
    const s = [...SURVEY, ['text', 'Rookt', 'x', 'x', '', '', '', ''], ['text', 'zwaar', 'y', 'y', '', '', '', '']];
    const issues = fails(book(s));
    expect(issues).toEqual([
      expect.objectContaining({ file: 'test.xlsx', sheet: 'survey', row: 6, column: 'B', value: 'Rookt', message: expect.stringMatching(/differs only in letter case from 'rookt'/) }),
      expect.objectContaining({ sheet: 'survey', row: 7, column: 'B', value: 'zwaar', message: "duplicate name 'zwaar'" }),
    ]);
  });
  it('a select list that does not exist', () => {
    expect(fails(book(edit(SURVEY, 1, 0, 'select_one jnee')))).toEqual([
      expect.objectContaining({ sheet: 'survey', row: 2, column: 'A', value: 'jnee', message: expect.stringMatching(/select list 'jnee' does not exist/) }),
    ]);
  });
  it('a duplicate code within a list', () => {
    const c = [...CHOICES, ['jn', '2', 'Nee hoor', 'No']];
    expect(fails(book(SURVEY, c))).toEqual([expect.objectContaining({ sheet: 'choices', row: 6, column: 'B', value: '2', message: "duplicate code 2 in list 'jn'" })]);
  });
  it('a choice code with a space in a multiple-choice list', () => {
    const c = edit(CHOICES, 4, 1, '2 b');
    expect(fails(book(SURVEY, c))).toEqual([expect.objectContaining({ sheet: 'choices', row: 5, column: 'B', value: '2 b', message: expect.stringMatching(/contains a space/) })]);
  });
  it.each([
    [2, 5, 'F', 'relevant'],
    [2, 6, 'G', 'constraint'],
    [4, 7, 'H', 'calculate'],
  ])('an unknown ${name} in row %i (%s)', (row, col, letter) => {
    const s = edit(SURVEY, row, col, '${onbekend} = 1');
    expect(fails(book(s))).toEqual([
      expect.objectContaining({ sheet: 'survey', row: row + 1, column: letter, value: '${onbekend} = 1', message: 'unknown variable ${onbekend} (at character 1)' }),
    ]);
  });
  it('a cycle among calculations', () => {
    const s = [...SURVEY, ['calculate', 'c1', '', '', '', '', '', '${c2} + 1'], ['calculate', 'c2', '', '', '', '', '', '${c1} * 2']];
    expect(fails(book(s))).toEqual([expect.objectContaining({ sheet: 'survey', row: 6, column: 'H', message: 'cycle among calculations: c1 → c2 → c1' })]);
  });
  it('a syntax error, with the character position', () => {
    const s = edit(SURVEY, 2, 6, '. >= 1 and and . <= 80');
    expect(fails(book(s))).toEqual([
      expect.objectContaining({ sheet: 'survey', row: 3, column: 'G', value: '. >= 1 and and . <= 80', message: "syntax error: unexpected 'and' (at character 12)" }),
    ]);
  });
  it('reports all problems of a form together, in sheet and row order', () => {
    let s = edit(SURVEY, 1, 0, 'select_one nope');
    s = edit(s, 2, 5, '${x} =');
    s = [...s, ['foo', 'bar', '', '', '', '', '', ''], ['integer', '1abc', 'x', 'x', 'maybe', '', '', '']];
    const c = [...CHOICES, ['merk', '1', 'A again', '']];
    const issues = fails(book(s, c));
    expect(issues.map((i) => `${i.sheet}!${i.column} ${i.row}`)).toEqual(['survey!A 2', 'survey!F 3', 'survey!A 6', 'survey!B 7', 'survey!E 7', 'choices!B 6']);
  });
  it('unbalanced groups and rows without a type or a name', () => {
    const s = [...SURVEY.slice(0, 2), ['begin_group', 'g1', 'G', 'G', '', '', '', ''], ['end_group', 'g2', '', '', '', '', '', ''], ['end group', '', '', '', '', '', '', ''], ['', 'x', '', '', '', '', '', ''], ['text', '', 'Zonder naam', '', '', '', '', '']];
    expect(fails(book(s)).map((i) => `${i.row}${i.column}: ${i.message}`)).toEqual([
      "4B: end_group 'g2' closes group 'g1' (opened on row 3)",
      '5A: end_group without a matching begin_group',
      "6A: row has no type (name 'x')",
      '7B: text has no name',
    ]);
  });
  it('bad Veldwerk column values', () => {
    const s = SURVEY.map((row, i) => [...row, ...(i === 0 ? ['veldwerk::width', 'veldwerk::range', 'veldwerk::missing'] : i === 2 ? ['x', '5-', '8=a=b;;9 9'] : ['', '', ''])]);
    expect(fails(book(s)).map((i) => `${i.column}: ${i.message}`)).toEqual([
      'I: veldwerk::width must be a whole number ≥ 0',
      "J: range must be written 'min..max' (either end may be left out)",
      "K: missing codes must be written 'code=label; code=label' or 'none'",
    ]);
  });
});

describe('Veldwerk columns', () => {
  it('reads missing codes, soft checks, identifier, width, number, range, decimals and max length', () => {
    const s: Cell[][] = [
      ['type', 'name', 'label', 'veldwerk::missing', 'veldwerk::soft_constraint', 'veldwerk::soft_constraint_message', 'veldwerk::identifier', 'veldwerk::width', 'veldwerk::number', 'veldwerk::range', 'veldwerk::decimals', 'veldwerk::max_length'],
      ['decimal', 'gewicht', 'Gewicht', '998=Weet niet; 999', '. <= 150', 'Erg zwaar, klopt dit?', '', '5', '12a', '20..300', '1', ''],
      ['text', 'email', 'E-mail', 'none', '', '', 'yes', '', '', '', '', '40'],
    ];
    const q = readXlsform(book(s, [['list_name', 'name', 'label']])).questionnaire;
    const [g, e] = variablesOf(q);
    expect(g).toMatchObject({
      missing: [{ code: '998', label: { 'Nederlands (nl)': 'Weet niet' } }, { code: '999', label: {} }],
      softConstraint: '. <= 150', softConstraintMessage: { 'Nederlands (nl)': 'Erg zwaar, klopt dit?' }, width: 5, number: '12a', range: { min: 20, max: 300 }, decimals: 1,
    });
    expect(e).toMatchObject({ missing: [], identifier: true, maxLength: 40 });
    expect(readXlsform(writeXlsform(q)).questionnaire).toEqual(q);
  });
});
