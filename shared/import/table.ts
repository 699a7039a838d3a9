// The raw table of an imported response file (text cells with file row numbers) and its header rows: detection, duplicates.

/** One row of a file as read: its 1-based row number in the file and its cells as text (null = empty cell). */
export interface RawRow {
  row: number;
  cells: readonly (string | null)[];
}

/** A cell that could not be read as a value (e.g. an XLSX formula without a cached result). */
export interface UnreadableCell {
  row: number;
  /** 1-based column number. */
  col: number;
  reason: 'formulaWithoutValue';
  /** The formula or other source text, for the report. */
  value: string;
}

/** A file read into rows of text, before the header is chosen. */
export interface RawTable {
  /** The file's base name. */
  file: string;
  sheet?: string;
  rows: readonly RawRow[];
  unreadable: readonly UnreadableCell[];
}

/** The table split into header, extra header rows (question texts, import ids) and data rows. */
export interface HeaderedTable {
  file: string;
  sheet?: string;
  /** Column names of the first header row, trimmed. */
  header: string[];
  /** Rows after the first header row that belong to the header (e.g. question texts, `{"ImportId":"QID1"}`). */
  extraHeaderRows: RawRow[];
  rows: RawRow[];
  /** Header names that occur more than once, with their 1-based column numbers. */
  duplicateHeaders: { name: string; columns: number[] }[];
  unreadable: readonly UnreadableCell[];
}

/**
 * True for a cell holding nothing but white space (or nothing): such cells are empty, never 0.
 * @param c the cell text or null
 */
export function isBlank(c: string | null | undefined): boolean {
  if (c === null || c === undefined || c === '') return true;
  // Only a cell that starts with white space can be all white space (no trim() copy for the usual cell).
  return c.charCodeAt(0) <= 32 || c.charCodeAt(0) === 0xa0 || c.charCodeAt(0) >= 0x1680 ? c.trim() === '' : false;
}

const IMPORT_ID = /^\s*\{\s*"?(ImportId|QID)/i;

/**
 * Whether a row right after the header looks like another header row, as in Qualtrics (names, question texts,
 * `{"ImportId":…}`) or LimeSurvey exports with a question-text row: at least half of its filled cells are an
 * import id, or a text with a space that is longer than 20 characters or ends in "?", or the same text as a
 * known question label of that column, or the column's own name repeated; a text ending in "?"; or a text of
 * at least 12 characters with a word and a space.
 * @param cells the row's cells; @param labels per column, question texts that identify a header row (optional)
 * @param header the first header row (a repeated name counts as header-like)
 * @returns true when the row is a header row
 */
export function looksLikeHeaderRow(cells: readonly (string | null)[], labels: readonly (readonly string[] | undefined)[] = [], header: readonly string[] = []): boolean {
  let filled = 0;
  let headerLike = 0;
  cells.forEach((c, i) => {
    if (isBlank(c)) return;
    filled++;
    const t = c!.trim();
    const known = labels[i]?.some((l) => l.trim().toLowerCase() === t.toLowerCase()) ?? false;
    const sameName = (header[i] ?? '').toLowerCase() === t.toLowerCase();
    if (known || sameName || IMPORT_ID.test(t) || t.endsWith('?') || (/\s/.test(t) && /\p{L}{3,}/u.test(t) && t.length >= 12)) headerLike++;
  });
  return filled > 0 && headerLike * 2 >= filled;
}

/**
 * Splits a raw table into header and data: the first non-empty row is the header; the next rows are extra
 * header rows when `headerRows` says so (total number of header rows, ≥ 1), else while they look like header
 * rows ({@link looksLikeHeaderRow}, at most two). Rows that are entirely blank are dropped.
 * @param t the raw table; @param headerRows header rows chosen by the user (1 = only names)
 * @param labels per column, known question texts (helps recognise a question-text row)
 * @returns the headered table with duplicate header names listed
 */
export function splitHeader(t: RawTable, headerRows?: number, labels: readonly (readonly string[] | undefined)[] = []): HeaderedTable {
  const filled = t.rows.filter((r) => r.cells.some((c) => !isBlank(c)));
  const first = filled[0];
  const base = { file: t.file, ...(t.sheet !== undefined ? { sheet: t.sheet } : {}), unreadable: t.unreadable };
  if (!first) return { ...base, header: [], extraHeaderRows: [], rows: [], duplicateHeaders: [] };
  const header = first.cells.map((c) => (c ?? '').trim());
  let extra = 0;
  if (headerRows !== undefined) extra = Math.max(0, Math.min(headerRows - 1, filled.length - 1));
  else while (extra < 2 && filled[1 + extra] && looksLikeHeaderRow(filled[1 + extra]!.cells, labels, header)) extra++;
  const seen = new Map<string, number[]>();
  header.forEach((h, i) => {
    if (h === '') return;
    const k = h.toLowerCase();
    seen.set(k, [...(seen.get(k) ?? []), i + 1]);
  });
  const duplicateHeaders = [...seen.values()].filter((cols) => cols.length > 1).map((cols) => ({ name: header[cols[0]! - 1]!, columns: cols }));
  return { ...base, header, extraHeaderRows: filled.slice(1, 1 + extra), rows: filled.slice(1 + extra), duplicateHeaders };
}
