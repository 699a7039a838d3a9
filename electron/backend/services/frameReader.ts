// Reads a sample-frame file (CSV or XLSX) from disk into the pure FrameTable: text cells with their row numbers.
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { DomainError } from '../../../shared/domain/errors';
import type { FrameTable } from '../../../shared/fieldwork/frame';

/** An input file's bytes with what every reader needs: SHA-256 (hex), base name and lower-case extension. */
export interface InputFile {
  buf: Buffer;
  sha256: string;
  file: string;
  ext: string;
}

/**
 * Reads an input file (sample frame, response export) whole.
 * @param path the file
 * @throws DomainError NOT_FOUND (no file), IO_ERROR (unreadable)
 */
export async function readInputFile(path: string): Promise<InputFile> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new DomainError('NOT_FOUND', `No such file: ${path}`);
    throw new DomainError('IO_ERROR', `Cannot read ${path}: ${err.message}`);
  }
  return { buf, sha256: createHash('sha256').update(buf).digest('hex'), file: basename(path), ext: extname(path).toLowerCase() };
}

/** A frame as read, with the hash of the file's bytes (stored with the import). */
export interface ReadFrame {
  table: FrameTable;
  sha256: string;
}

/** Decodes CSV bytes: UTF-8 (BOM allowed), or Windows-1252 when they are not valid UTF-8 (Excel "CSV" on Windows). */
/**
 * Record delimiters every CSV reader here accepts, in any mix within one file: Windows (CRLF), Unix (LF) and old Mac
 * (CR). csv-parse otherwise takes the first line's ending for the whole file, so rows appended with another ending
 * (a sheet written on Windows, lines added on Linux) would merge into the row above.
 */
export const CSV_RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\ufeff/, '');
  } catch {
    return iconv.decode(buf, 'win1252');
  }
}

/** The delimiter of a CSV: the most frequent of `;`, `,` and tab in the header line (Dutch Excel writes `;`). */
function sniffDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  let best = ',';
  let bestN = -1;
  for (const d of [',', ';', '\t']) {
    const n = first.split(d).length - 1;
    if (n > bestN) {
      best = d;
      bestN = n;
    }
  }
  return best;
}

/**
 * Turns one exceljs cell value into text: numbers without exponent or trailing zeros as JavaScript prints them,
 * dates as YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS when they have a time), formulas by their cached result,
 * rich text and hyperlinks by their text, booleans as 1/0. An error value (#N/A, …) becomes its text so that
 * validation can name it.
 * @param v `cell.value` from exceljs
 */
export function cellText(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const res = (v as { result?: unknown }).result;
      if (res === undefined || res === null) return null;
      if (typeof res === 'object' && !(res instanceof Date) && 'error' in res) return String((res as { error: unknown }).error);
      return cellText(res as ExcelJS.CellValue);
    }
    if ('error' in v) return String((v as { error: unknown }).error);
    if ('text' in v) {
      const t = (v as { text: unknown }).text;
      return typeof t === 'string' ? t : cellText(t as ExcelJS.CellValue);
    }
  }
  return String(v);
}

function fromRows(file: string, sheet: string | undefined, rows: { row: number; cells: (string | null)[] }[]): FrameTable {
  const headerAt = rows.findIndex((r) => r.cells.some((c) => c !== null && c.trim() !== ''));
  if (headerAt < 0) return { file, ...(sheet !== undefined ? { sheet } : {}), header: [], rows: [] };
  const header = rows[headerAt]!.cells.map((c) => (c ?? '').trim());
  const data = rows.slice(headerAt + 1).filter((r) => r.cells.some((c) => c !== null && c.trim() !== ''));
  return { file, ...(sheet !== undefined ? { sheet } : {}), header, rows: data };
}

/**
 * Reads a frame file. `.csv`/`.txt`: UTF-8 or Windows-1252, delimiter `,` `;` or tab (sniffed from the header),
 * quoted fields; `.xlsx`: the named or first worksheet, formulas by cached value, dates as ISO text. The first
 * non-empty row is the header; empty rows are skipped; row numbers are as in the file (1-based).
 * @param path the file
 * @param sheet worksheet name for .xlsx (default the first)
 * @returns the table (file = the file's base name) and the SHA-256 of its bytes
 * @throws DomainError NOT_FOUND (no file), IMPORT_INVALID (unknown extension, missing sheet, malformed CSV),
 *   IO_ERROR (unreadable)
 */
export async function readFrameFile(path: string, sheet?: string): Promise<ReadFrame> {
  const { buf, sha256, file, ext } = await readInputFile(path);
  if (ext === '.csv' || ext === '.txt') {
    const text = decodeText(buf);
    let records: string[][];
    try {
      records = parseCsv(text, { delimiter: sniffDelimiter(text), record_delimiter: CSV_RECORD_DELIMITERS, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
    } catch (e) {
      const err = e as { message: string; lines?: number };
      throw new DomainError('IMPORT_INVALID', `${file} is not valid CSV: ${err.message}`, [{ file, ...(err.lines ? { row: err.lines } : {}), message: err.message }]);
    }
    // csv-parse gives records, not lines; a quoted field may span lines, so count the lines each record used.
    const rows: { row: number; cells: (string | null)[] }[] = [];
    let line = 1;
    for (const r of records) {
      rows.push({ row: line, cells: r });
      line += 1 + r.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    }
    return { table: fromRows(file, undefined, rows), sha256 };
  }
  if (ext === '.xlsx') {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch (e) {
      throw new DomainError('IMPORT_INVALID', `${file} cannot be read as an .xlsx workbook: ${(e as Error).message}`, [{ file, message: (e as Error).message }]);
    }
    const ws = sheet === undefined ? wb.worksheets[0] : wb.getWorksheet(sheet);
    if (!ws) {
      const names = wb.worksheets.map((w) => w.name).join(', ');
      throw new DomainError('IMPORT_INVALID', sheet === undefined ? `${file} has no worksheet.` : `${file} has no sheet "${sheet}" (sheets: ${names}).`, [{ file, ...(sheet ? { sheet } : {}), message: 'sheet not found' }]);
    }
    const rows: { row: number; cells: (string | null)[] }[] = [];
    const width = ws.columnCount;
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: (string | null)[] = [];
      for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
      rows.push({ row: n, cells });
    });
    return { table: fromRows(file, ws.name, rows), sha256 };
  }
  throw new DomainError('IMPORT_INVALID', `${file}: a sample frame is a .csv or .xlsx file.`, [{ file, message: 'unsupported file type' }]);
}
