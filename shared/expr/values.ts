// Run-time values of the expression language and the XPath 1.0 conversions between them (missing-value rules in README.md).

/**
 * A run-time value. The empty string `''` is system-missing (no answer, or skipped by routing), as in ODK.
 * Multiple-choice answers are strings of space-separated codes ("1 3"). Dates are ISO strings "YYYY-MM-DD".
 */
export type Value = number | string | boolean;

/** What case data may hold for one variable before normalisation. */
export type RawValue = string | number | boolean | null | undefined;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUM_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Normalises stored data to a {@link Value}: null, undefined and NaN become `''` (system-missing).
 * @param v a stored value
 */
export function toValue(v: RawValue): Value {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' && !Number.isFinite(v)) return '';
  return v;
}

/** True for system-missing: `''`, or a number that is NaN (e.g. arithmetic on an empty value). */
export function isEmpty(v: Value): boolean {
  return v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * Days since 1970-01-01 for an ISO date string, else undefined.
 * @param s candidate "YYYY-MM-DD"
 */
export function dateToDays(s: string): number | undefined {
  const m = DATE_RE.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return t / 86_400_000;
}

/**
 * XPath `number()`: booleans 1/0; numeric text its number; an ISO date its day number since 1970-01-01
 * (as ODK/JavaRosa do, so dates compare and subtract); anything else, including `''`, NaN.
 */
export function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = v.trim();
  if (NUM_RE.test(s)) return Number(s);
  return dateToDays(s) ?? NaN;
}

/** XPath `boolean()`: numbers true unless 0 or NaN, strings true unless empty. */
export function toBool(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return v.length > 0;
}

/** XPath `string()`: NaN is `''` here (system-missing), integers without a decimal point, booleans "true"/"false". */
export function toStr(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Number.isNaN(v)) return '';
  return String(v);
}

/**
 * XPath 1.0 `=` (§3.4): a boolean on either side compares as booleans; else a number on either side compares
 * as numbers (so `${groep} = '1'` holds for a stored 1 and for '1'); else strings compare exactly.
 * An empty value equals only another empty value or `''`.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return toBool(a) === toBool(b);
  if (typeof a === 'number' || typeof b === 'number') {
    if (isEmpty(a) && isEmpty(b)) return true;
    return toNumber(a) === toNumber(b);
  }
  return a === b;
}

/** The codes of a multiple-choice answer ("1 3" → ["1", "3"]); empty for system-missing. */
export function codesOf(v: Value): string[] {
  const s = toStr(v).trim();
  return s === '' ? [] : s.split(/\s+/);
}

/**
 * Normalises a calculation result for storage: NaN and ±Infinity become `''`, booleans 1/0 (a dataset wants numbers).
 */
export function toStored(v: Value): Value {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && !Number.isFinite(v)) return '';
  return v;
}
