// Fast date typing for paper forms: 230114, 23-1-14, 23.01.2014 → 2014-01-23 (Dutch day-month-year order).

/** The outcome of {@link parseFastDate}: an ISO date, or why the text is not a date. */
export type FastDateResult = { ok: true; iso: string } | { ok: false; reason: 'empty' | 'format' | 'invalid' };

/** Days in a month of a year (Gregorian). */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Expands a two-digit year to four: the year in the 100-year window that ends `ahead` years after the
 * reference year (default: 2000–2099 when no reference year is given).
 * @param yy 0–99; @param referenceYear e.g. the current year (2026) or undefined
 * @param ahead how many years after the reference year still count as future (default 10)
 * @example expandYear(14, 2026) → 2014; expandYear(45, 2026) → 1945
 */
export function expandYear(yy: number, referenceYear?: number, ahead = 10): number {
  if (referenceYear === undefined) return 2000 + yy;
  const last = referenceYear + ahead;
  let y = Math.floor(last / 100) * 100 + yy;
  if (y > last) y -= 100;
  return y;
}

/**
 * Parses a date typed the fast way, Dutch order day-month-year:
 * `230114` and `23012014` (digits only), `23-1-14`, `23.1.2014`, `23 1 14` (separators `-`, `.`, space or `/`),
 * and ISO `2014-01-23` as stored.
 * Two-digit years are expanded with {@link expandYear} against the year of `today`.
 * @param text what the operator typed
 * @param today "YYYY-MM-DD" (the caller's clock) for the century of two-digit years; optional
 * @returns `{ ok: true, iso: 'YYYY-MM-DD' }`, or `{ ok: false, reason }` — 'empty', 'format' (not a date
 *   pattern) or 'invalid' (e.g. 31-02-2014)
 * @example parseFastDate('23-1-14') → { ok: true, iso: '2014-01-23' }
 */
export function parseFastDate(text: string, today?: string): FastDateResult {
  const s = text.trim();
  if (s === '') return { ok: false, reason: 'empty' };
  const refYear = today && /^\d{4}/.test(today) ? Number(today.slice(0, 4)) : undefined;
  let d: number;
  let m: number;
  let y: number;
  let iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) {
    y = Number(iso[1]);
    m = Number(iso[2]);
    d = Number(iso[3]);
  } else if (/^\d{6}$/.test(s) || /^\d{8}$/.test(s)) {
    d = Number(s.slice(0, 2));
    m = Number(s.slice(2, 4));
    const rest = s.slice(4);
    y = rest.length === 2 ? expandYear(Number(rest), refYear) : Number(rest);
  } else {
    iso = /^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{2}|\d{4})$/.exec(s);
    if (!iso) return { ok: false, reason: 'format' };
    d = Number(iso[1]);
    m = Number(iso[2]);
    y = iso[3]!.length === 2 ? expandYear(Number(iso[3]), refYear) : Number(iso[3]);
  }
  if (m < 1 || m > 12 || d < 1 || y < 1000 || d > daysIn(y, m)) return { ok: false, reason: 'invalid' };
  return { ok: true, iso: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/**
 * Shows a stored ISO date the Dutch way, `DD-MM-YYYY`; any other text is returned unchanged.
 * @example formatDutchDate('2014-01-23') → '23-01-2014'
 */
export function formatDutchDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}
