// Unit tests of the export cell rules: XML characters, cell limit, `_x` escaping, numbers, dates, sheet names, limits.
import { describe, expect, it } from 'vitest';
import {
  cleanCellText,
  columnLetter,
  dayToIso,
  EXCEL_LIMITS,
  escapeUnderscoreX,
  excelSerial,
  finiteOrNull,
  isoDateToDay,
  parseNumber,
  removeInvalidXmlChars,
  safeSheetName,
  TRUNCATION_MARK,
} from './cells';
import { canonicalLine, splitAtRowLimit, workbookSheets } from './layout';
import type { Dataset } from './dataset';
import type { Questionnaire } from '../domain/questionnaire';

describe('removeInvalidXmlChars', () => {
  it('removes C0 controls (not tab/LF/CR), DEL, C1, U+FFFE, U+FFFF and lone surrogates', () => {
    expect(removeInvalidXmlChars('a\u0000b\u0007c\u001Fd')).toBe('abcd');
    expect(removeInvalidXmlChars('t\tn\nr\r')).toBe('t\tn\nr\r');
    expect(removeInvalidXmlChars('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(removeInvalidXmlChars('a\u007Fb\u0085c')).toBe('abc');
    expect(removeInvalidXmlChars('lone \uD83D here and \uDE00 there')).toBe('lone  here and  there');
  });
  it('keeps emoji and other non-BMP characters intact', () => {
    const s = 'Emoji 😀 👍🏽 𝔘 日本';
    expect(removeInvalidXmlChars(s)).toBe(s);
  });
});

describe('cleanCellText (32,767-character rule: truncate with a note)', () => {
  it('leaves a text of exactly the limit alone', () => {
    const s = 'x'.repeat(EXCEL_LIMITS.maxCellChars);
    expect(cleanCellText(s)).toEqual({ text: s, truncated: false });
  });
  it('cuts a longer text to the limit, ending with the marker', () => {
    const r = cleanCellText('y'.repeat(40_000));
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBe(EXCEL_LIMITS.maxCellChars);
    expect(r.text.endsWith(TRUNCATION_MARK)).toBe(true);
  });
  it('never cuts inside a surrogate pair', () => {
    const r = cleanCellText('😀'.repeat(10), 9);
    expect(r.truncated).toBe(true);
    expect(removeInvalidXmlChars(r.text)).toBe(r.text);
    expect(r.text.length).toBeLessThanOrEqual(9);
  });
  it('counts the limit after removing invalid characters', () => {
    expect(cleanCellText('ab\u0000c', 3)).toEqual({ text: 'abc', truncated: false });
  });
});

describe('escapeUnderscoreX', () => {
  it('escapes a literal _xHHHH_ so clients do not decode it', () => {
    expect(escapeUnderscoreX('code_x0041_')).toBe('code_x005F_x0041_');
    expect(escapeUnderscoreX('a_x00e9_b_x1234_')).toBe('a_x005F_x00e9_b_x005F_x1234_');
  });
  it('leaves other underscores alone', () => {
    expect(escapeUnderscoreX('kanaal_x')).toBe('kanaal_x');
    expect(escapeUnderscoreX('q_x12_')).toBe('q_x12_');
  });
});

describe('numbers', () => {
  it('NaN and Infinity become empty cells', () => {
    expect(finiteOrNull(Number.NaN)).toBeNull();
    expect(finiteOrNull(Number.POSITIVE_INFINITY)).toBeNull();
    expect(finiteOrNull(Number.NEGATIVE_INFINITY)).toBeNull();
    expect(finiteOrNull(-2.5)).toBe(-2.5);
  });
  it('parseNumber keeps identifiers and long digit strings as text', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber('-5')).toBe(-5);
    expect(parseNumber('2.4131189537001774')).toBe(2.4131189537001774);
    expect(parseNumber('007')).toBeNull();
    expect(parseNumber('0')).toBe(0);
    expect(parseNumber('0.5')).toBe(0.5);
    expect(parseNumber('1234567890123456')).toBeNull(); // 16 digits: Excel would round
    expect(parseNumber('123456789012345')).toBe(123456789012345);
    expect(parseNumber('1e400')).toBeNull();
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });
});

describe('dates', () => {
  it('parses ISO dates without any time zone', () => {
    expect(isoDateToDay('1970-01-01')).toBe(0);
    expect(isoDateToDay('2024-01-15')).toBe(19_737);
    expect(isoDateToDay('2024-02-30')).toBeNull();
    expect(isoDateToDay('15-01-2024')).toBeNull();
    expect(dayToIso(19_737)).toBe('2024-01-15');
  });
  it('gives Excel serials in the 1900 system from 1900-03-01 on, null before (leap-year bug)', () => {
    expect(excelSerial(isoDateToDay('1900-03-01')!)).toBe(61);
    expect(excelSerial(isoDateToDay('2024-01-15')!)).toBe(45_306);
    expect(excelSerial(isoDateToDay('1900-02-28')!)).toBeNull();
    expect(excelSerial(isoDateToDay('1899-12-31')!)).toBeNull();
  });
});

describe('columns and sheet names', () => {
  it('column letters up to XFD', () => {
    expect(columnLetter(1)).toBe('A');
    expect(columnLetter(26)).toBe('Z');
    expect(columnLetter(27)).toBe('AA');
    expect(columnLetter(16_384)).toBe('XFD');
    expect(() => columnLetter(0)).toThrow(RangeError);
  });
  it('renames sheet names Excel refuses', () => {
    expect(safeSheetName('a[b]:c*d?e/f\\g')).toBe('a_b__c_d_e_f_g');
    expect(safeSheetName("'quoted'")).toBe('quoted');
    expect(safeSheetName('')).toBe('Sheet');
    expect(safeSheetName('History')).toBe('History_');
    expect(safeSheetName('x'.repeat(40))).toHaveLength(31);
  });
  it('makes names unique ignoring case, within 31 characters', () => {
    expect(safeSheetName('Data', ['data'])).toBe('Data (2)');
    expect(safeSheetName('Data', ['Data', 'Data (2)'])).toBe('Data (3)');
    const long = 'L'.repeat(31);
    const n = safeSheetName(long, [long]);
    expect(n).toHaveLength(31);
    expect(n.endsWith(' (2)')).toBe(true);
  });
});

describe('row and column limits', () => {
  const limits = { maxRows: 4, maxColumns: 3, maxCellChars: 100 };
  it('splits a sheet over parts of maxRows - 1 data rows (rule: split), header repeated', () => {
    expect(splitAtRowLimit('Data', 7, [], limits)).toEqual([
      { name: 'Data', from: 0, to: 3 },
      { name: 'Data (2)', from: 3, to: 6 },
      { name: 'Data (3)', from: 6, to: 7 },
    ]);
    expect(splitAtRowLimit('Data', 0, [], limits)).toEqual([{ name: 'Data', from: 0, to: 0 }]);
    expect(splitAtRowLimit('Data', 1_048_575, [])).toHaveLength(1);
    expect(splitAtRowLimit('Data', 1_048_576, [])).toHaveLength(2);
  });
  it('refuses a Data sheet wider than the column limit (rule: refuse with a message)', () => {
    const q: Questionnaire = { id: 'q', title: '', version: '1', languages: ['nl'], defaultLanguage: 'nl', items: [], lists: [], missingDefaults: { oneDigit: [], twoDigit: [] } };
    const col = (name: string) => ({ kind: 'text' as const, name, role: 'text' as const, values: [] });
    const ds: Dataset = { caseIds: [], columns: [col('a'), col('b'), col('c')], excluded: [] };
    expect(() => workbookSheets(q, ds, { limits })).toThrow(/4 columns; Excel allows 3/);
    expect(workbookSheets(q, { ...ds, columns: [col('a'), col('b')] }, { limits }).map((s) => s.name)).toContain('Data');
  });
});

describe('canonicalLine (SHA-256 input)', () => {
  it('writes numbers, ISO dates, escaped text and empty cells', () => {
    expect(canonicalLine(['007', 1, 2.5, 45_306, null, 'a\tb\\c\nd'], [false, false, false, true, false, false])).toBe('007\t1\t2.5\t2024-01-15\t\ta\\tb\\\\c\\nd\n');
  });
});
