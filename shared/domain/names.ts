// Variable name rules: what Veldwerk requires, and warnings where SPSS, Stata or Excel limits would bite.

/** Longest allowed variable name (Stata's limit; SPSS allows 64 bytes). */
export const MAX_NAME_LENGTH = 32;

const NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;

/** SPSS reserved keywords: cannot be variable names (IBM SPSS Statistics, "Variable names"). */
const SPSS_RESERVED = new Set(['all', 'and', 'by', 'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'not', 'or', 'to', 'with']);
/** Stata reserved names (Stata User's Guide [U] 11.3 "Naming conventions"). */
const STATA_RESERVED = new Set([
  '_all', '_b', 'byte', '_coef', '_cons', 'double', 'float', 'if', 'in', 'int', 'long', '_n', '_pi', '_pred', '_rc',
  '_skip', 'str', 'strl', 'using', 'with',
]);

/**
 * Hard rule for a variable or group name: letters, digits and underscore, starting with a letter, at most 32
 * characters. (Uniqueness ignoring case is checked over the whole questionnaire.)
 * @param name the proposed name
 * @returns an error message, or undefined if the name is allowed
 */
export function nameError(name: string): string | undefined {
  if (name === '') return 'name is empty';
  if (!NAME_RE.test(name)) {
    if (!/^[A-Za-z]/.test(name)) return `name '${name}' must start with a letter`;
    return `name '${name}' may contain only letters, digits and underscore`;
  }
  if (name.length > MAX_NAME_LENGTH) return `name '${name}' is longer than ${MAX_NAME_LENGTH} characters (${name.length})`;
  return undefined;
}

/**
 * Soft rules: names that are legal in Veldwerk but cause trouble in SPSS, Stata or Excel.
 * @param name an allowed name (see {@link nameError})
 * @returns zero or more warning messages
 */
export function nameWarnings(name: string): string[] {
  const out: string[] = [];
  const lower = name.toLowerCase();
  if (SPSS_RESERVED.has(lower)) out.push(`name '${name}' is a reserved word in SPSS`);
  if (STATA_RESERVED.has(lower)) out.push(`name '${name}' is a reserved word in Stata`);
  if (name.endsWith('_')) out.push(`name '${name}' ends with an underscore, which SPSS advises against`);
  if (looksLikeCell(name)) {
    out.push(`name '${name}' looks like an Excel cell reference`);
  }
  return out;
}

/** True for A1-style references within Excel's grid (columns up to XFD, rows up to 1,048,576) and R1C1 style. */
function looksLikeCell(name: string): boolean {
  if (/^[Rr][0-9]+[Cc][0-9]+$/.test(name)) return true;
  const m = /^([A-Za-z]{1,3})([0-9]{1,7})$/.exec(name);
  if (!m) return false;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  return col <= 16384 && row >= 1 && row <= 1048576;
}
