// Typed codes → stored values: single codes, multiple choice ("1 3" or "1+3"), numbers (decimal comma), dates, text.
import { assertNever } from '../domain/errors';
import { findList, type Questionnaire, type Variable } from '../domain/questionnaire';
import { formatDutchDate, parseFastDate } from './fastDate';

/**
 * Splits a typed multiple-choice answer into codes: separators are spaces, `+` and `,`.
 * @example splitCodes('1+3') → ['1', '3']; splitCodes(' 2  5 ') → ['2', '5']
 */
export function splitCodes(text: string): string[] {
  return text.split(/[\s+,]+/).filter((c) => c !== '');
}

/**
 * Puts multiple-choice codes in the order of the choice list (unknown codes after, in typed order) and joins
 * them with one space, the stored form (`'1 3'`). Duplicates are kept so the checks can report them.
 * @param listCodes the codes of the variable's list in list order
 */
export function canonicalCodes(codes: readonly string[], listCodes: readonly string[]): string {
  const rank = (c: string): number => {
    const i = listCodes.indexOf(c);
    return i < 0 ? listCodes.length : i;
  };
  return codes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c)
    .join(' ');
}

/** The outcome of {@link toStoredValue}: the value to store (`''` = not answered) or why the text cannot be one. */
export type StoredValueResult = { ok: true; value: string } | { ok: false; reason: 'date' };

/**
 * Turns what an operator typed into the value stored for a variable:
 * single → trimmed code; multiple → codes in list order separated by one space; integer/decimal → trimmed, a
 * decimal comma becomes a point; date → ISO via {@link parseFastDate} (a user-missing code of the variable is
 * kept as typed); text → as typed without surrounding spaces. Type, code and range errors are left to
 * shared/checks; only a date that cannot be read is refused here.
 * @param q the questionnaire; @param v the variable; @param typed the typed text; @param today "YYYY-MM-DD"
 * @param missingCodes user-missing codes of the variable (kept verbatim for dates)
 */
export function toStoredValue(q: Questionnaire, v: Variable, typed: string, today?: string, missingCodes: readonly string[] = []): StoredValueResult {
  const t = typed.trim();
  if (t === '') return { ok: true, value: '' };
  switch (v.type) {
    case 'single':
      return { ok: true, value: t };
    case 'multiple': {
      const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
      return { ok: true, value: canonicalCodes(splitCodes(t), list?.choices.map((c) => c.code) ?? []) };
    }
    case 'integer':
    case 'decimal':
      return { ok: true, value: t.replace(',', '.') };
    case 'date': {
      if (missingCodes.includes(t)) return { ok: true, value: t };
      const d = parseFastDate(t, today);
      return d.ok ? { ok: true, value: d.iso } : { ok: false, reason: 'date' };
    }
    case 'text':
      return { ok: true, value: t };
    case 'note':
    case 'calculated':
      return { ok: true, value: '' };
    default:
      return assertNever(v.type, 'variable type');
  }
}

/**
 * The text shown in a field for a stored value: dates as DD-MM-YYYY, everything else as stored.
 */
export function toDisplayValue(v: Variable, stored: string): string {
  return v.type === 'date' ? formatDutchDate(stored) : stored;
}

/**
 * Normalises a value for comparing two keyings of the same field (verification): surrounding spaces and
 * letter case are ignored, numbers compare by value (`'05'` = `'5'`, `'1.50'` = `'1.5'`), multiple-choice codes
 * by set. Open text is compared after trimming and case-folding only.
 */
export function comparableValue(v: Variable, stored: string): string {
  const t = stored.trim();
  switch (v.type) {
    case 'integer':
    case 'decimal': {
      const n = Number(t.replace(',', '.'));
      return t !== '' && Number.isFinite(n) ? String(n) : t.toLowerCase();
    }
    case 'single':
      return /^\d+$/.test(t) ? String(Number(t)) : t.toLowerCase();
    case 'multiple':
      return [...new Set(splitCodes(t).map((c) => (/^\d+$/.test(c) ? String(Number(c)) : c.toLowerCase())))].sort().join(' ');
    case 'date':
    case 'text':
    case 'note':
    case 'calculated':
      return t.toLowerCase();
    default:
      return assertNever(v.type, 'variable type');
  }
}
