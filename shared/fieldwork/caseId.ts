// Case IDs: the configurable format (prefix, digits, check-digit scheme) and the check-digit algorithms (Damm, ISO 7064 MOD 11-10, Luhn).

/**
 * Check-digit schemes a project can choose. The default is `damm`: H. Michael Damm (2004), "Total
 * anti-symmetrische Quasigruppen", a decimal check digit that detects **every** single-digit substitution
 * and **every** adjacent transposition (including ones involving the check digit), with no extra symbol
 * (unlike mod 11's "X"). Luhn (ISO/IEC 7812-1) misses the transposition 09 ↔ 90; ISO 7064 MOD 11-10 is
 * offered for bureaus that already print it.
 */
export const CHECK_DIGIT_SCHEMES = ['damm', 'iso7064-mod11-10', 'luhn', 'none'] as const;
/** One of {@link CHECK_DIGIT_SCHEMES}. */
export type CheckDigitScheme = (typeof CHECK_DIGIT_SCHEMES)[number];

/** The printed form of a case ID: `prefix` + `bodyDigits` zero-padded digits + one check digit (unless `none`). */
export interface CaseIdFormat {
  /** Letters printed before the number (may be empty), e.g. "MOB". Compared case-insensitively. */
  prefix: string;
  /** Digits of the running number (1–12), zero-padded. */
  bodyDigits: number;
  scheme: CheckDigitScheme;
}

/** The project default: six digits and a Damm check digit, e.g. `0000012` … (seven digits printed). */
export const DEFAULT_CASE_ID_FORMAT: CaseIdFormat = { prefix: '', bodyDigits: 6, scheme: 'damm' };

/** Damm's totally anti-symmetric quasigroup of order 10 with a zero diagonal (Damm 2004, table 5.2). */
const DAMM_TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The Damm operation table (read-only), exported for the property tests. */
export function dammTable(): readonly (readonly number[])[] {
  return DAMM_TABLE;
}

function digitsOf(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const d = ch.charCodeAt(0) - 48;
    if (d < 0 || d > 9) throw new RangeError(`not a digit string: ${JSON.stringify(s)}`);
    out.push(d);
  }
  return out;
}

function dammInterim(digits: readonly number[]): number {
  let x = 0;
  for (const d of digits) x = DAMM_TABLE[x]![d]!;
  return x;
}

function mod1110Interim(digits: readonly number[]): number {
  let p = 10;
  for (const d of digits) {
    let s = (p + d) % 10;
    if (s === 0) s = 10;
    p = (2 * s) % 11;
  }
  return p;
}

function luhnSum(digits: readonly number[], doubleFromRight: 0 | 1): number {
  let sum = 0;
  for (let i = digits.length - 1, k = 0; i >= 0; i--, k++) {
    let d = digits[i]!;
    if (k % 2 === doubleFromRight) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/**
 * The check digit for a digit string under a scheme.
 * Damm: the interim digit after running the body through the quasigroup (Damm 2004).
 * ISO 7064 MOD 11-10 (hybrid system, ISO/IEC 7064:2003 §7): c = (11 − P) mod 10 with P the running product.
 * Luhn (ISO/IEC 7812-1 annex B): c = (10 − sum) mod 10, doubling every second digit from the right.
 * @param body digits only ("0" … "9"), at least one
 * @returns a single digit 0–9
 * @throws RangeError for a non-digit body or scheme `none`
 */
export function computeCheckDigit(body: string, scheme: CheckDigitScheme): number {
  const digits = digitsOf(body);
  if (digits.length === 0) throw new RangeError('empty body');
  switch (scheme) {
    case 'damm':
      return dammInterim(digits);
    case 'iso7064-mod11-10':
      return (11 - mod1110Interim(digits)) % 10;
    case 'luhn':
      return (10 - (luhnSum(digits, 0) % 10)) % 10;
    case 'none':
      throw new RangeError('scheme none has no check digit');
    default:
      return assertNeverScheme(scheme);
  }
}

/**
 * Whether a digit string (body followed by its check digit) passes the scheme's check.
 * @param full body + check digit, digits only
 * @returns true when the check digit matches; always true for `none` with at least one digit
 */
export function hasValidCheckDigit(full: string, scheme: CheckDigitScheme): boolean {
  if (!/^[0-9]+$/.test(full)) return false;
  const digits = digitsOf(full);
  switch (scheme) {
    case 'damm':
      return full.length >= 2 && dammInterim(digits) === 0;
    case 'iso7064-mod11-10': {
      if (full.length < 2) return false;
      const c = digits[digits.length - 1]!;
      return (mod1110Interim(digits.slice(0, -1)) + c) % 10 === 1;
    }
    case 'luhn':
      return full.length >= 2 && luhnSum(digits, 1) % 10 === 0;
    case 'none':
      return true;
    default:
      return assertNeverScheme(scheme);
  }
}

function assertNeverScheme(x: never): never {
  throw new Error(`Unexpected check-digit scheme: ${JSON.stringify(x)}`);
}

/**
 * Checks that a format is usable: prefix of 0–8 letters A–Z, 1–12 body digits, a known scheme.
 * @returns a list of messages (empty when valid)
 */
export function caseIdFormatProblems(f: CaseIdFormat): string[] {
  const out: string[] = [];
  if (!/^[A-Za-z]{0,8}$/.test(f.prefix)) out.push('The prefix must be 0 to 8 letters A–Z.');
  if (!Number.isInteger(f.bodyDigits) || f.bodyDigits < 1 || f.bodyDigits > 12) out.push('The number must have 1 to 12 digits.');
  if (!(CHECK_DIGIT_SCHEMES as readonly string[]).includes(f.scheme)) out.push(`Unknown check-digit scheme ${String(f.scheme)}.`);
  return out;
}

/**
 * Formats running number `n` as a case ID: prefix + zero-padded body + check digit.
 * @param n integer, 0 ≤ n < 10^bodyDigits
 * @example formatCaseId(1, { prefix: '', bodyDigits: 6, scheme: 'damm' }) // "0000013"
 * @throws RangeError when n does not fit the format
 */
export function formatCaseId(n: number, f: CaseIdFormat): string {
  if (!Number.isSafeInteger(n) || n < 0 || String(n).length > f.bodyDigits) throw new RangeError(`${n} does not fit ${f.bodyDigits} digits`);
  const body = String(n).padStart(f.bodyDigits, '0');
  return `${f.prefix.toUpperCase()}${body}${f.scheme === 'none' ? '' : String(computeCheckDigit(body, f.scheme))}`;
}

/**
 * Generates `count` consecutive case IDs starting at running number `start`.
 * @throws RangeError when the last number does not fit the format
 */
export function generateCaseIds(start: number, count: number, f: CaseIdFormat): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(formatCaseId(start + i, f));
  return out;
}

/** Why a typed case ID was refused. */
export type CaseIdProblem = 'empty' | 'prefix' | 'characters' | 'length' | 'check-digit';

/** The result of {@link checkCaseId}: the normalised ID, or the reason and a message for the operator. */
export type CaseIdCheck =
  | { ok: true; caseId: string; number: number }
  | { ok: false; problem: CaseIdProblem; message: string };

/**
 * Checks a typed or imported case ID against the format. Spaces and hyphens are ignored and the prefix is
 * compared case-insensitively (and may be left out when typing), so "mob 00001-3" and "000013" both normalise.
 * @param text the ID as typed
 * @returns `{ ok: true, caseId, number }` (canonical printed form and running number) or the problem
 */
export function checkCaseId(text: string, f: CaseIdFormat): CaseIdCheck {
  let s = text.replace(/[\s-]+/g, '').toUpperCase();
  if (s === '') return { ok: false, problem: 'empty', message: 'The case ID is empty.' };
  const prefix = f.prefix.toUpperCase();
  if (prefix && s.startsWith(prefix)) s = s.slice(prefix.length);
  else if (/^[A-Z]/.test(s)) return { ok: false, problem: 'prefix', message: prefix ? `A case ID starts with ${prefix}.` : 'A case ID has no letters.' };
  if (!/^[0-9]+$/.test(s)) return { ok: false, problem: 'characters', message: 'A case ID has only digits after its prefix.' };
  const want = f.bodyDigits + (f.scheme === 'none' ? 0 : 1);
  if (s.length !== want) return { ok: false, problem: 'length', message: `A case ID has ${want} digits; this one has ${s.length}.` };
  if (!hasValidCheckDigit(s, f.scheme)) return { ok: false, problem: 'check-digit', message: 'The check digit does not match: a digit is mistyped or two digits are swapped.' };
  const body = f.scheme === 'none' ? s : s.slice(0, -1);
  return { ok: true, caseId: `${prefix}${s}`, number: Number(body) };
}
