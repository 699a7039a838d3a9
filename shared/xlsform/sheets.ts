// Workbook input for the pure XLSForm reader: sheets as rows of plain cells (the Node side converts files to this).

/** One cell as read from a spreadsheet or CSV: rich text already joined, formulas replaced by their cached value. */
export type Cell = string | number | boolean | null | undefined;

/** One sheet: rows[0] is the header (spreadsheet row 1). Rows may be ragged. */
export interface SheetRows {
  name: string;
  rows: readonly (readonly Cell[])[];
}

/** A workbook (or a folder of CSV files, one sheet per file). */
export interface WorkbookRows {
  sheets: readonly SheetRows[];
  /** File or folder it came from, copied into every issue. */
  file?: string;
}

/**
 * Spreadsheet column letters for a 0-based column index (0 → A, 25 → Z, 26 → AA).
 * @param index 0-based column
 */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * A cell as trimmed text: numbers in plain decimal notation, booleans "true"/"false", empty cells ''.
 * Non-breaking spaces at either end are trimmed too.
 */
export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  if (typeof c === 'boolean') return c ? 'true' : 'false';
  return c.replace(/^[\s\u00a0\ufeff]+|[\s\u00a0]+$/g, '');
}
