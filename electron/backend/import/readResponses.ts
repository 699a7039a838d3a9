// Reads a response file (CSV or XLSX) into a raw table: encoding and delimiter detection, multi-line quoted fields, cached formula values, 1900/1904 dates.
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { DomainError, type ErrorIssue } from '../../../shared/domain/errors';
import type { RawRow, RawTable, UnreadableCell } from '../../../shared/import/table';
import { cellText, readInputFile } from '../services/frameReader';

/** Encodings a CSV may be read in; 'auto' detects. */
export type CsvEncoding = 'auto' | 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/**
 * The file errors' issue reasons (`import.file.<key>`), so the UI shows its own text naming the file; the issue's
 * `message` is the English text, its `params` hold file (and sheet, row).
 */
export type FileIssueKey = 'notFound' | 'unreadable' | 'notXlsx' | 'type' | 'sheet' | 'csv';

function fileIssue(key: FileIssueKey, file: string, message: string, extra: { sheet?: string; row?: number } = {}): ErrorIssue {
  return { file, ...extra, message, reason: `import.file.${key}`, params: { file, ...extra } };
}

/** readInputFile with the file named in the error's issues (NOT_FOUND, IO_ERROR). */
async function readLocated(path: string): ReturnType<typeof readInputFile> {
  try {
    return await readInputFile(path);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const file = basename(path);
    if (e.code === 'NOT_FOUND') throw new DomainError('NOT_FOUND', `${file}: the file does not exist (${path}).`, [fileIssue('notFound', file, 'file not found')]);
    throw new DomainError(e.code, `${file} cannot be read: ${e.message}`, [fileIssue('unreadable', file, 'file unreadable')]);
  }
}

/** A file read into a raw table, with how it was read. */
export interface ReadResponses {
  table: RawTable;
  sha256: string;
  format: 'csv' | 'xlsx';
  /** 'utf-8', 'utf-8-bom', 'windows-1252', 'utf-16le' or 'utf-16be' for CSV; null for XLSX. */
  encoding: string | null;
  delimiter: string | null;
  sheets: string[];
}

/** The encoding a file's byte-order mark names (UTF-8, UTF-16 little- or big-endian), or undefined without one. */
export function byteOrderMark(buf: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | undefined {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8';
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * UTF-16 by its byte-order mark (FF FE little-endian, FE FF big-endian), or without one by its zero bytes: text of
 * mostly Latin letters in UTF-16 has a zero in every other byte (Excel's "Unicode Text", many survey tools).
 * @returns the UTF-16 form, or undefined when the bytes are not UTF-16
 */
export function utf16Form(buf: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const bom = byteOrderMark(buf);
  if (bom === 'utf-16le' || bom === 'utf-16be') return bom;
  const n = Math.min(buf.length - (buf.length % 2), 4096);
  if (n < 8) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (buf[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.4 && even <= pairs * 0.02) return 'utf-16le';
  if (even >= pairs * 0.4 && odd <= pairs * 0.02) return 'utf-16be';
  return undefined;
}

/**
 * Decodes CSV bytes: with 'auto', UTF-16 (by its byte-order mark or its zero bytes, {@link utf16Form}), else a BOM
 * means UTF-8, bytes that are valid UTF-8 are UTF-8, anything else is Windows-1252 (Excel "CSV" on Windows); an
 * explicit encoding is used as given.
 * @returns the text without BOM and the encoding used ('utf-8', 'utf-8-bom', 'windows-1252', 'utf-16le', 'utf-16be')
 * @throws TypeError (ERR_ENCODING_INVALID_ENCODED_DATA) when bytes read as UTF-16 are not valid UTF-16
 */
export function decodeCsv(buf: Buffer, encoding: CsvEncoding = 'auto'): { text: string; encoding: string } {
  const bom = byteOrderMark(buf) === 'utf-8';
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : encoding === 'auto' ? utf16Form(buf) : undefined;
  if (utf16) return { text: new TextDecoder(utf16, { fatal: true }).decode(buf).replace(/^\ufeff/, ''), encoding: utf16 };
  if (encoding === 'windows-1252') return { text: iconv.decode(buf, 'win1252'), encoding: 'windows-1252' };
  if (encoding === 'utf-8') return { text: new TextDecoder('utf-8').decode(buf).replace(/^\ufeff/, ''), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return { text: text.replace(/^\ufeff/, ''), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'win1252'), encoding: 'windows-1252' };
  }
}

/**
 * The delimiter of a CSV: of `,`, `;` and tab, the one found most often outside quotes in the first record
 * (a quoted header may hold commas).
 */
export function sniffCsvDelimiter(text: string): string {
  const n: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 1_000_000; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in n) n[ch]!++;
  }
  return [';', '\t', ','].reduce((best, d) => (n[d]! > n[best]! ? d : best), ',');
}

/** Text of an exceljs cell for import: zero-padded number formats keep their leading zeros ("000123"). */
function importCellText(cell: ExcelJS.Cell): string | null {
  const v = cell.value;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && /^0+$/.test(cell.numFmt ?? '')) return String(v).padStart(cell.numFmt.length, '0');
  return cellText(v);
}

/** A response file opened for reading: how it is read, and its rows one at a time (never all held as text). */
export interface ResponseSource {
  file: string;
  sha256: string;
  format: 'csv' | 'xlsx';
  /** 'utf-8', 'utf-8-bom', 'windows-1252', 'utf-16le' or 'utf-16be' for CSV; null for XLSX. */
  encoding: string | null;
  delimiter: string | null;
  sheets: string[];
  sheet?: string;
  /** Cells that could not be read (XLSX formulas without a cached value). */
  unreadable: UnreadableCell[];
  /**
   * Calls `onRow` for every row of the file in order (row numbers are those of the file, quoted line breaks
   * counted); `onRow` may keep the row. Can be called once.
   * @throws DomainError IMPORT_INVALID for malformed CSV (unterminated quotes), with file and row
   */
  forEachRow(onRow: (r: RawRow) => void): void;
}

/**
 * Opens a response file. `.csv`/`.txt`: encoding detected or given, delimiter sniffed, quoted fields with line
 * breaks (row numbers stay those of the file), rows parsed one at a time when {@link ResponseSource.forEachRow}
 * runs; `.xlsx`: the named or first sheet, formulas by cached value (a formula without one is listed in
 * `unreadable`, its cell left empty), dates of both date systems as ISO text (UTC, so independent of the time
 * zone), rich text and inline strings as their text.
 * @param path the file; @param opts encoding (CSV) and sheet (XLSX)
 * @throws DomainError NOT_FOUND (no file), IO_ERROR (unreadable), IMPORT_INVALID (unknown extension, missing
 *   sheet, not an XLSX workbook) with file/sheet in its issues
 */
export async function openResponseFile(path: string, opts: { encoding?: CsvEncoding; sheet?: string } = {}): Promise<ResponseSource> {
  const { buf, sha256, file, ext } = await readLocated(path);
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') {
    // A forced encoding that contradicts the file's byte-order mark would read garbage (or garbled names): refused.
    const bom = byteOrderMark(buf);
    const forced = opts.encoding !== undefined && opts.encoding !== 'auto' ? opts.encoding : undefined;
    if (bom && forced && bom !== forced) {
      const [b, f] = [bom.toUpperCase(), forced.toUpperCase()];
      throw new DomainError('IMPORT_INVALID', `${file} starts with the byte-order mark of ${b}; it cannot be read as ${f}: choose ${b} or automatic detection.`, [
        { file, message: `byte-order mark ${bom}, encoding ${forced} chosen`, reason: 'import.file.bom', params: { file, bom: b, encoding: f } },
      ]);
    }
    let decoded: { text: string; encoding: string };
    try {
      decoded = decodeCsv(buf, opts.encoding);
    } catch {
      const form = opts.encoding === 'utf-16le' || opts.encoding === 'utf-16be' ? opts.encoding : (utf16Form(buf) ?? 'utf-16');
      throw new DomainError('IMPORT_INVALID', `${file} is not valid ${form.toUpperCase()} (a broken character pair); save it again from the program that made it, or choose another encoding.`, [
        { file, message: `invalid ${form}`, reason: 'import.file.utf16', params: { file, encoding: form.toUpperCase() } },
      ]);
    }
    const { text, encoding } = decoded;
    const delimiter = ext === '.tsv' ? '\t' : sniffCsvDelimiter(text);
    return {
      file,
      sha256,
      format: 'csv',
      encoding,
      delimiter,
      sheets: [],
      unreadable: [],
      forEachRow(onRow) {
        // Papa Parse works on the string (csv-parse copies every field out of a Buffer: about 3× slower on a
        // 100,000-row export), one record per step so the file's rows are never all held at once; RFC 4180
        // quoting, quoted line breaks kept.
        let line = 1;
        let bad: { message: string; row: number } | undefined;
        Papa.parse<string[]>(text, {
          delimiter,
          skipEmptyLines: false,
          dynamicTyping: false,
          step: (res, parser) => {
            const cells = res.data;
            const quotes = res.errors.find((e) => e.type === 'Quotes');
            if (quotes) {
              bad = { message: quotes.message, row: line };
              parser.abort();
              return;
            }
            onRow({ row: line, cells });
            line++;
            // Quoted fields with line breaks move the file's row number on (rare: test cheaply first).
            for (const c of cells) if (c.includes('\n') || c.includes('\r')) line += c.match(/\r\n|\n|\r/g)?.length ?? 0;
          },
        });
        if (bad) throw new DomainError('IMPORT_INVALID', `${file} is not valid CSV: ${bad.message} (row ${bad.row})`, [fileIssue('csv', file, bad.message, { row: bad.row })]);
      },
    };
  }
  if (ext === '.xlsx') {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch {
      throw new DomainError('IMPORT_INVALID', `${file} cannot be read as an .xlsx workbook (the file is damaged or is not an Excel workbook).`, [fileIssue('notXlsx', file, 'not an xlsx workbook')]);
    }
    const sheets = wb.worksheets.map((w) => w.name);
    const ws = opts.sheet === undefined ? wb.worksheets[0] : wb.getWorksheet(opts.sheet);
    if (!ws) {
      throw new DomainError('IMPORT_INVALID', opts.sheet === undefined ? `${file} has no worksheet.` : `${file} has no sheet "${opts.sheet}" (sheets: ${sheets.join(', ')}).`, [fileIssue('sheet', file, 'sheet not found', opts.sheet ? { sheet: opts.sheet } : {})]);
    }
    const rows: RawRow[] = [];
    const unreadable: UnreadableCell[] = [];
    const width = ws.columnCount;
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: (string | null)[] = [];
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c);
        const v = cell.value;
        if (v !== null && typeof v === 'object' && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v)) {
          const res = (v as { result?: unknown }).result;
          if (res === undefined || res === null) {
            const f = (v as { formula?: string; sharedFormula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula ?? '';
            unreadable.push({ row: n, col: c, reason: 'formulaWithoutValue', value: `=${f}` });
            cells.push(null);
            continue;
          }
        }
        cells.push(importCellText(cell));
      }
      rows.push({ row: n, cells });
    });
    return { file, sha256, format: 'xlsx', encoding: null, delimiter: null, sheets, sheet: ws.name, unreadable, forEachRow: (onRow) => rows.forEach((r) => onRow(r)) };
  }
  throw new DomainError('IMPORT_INVALID', `${file}: responses are read from a .csv or .xlsx file.`, [fileIssue('type', file, 'unsupported file type')]);
}

/**
 * Reads a whole response file into a raw table ({@link openResponseFile}, every row kept; a trailing line break
 * of a CSV gives no row).
 * @param path the file; @param opts encoding (CSV) and sheet (XLSX)
 * @throws DomainError NOT_FOUND (no file), IO_ERROR (unreadable), IMPORT_INVALID (unknown extension, missing
 *   sheet, malformed CSV, not an XLSX workbook) with file/sheet/row in its issues
 */
export async function readResponseFile(path: string, opts: { encoding?: CsvEncoding; sheet?: string } = {}): Promise<ReadResponses> {
  const src = await openResponseFile(path, opts);
  const rows: RawRow[] = [];
  src.forEachRow((r) => rows.push(r));
  // A trailing line break gives a last record of one empty field: not a row of the file.
  const last = rows[rows.length - 1];
  if (src.format === 'csv' && last && last.cells.length === 1 && last.cells[0] === '') rows.pop();
  const table: RawTable = { file: src.file, ...(src.sheet !== undefined ? { sheet: src.sheet } : {}), rows, unreadable: src.unreadable };
  return { table, sha256: src.sha256, format: src.format, encoding: src.encoding, delimiter: src.delimiter, sheets: src.sheets };
}
