// Cell rules for exported workbooks: Excel's limits, text cleaning, `_x` escaping, numbers, dates and sheet names.
import type { VariableType } from '../domain/questionnaire';

/** Excel's hard limits (Microsoft, "Excel specifications and limits"). */
export interface SheetLimits {
  /** Rows per sheet, including the header row. */
  maxRows: number;
  /** Columns per sheet. */
  maxColumns: number;
  /** Characters (UTF-16 code units) per cell. */
  maxCellChars: number;
}

/** The real limits of Excel 2007 and later: 1,048,576 rows, 16,384 columns (XFD), 32,767 characters per cell. */
export const EXCEL_LIMITS: SheetLimits = { maxRows: 1_048_576, maxColumns: 16_384, maxCellChars: 32_767 };

/** Longest sheet name Excel accepts. */
export const MAX_SHEET_NAME = 31;

/** Marker appended to a text that was cut at the cell limit; the full text stays in the project file. */
export const TRUNCATION_MARK = ' [...]';

// Characters XML 1.0 cannot hold: C0 controls except tab, LF, CR; U+FFFE, U+FFFF; lone surrogates.
// Also removed: DEL and C1 controls are legal XML but invisible and rejected by some clients — kept out for safety.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Removes what an XLSX cell cannot hold: C0 control characters other than tab, line feed and carriage return,
 * DEL and C1 controls, the non-characters U+FFFE and U+FFFF and unpaired surrogates. Emoji and other non-BMP
 * characters (valid surrogate pairs) are kept intact.
 * @param s any text
 * @returns the text without those characters (the same string object when nothing was removed)
 */
export function removeInvalidXmlChars(s: string): string {
  XML_INVALID.lastIndex = 0;
  return XML_INVALID.test(s) ? s.replace(XML_INVALID, '') : s;
}

/** A cleaned text and whether it had to be cut at the cell limit. */
export interface CleanText {
  text: string;
  truncated: boolean;
}

/**
 * Makes a text fit one cell: invalid characters removed ({@link removeInvalidXmlChars}), then, when longer than
 * `maxChars` UTF-16 code units, cut to `maxChars` including {@link TRUNCATION_MARK} (never inside a surrogate pair).
 * Rule (issue 8): truncate with a note; the export reports how many cells were cut, and the full text stays in the project.
 * @param s the text
 * @param maxChars the cell limit (default 32,767)
 */
export function cleanCellText(s: string, maxChars: number = EXCEL_LIMITS.maxCellChars): CleanText {
  const t = removeInvalidXmlChars(s);
  if (t.length <= maxChars) return { text: t, truncated: false };
  let cut = Math.max(0, maxChars - TRUNCATION_MARK.length);
  const c = t.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return { text: t.slice(0, cut) + TRUNCATION_MARK, truncated: true };
}

const UNDERSCORE_X = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Escapes a literal `_xHHHH_` so that clients that decode OOXML's `_xHHHH_` escapes (openpyxl, Excel) show the
 * original text: `code_x0041_` is written as `code_x005F_x0041_`. Only that pattern is escaped; other `_x` are
 * left alone because no client decodes them (ECMA-376 Part 1, §22.9.2.19 ST_Xstring).
 * @param s cleaned text
 * @returns the text to put in the XML
 */
export function escapeUnderscoreX(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(UNDERSCORE_X, '_x005F_x$1_');
}

/**
 * A number that may go into a number cell: finite numbers pass, NaN and ±Infinity become null (an empty cell),
 * because exceljs writes them literally and openpyxl and LibreOffice then fail or show 0 (issue 8).
 * @param n any number
 * @returns n, or null
 */
export function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** Days from 1970-01-01 to Excel's day 0 (1899-12-30) in the 1900 date system. */
const EXCEL_EPOCH_OFFSET = 25_569;
/** Day number (days since 1970-01-01) of 1900-03-01: from here on all clients agree on the serial. */
export const FIRST_SAFE_EXCEL_DAY = -25_508;

/**
 * Parses an ISO calendar date `YYYY-MM-DD` (an optional time part is ignored) into a day number: days since
 * 1970-01-01 in the proleptic Gregorian calendar, independent of any time zone.
 * @param s the stored text
 * @returns the day number, or null when `s` is not a valid date
 */
export function isoDateToDay(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / 86_400_000);
}

/**
 * The ISO text `YYYY-MM-DD` of a day number (days since 1970-01-01, UTC).
 * @param day the day number
 */
export function dayToIso(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The Excel serial of a date, written as a plain number with a date format so that no time zone can shift it
 * (exceljs writes a JS Date from its UTC instant; issue 8). Dates before 1900-03-01 have no serial that all
 * clients read alike (Excel's 1900 leap-year bug), so they get null and are written as ISO text instead.
 * @param day days since 1970-01-01
 * @returns the serial in the 1900 date system, or null before 1900-03-01
 */
export function excelSerial(day: number): number | null {
  return day >= FIRST_SAFE_EXCEL_DAY ? day + EXCEL_EPOCH_OFFSET : null;
}

/**
 * The column letters of a 1-based column number (1 → A, 27 → AA, 16,384 → XFD).
 * @throws RangeError when n is not an integer ≥ 1
 */
export function columnLetter(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`column number must be ≥ 1: ${n}`);
  let s = '';
  let x = n;
  while (x > 0) {
    const r = (x - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
}

const SHEET_FORBIDDEN = /[[\]:*?/\\]/g;

/**
 * Makes a sheet name Excel accepts: invalid XML characters removed, `[ ] : * ? / \` replaced by `_`, leading and
 * trailing apostrophes and spaces removed, cut to 31 characters, `History` (reserved by Excel) and an empty name
 * replaced; then made unique ignoring case among `taken` by a ` (2)`, ` (3)` … suffix within the 31 characters.
 * Rule (issue 8): rename.
 * @param wanted the desired name
 * @param taken names already used in the workbook (compared ignoring case)
 * @returns the name to use
 */
export function safeSheetName(wanted: string, taken: readonly string[] = []): string {
  let name = removeInvalidXmlChars(wanted).replace(SHEET_FORBIDDEN, '_').replace(/^[\s']+|[\s']+$/g, '');
  if (name === '') name = 'Sheet';
  if (name.toLowerCase() === 'history') name = 'History_';
  name = cutChars(name, MAX_SHEET_NAME);
  const used = new Set(taken.map((t) => t.toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  for (let k = 2; ; k++) {
    const suffix = ` (${k})`;
    const candidate = cutChars(name, MAX_SHEET_NAME - suffix.length).replace(/[\s']+$/, '') + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

function cutChars(s: string, n: number): string {
  if (s.length <= n) return s;
  let cut = n;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return s.slice(0, cut);
}

/**
 * Parses a stored value as a number cell. Integers with more than 15 significant digits are not numbers here
 * (Excel keeps 15 digits and would round them), nor are texts with leading zeros such as `007` (an identifier).
 * @param s the stored text
 * @returns the number, or null when the text should stay text
 */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  if (/^[-+]?0\d/.test(t)) return null;
  const digits = t.replace(/[eE].*$/, '').replace(/[^0-9]/g, '').replace(/^0+/, '');
  if (digits.length > 15 && !/[.eE]/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * A stored text of a numeric column that the dataset kept as text but that is a plain decimal number a statistics
 * package reads (`034`, an integer of more than 15 digits): its number; anything else (`7 jaar`, `12,5`, '') null.
 * @param t the stored text (surrounding spaces ignored)
 */
export function plainNumber(t: string): number | null {
  const s = t.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** What a typed column holds, and so what a stored text of its variable must be: a number or a date. */
export type CellKind = 'number' | 'date';

/**
 * True when a stored text is not a value of its column's kind: answered (not blank) but not a plain number
 * ({@link plainNumber}: "7 jaar", "12,5") in a numeric column, or not a date ({@link isoDateToDay}: "morgen",
 * "2014-02-30") in a date column. The one test of an invalid value: the Data sheet, CSV and SPSS write such a text as
 * system-missing (the Labels sheet shows it), and derived variables and edit rules read it as system-missing ('')
 * as they read user-missing codes (shared/cleaning/engine.ts); cleaning reports it as a type violation.
 * @param kind the column's kind; @param text the stored text
 */
export function invalidCell(kind: CellKind, text: string): boolean {
  if (text.trim() === '') return false;
  return kind === 'number' ? plainNumber(text) === null : isoDateToDay(text) === null;
}

/**
 * The kind of typed column a variable of this type is exported as (the Data sheet's numeric and date columns), when
 * every stored text of it must be a number or a date: integers, decimals and dates, and single choices whose codes
 * (user-missing codes included) are all numbers. A single choice with letter codes (`a`, `b`), open text,
 * multiple choice (its 0/1 option columns are derived from known codes), notes and calculations: undefined.
 * @param type the variable's type; @param codes for a single choice, its list's codes and user-missing codes
 */
export function cellKindOf(type: VariableType, codes: Iterable<string> = []): CellKind | undefined {
  switch (type) {
    case 'integer':
    case 'decimal':
      return 'number';
    case 'date':
      return 'date';
    case 'single':
      for (const c of codes) if (plainNumber(c) === null) return undefined;
      return 'number';
    default:
      return undefined;
  }
}
