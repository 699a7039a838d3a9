// CSV export rules: Dutch (; and decimal comma) and international (, and point) profiles, quoting, formula neutralisation.
import { dayToIso, removeInvalidXmlChars } from './cells';
import type { CellValue } from './layout';

/** `nl`: separator `;`, decimal comma (Excel in a Dutch locale); `intl`: separator `,`, decimal point (RFC 4180). */
export type CsvLocale = 'nl' | 'intl';

/** Separator and decimal mark of a CSV profile. */
export interface CsvProfile {
  locale: CsvLocale;
  separator: ';' | ',';
  decimal: ',' | '.';
}

/** The CSV profile of a locale. */
export function csvProfile(locale: CsvLocale): CsvProfile {
  switch (locale) {
    case 'nl':
      return { locale, separator: ';', decimal: ',' };
    case 'intl':
      return { locale, separator: ',', decimal: '.' };
    default: {
      const never: never = locale;
      throw new Error(`Unexpected CSV locale: ${String(never)}`);
    }
  }
}

/** The UTF-8 byte order mark that makes Excel read a CSV as UTF-8. */
export const CSV_BOM = '\uFEFF';

/**
 * A number as plain decimal text (never exponent notation, which SPSS and Excel in some locales misread), with the
 * profile's decimal mark; the digits are those of JavaScript's shortest round-trip form, so no precision is lost.
 * @param n a finite number (NaN/Infinity give an empty string)
 */
export function csvNumber(n: number, profile: CsvProfile): string {
  if (!Number.isFinite(n)) return '';
  let s = String(n);
  const e = s.indexOf('e');
  if (e >= 0) s = expandExponent(s.slice(0, e), Number(s.slice(e + 1)));
  return profile.decimal === '.' ? s : s.replace('.', ',');
}

function expandExponent(mantissa: string, exp: number): string {
  const neg = mantissa.startsWith('-');
  const m = neg ? mantissa.slice(1) : mantissa;
  const dot = m.indexOf('.');
  const digits = m.replace('.', '');
  const point = (dot < 0 ? m.length : dot) + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + out;
}

/** True if a spreadsheet would run this text as a formula: it starts with `=`, `+`, `-`, `@`, tab or CR (OWASP, "CSV Injection"). */
export function looksLikeFormula(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s);
}

/**
 * A text field: invalid characters removed, line breaks turned into spaces (SPSS and PSPP read one case per line),
 * a text that could run as a formula prefixed with `'` (so `=1+1` is
 * written `'=1+1`; numbers are numbers and never prefixed), quoted with `"` (doubled inside) when it holds the
 * separator, a quote, or leading/trailing spaces.
 */
export function csvText(s: string, profile: CsvProfile): string {
  let t = removeInvalidXmlChars(s).replace(/\r\n|[\r\n]/g, ' ');
  if (looksLikeFormula(t)) t = `'${t}`;
  if (t.includes(profile.separator) || t.includes('"') || /^\s|\s$/.test(t)) return `"${t.replace(/"/g, '""')}"`;
  return t;
}

/**
 * One CSV record ending in CRLF (RFC 4180).
 * @param cells the row's cells; numbers in date columns are Excel serials and are written as YYYY-MM-DD
 * @param dateCols per cell, whether it is a date column
 */
export function csvLine(cells: readonly CellValue[], dateCols: readonly boolean[], profile: CsvProfile): string {
  let s = '';
  for (let j = 0; j < cells.length; j++) {
    if (j > 0) s += profile.separator;
    const v = cells[j];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') s += dateCols[j] ? dayToIso(v - 25_569) : csvNumber(v, profile);
    else s += csvText(v, profile);
  }
  return s + '\r\n';
}
