// Cell text → stored value of a variable: codes, answer labels → codes, multiple choice in both layouts, decimal comma, dates.
import { findList, userMissingCodes, type Questionnaire, type Variable } from '../domain/questionnaire';
import { canonicalCodes } from '../entry/codes';
import { parseFastDate } from '../entry/fastDate';

/** How a cell was turned into a value, for the column report. */
export interface Converted {
  /** The value to store ('' = not answered). Never coerced: an unknown code or a bad number is kept as it came. */
  value: string;
  /** Surrounding white space was removed from a code. */
  trimmed: boolean;
  /** Labels turned into codes. */
  labelsMapped: number;
  /** Parts that are neither a code nor a known label (kept raw; listed as unmapped labels when not numeric). */
  unknown: string[];
}

/** Looks up codes of a choice variable by code and by label (any language, case-insensitive), plus explicit labels. */
export interface CodeBook {
  codes: ReadonlySet<string>;
  byLabel: ReadonlyMap<string, string>;
  order: readonly string[];
}

/**
 * The code book of a choice variable: its list codes and user-missing codes; labels of both (every language,
 * compared lower-case and trimmed); `explicit` labels (from the mapping) win over the questionnaire's.
 * @param q the questionnaire; @param v a single or multiple variable; @param explicit label → code from the mapping
 */
export function codeBook(q: Questionnaire, v: Variable, explicit: Readonly<Record<string, string>> = {}): CodeBook {
  const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
  const codes = new Set<string>();
  const byLabel = new Map<string, string>();
  const order: string[] = [];
  for (const c of [...(list?.choices ?? []), ...userMissingCodes(q, v)]) {
    if (!codes.has(c.code)) order.push(c.code);
    codes.add(c.code);
    for (const l of Object.values(c.label)) if (!byLabel.has(l.trim().toLowerCase())) byLabel.set(l.trim().toLowerCase(), c.code);
  }
  for (const [l, c] of Object.entries(explicit)) byLabel.set(l.trim().toLowerCase(), c);
  return { codes, byLabel, order };
}

/** Resolves one answer of a choice variable: the code itself, a numeric spelling of it (`01`, `1.0`), or a label. */
function resolveCode(book: CodeBook, part: string): { code: string; label: boolean } | null {
  if (book.codes.has(part)) return { code: part, label: false };
  if (/^[+-]?\d+(\.0+)?$/.test(part)) {
    const n = String(Number(part));
    if (book.codes.has(n)) return { code: n, label: false };
  }
  const l = book.byLabel.get(part.toLowerCase());
  return l !== undefined ? { code: l, label: true } : null;
}

/** How a file writes numbers. */
export interface ConvertOptions {
  /**
   * True for a comma-delimited CSV (an English-locale export), where a quoted `1,234` may be 1234 with a thousands
   * separator: such a cell (one to three digits, a comma, exactly three digits) is kept raw rather than read as
   * 1.234; `12,5` or `0,75` are still decimal commas.
   */
  commaGroupsThousands?: boolean;
}

/**
 * Converts a cell for a variable. Blank cells (only spaces) are '' — never 0. single: a code, a numeric spelling
 * of a code or an answer label; multiple: the whole cell as one label, else parts split by `,`/`;` (when any) or
 * white space, each a code or label, stored as codes in list order separated by one space; integer/decimal:
 * a decimal comma becomes a point (`12,5` → `12.5`; in a comma-delimited file not `1,234`, see {@link ConvertOptions}); date: ISO, ISO date-time at midnight, or day-month-year (Dutch order);
 * text: as it came without surrounding white space. Anything else is kept raw and left to the checks.
 * @param q the questionnaire; @param v the variable; @param cell the cell text; @param book from {@link codeBook};
 * @param opts how the file writes numbers
 * @returns the value and what was done to it
 */
export function convertCell(q: Questionnaire, v: Variable, cell: string | null, book?: CodeBook, opts: ConvertOptions = {}): Converted {
  const raw = cell ?? '';
  const t = raw.trim();
  const res: Converted = { value: t, trimmed: false, labelsMapped: 0, unknown: [] };
  if (t === '') return res;
  switch (v.type) {
    case 'single': {
      const r = book ? resolveCode(book, t) : null;
      if (r) {
        res.value = r.code;
        if (r.label) res.labelsMapped = 1;
        else res.trimmed = t !== raw;
      } else res.unknown.push(t);
      return res;
    }
    case 'multiple': {
      if (!book) return res;
      const whole = book.byLabel.get(t.toLowerCase());
      if (whole !== undefined && !book.codes.has(t)) {
        res.value = whole;
        res.labelsMapped = 1;
        return res;
      }
      const parts = (/[,;]/.test(t) ? t.split(/[,;]/) : t.split(/\s+/)).map((p) => p.trim()).filter((p) => p !== '');
      const codes: string[] = [];
      for (const p of parts) {
        const r = resolveCode(book, p);
        if (r) {
          codes.push(r.code);
          if (r.label) res.labelsMapped++;
        } else {
          codes.push(p);
          res.unknown.push(p);
        }
      }
      res.value = canonicalCodes(codes, book.order);
      return res;
    }
    case 'integer':
    case 'decimal':
      if (t.includes(',') && /^[+-]?\d*,\d+$/.test(t) && !(opts.commaGroupsThousands && /^[+-]?\d{1,3},\d{3}$/.test(t))) res.value = t.replace(',', '.');
      return res;
    case 'date': {
      const iso = /^(\d{4}-\d{2}-\d{2})(T00:00(:00(\.0+)?)?Z?)?$/.exec(t);
      if (iso) res.value = iso[1]!;
      else if (/^\d{1,2}[-./]\d{1,2}[-./]\d{4}$/.test(t)) {
        const d = parseFastDate(t);
        if (d.ok) res.value = d.iso;
      }
      return res;
    }
    case 'text':
    case 'note':
    case 'calculated':
      return res;
    default:
      return res;
  }
}

/**
 * Reads a 0/1 option column cell: 1/true/yes/ja/x (and the option's code or label) = selected; 0/false/no/nee or
 * blank = not selected.
 * @param cell the cell; @param code the option's code; @param label the option's labels (lower case)
 * @returns true, false, or null when the cell is neither (it cannot be stored as a selection)
 */
export function readOptionFlag(cell: string | null, code: string, labels: readonly string[] = []): boolean | null {
  const t = (cell ?? '').trim().toLowerCase();
  if (t === '' || ['0', 'false', 'no', 'nee', 'n', 'onwaar'].includes(t) || /^0(\.0+)?$/.test(t)) return false;
  if (['1', 'true', 'yes', 'ja', 'y', 'j', 'x', 'waar'].includes(t) || /^1(\.0+)?$/.test(t) || t === code.toLowerCase() || labels.includes(t)) return true;
  return null;
}
