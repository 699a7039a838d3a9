// Streams export sheets into an .xlsx with exceljs's WorkbookWriter: bounded memory, deflate level 6, temp name + rename.
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { DomainError } from '../../../shared/domain/errors';
import {
  canonicalLine,
  cleanCellText,
  columnLetter,
  EXCEL_LIMITS,
  escapeUnderscoreX,
  splitAtRowLimit,
  type CellValue,
  type ColumnFormat,
  type ExportOutcome,
  type SheetLimits,
  type SheetSpec,
} from '../../../shared/export';

/** Progress of a write: rows written so far of all rows of all sheets. */
export interface WriteProgress {
  phase: string;
  done: number;
  total: number;
}

/** Options of {@link writeWorkbook}. */
export interface XlsxWriteOptions {
  signal?: AbortSignal;
  onProgress?: (p: WriteProgress) => void;
  /** Pause writing while more than this many bytes of sheet XML wait in front of deflate (default 16 MiB). */
  queueLimitBytes?: number;
  /** Deflate level (default 6: files like Excel's own; exceljs's default 1 makes them ~1.5× larger). */
  zlibLevel?: number;
  limits?: SheetLimits;
}

/** What the write produced. */
export interface XlsxWriteResult {
  path: string;
  bytes: number;
  sheetNames: string[];
  dataSha256: string;
  truncatedCells: number;
  notes: string[];
}

/** Number formats per column format; styles are registered once per workbook. */
const NUM_FMT: Readonly<Record<Exclude<ColumnFormat, 'general'>, string>> = {
  date: 'yyyy-mm-dd',
  percent: '0.0',
  weight: '0.000000',
  proportion: '0.0%',
};

// exceljs 4.4.0 internals this writer relies on (checked at run time; tests pin the behaviour):
// worksheet.stream (the sheet's StreamBuf; `buffers` not yet handed on, `pipes` its consumers),
// workbook.sharedStrings.add(text) → index, workbook.styles.addStyleModel(model, type) → style id.
interface StreamBufLike {
  write(data: string): unknown;
  buffers?: { length: number }[];
  pipes?: { writableLength?: number; _writableState?: { length?: number } }[];
}
interface WorkbookInternals {
  sharedStrings: { add(value: string): number };
  styles: { addStyleModel(model: object, cellType: number): number };
}
interface WorksheetInternals {
  stream: StreamBufLike;
}

/** Worksheet property that carries the sheet's `<dimension ref>` to the patched writer (see {@link addDimensionSupport}). */
const DIMENSION_PROPERTY = 'veldwerkDimension';
let dimensionSupport: boolean | undefined;

/**
 * exceljs 4.4.0's streaming WorksheetWriter writes no `<dimension>` element (it is commented out there because at
 * the end of the sheet Excel rejects it), and some readers then cannot size the sheet. The writer knows each sheet's
 * range before its first row, so this wraps `WorksheetWriter.prototype._writeSheetProperties` (called when the
 * sheet opens, between `<sheetPr>` and `<sheetViews>`, where the schema wants `<dimension>`) to add
 * `<dimension ref="A1:…"/>` for worksheets opened with the {@link DIMENSION_PROPERTY} property. Done once per process.
 * @returns whether the element is written (false when exceljs's internals are not as expected: sheets then go
 *   without it, as before)
 */
export function addDimensionSupport(): boolean {
  if (dimensionSupport !== undefined) return dimensionSupport;
  dimensionSupport = false;
  try {
    const W = createRequire(import.meta.url)('exceljs/lib/stream/xlsx/worksheet-writer.js') as { prototype: Record<string, unknown> };
    const original = W.prototype._writeSheetProperties;
    if (typeof original !== 'function') return false;
    W.prototype._writeSheetProperties = function (this: unknown, xmlBuf: { addText(t: string): void }, properties: Record<string, unknown> | undefined, pageSetup: unknown): void {
      (original as (...a: unknown[]) => void).call(this, xmlBuf, properties, pageSetup);
      const ref = properties?.[DIMENSION_PROPERTY];
      if (typeof ref === 'string' && /^[A-Z]+[0-9]+(:[A-Z]+[0-9]+)?$/.test(ref)) xmlBuf.addText(`<dimension ref="${ref}"/>`);
    };
    dimensionSupport = true;
  } catch {
    dimensionSupport = false;
  }
  return dimensionSupport;
}

function queuedBytes(s: StreamBufLike): number {
  let n = 0;
  if (Array.isArray(s.buffers)) for (const b of s.buffers) n += b.length;
  // archiver's PassThrough comes from readable-stream, which has no writableLength getter in this version.
  if (Array.isArray(s.pipes)) for (const p of s.pipes) n += p.writableLength ?? p._writableState?.length ?? 0;
  return n;
}

/**
 * New distinct texts a column may add to the shared-string table; later new texts of that column are written as
 * inline strings. Value labels repeat and stay shared; case IDs and open text (one per case) would make the table
 * (which exceljs holds in memory and serialises in one piece at the end) grow with the number of rows.
 */
export const SHARED_PER_COLUMN = 1024;

/** Escapes text for an XML text node (`&`, `<`, `>`; invalid characters are removed before, by cleanCellText). */
function xmlText(t: string): string {
  return /[&<>]/.test(t) ? t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : t;
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A one-line reason for a failed write, in words rather than the temporary file's name (ENOENT → the folder does
 * not exist, EACCES/EPERM → no permission, ENOSPC → disk full, EROFS → read-only); other errors keep their message.
 * @param e the error thrown while writing
 */
export function writeFailure(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT': return 'the folder does not exist';
    case 'EACCES':
    case 'EPERM': return 'no permission to write there';
    case 'ENOSPC': return 'the disk is full';
    case 'EROFS': return 'the disk is read-only';
    case 'EISDIR': return 'that is a folder';
    default: return err?.message ?? String(e);
  }
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DomainError('CANCELLED', 'The export was cancelled.');
}

/**
 * Writes the sheets (and then the Info sheet, built from what the write found) into one .xlsx.
 *
 * - Rows are serialised here (numbers as `<v>`, text as shared strings, dates as serials with a date style) and
 *   written to each worksheet's stream in an async loop that waits while more than `queueLimitBytes` wait for
 *   deflate (exceljs's `row.commit()` has no backpressure), so memory does not grow with the number of rows.
 * - Text: invalid XML characters removed, cut at the cell limit with a note, `_xHHHH_` escaped; text goes through
 *   the shared-string table until a column has added {@link SHARED_PER_COLUMN} distinct texts (case IDs, open
 *   answers), then that column's new texts are inline strings (`t="inlineStr"`, `xml:space="preserve"`, never
 *   exceljs's `t="str"`), so the table stays bounded and leading and trailing spaces survive in every client.
 * - Numbers: NaN and ±Infinity are written as empty cells.
 * - A sheet longer than Excel's row limit is split into `Name (2)`, … with the header repeated.
 * - Header row bold and frozen, with an autofilter, column widths, and the column comment as a cell note.
 * - Each sheet gets a `<dimension ref="A1:…"/>` element ({@link addDimensionSupport}; exceljs's stream writer has none).
 * - The file is written to a temporary name beside the target and renamed only when complete; on any error or
 *   cancel the temporary file is removed and nothing appears under the final name.
 * @param path the target .xlsx
 * @param sheets the sheets in order (the Data sheet, id 'data', is hashed)
 * @param info builds the last sheet from the outcome (hash, truncations, notes)
 * @throws DomainError CANCELLED when the signal aborts; IO_ERROR when the file cannot be written
 */
export async function writeWorkbook(path: string, sheets: readonly SheetSpec[], info: (o: ExportOutcome) => SheetSpec, opts: XlsxWriteOptions = {}): Promise<XlsxWriteResult> {
  const limits = opts.limits ?? EXCEL_LIMITS;
  addDimensionSupport();
  const queueLimit = opts.queueLimitBytes ?? 16 * 1024 * 1024;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  const out = createWriteStream(tmp);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true, zip: { zlib: { level: opts.zlibLevel ?? 6 } } });
  const internals = wb as unknown as WorkbookInternals;
  if (typeof internals.sharedStrings?.add !== 'function' || typeof internals.styles?.addStyleModel !== 'function') {
    throw new Error('exceljs internals changed: this writer needs exceljs 4.4.0 (sharedStrings.add, styles.addStyleModel)');
  }
  const styleIds = new Map<string, number>();
  const styleOf = (format: ColumnFormat): number => {
    if (format === 'general') return 0;
    let id = styleIds.get(format);
    if (id === undefined) {
      id = internals.styles.addStyleModel({ numFmt: NUM_FMT[format] }, format === 'date' ? ExcelJS.ValueType.Date : ExcelJS.ValueType.Number);
      styleIds.set(format, id);
    }
    return id;
  };
  // Text → shared-string index, for the strings this writer put into the table (exceljs keeps its own map too).
  const shared = new Map<string, number>();
  const hash = createHash('sha256');
  let truncated = 0;
  const notes: string[] = [];
  const names: string[] = [];
  const total = sheets.reduce((a, s) => a + s.rowCount, 0);
  let done = 0;
  let lastReport = 0;

  const writeSheet = async (spec: SheetSpec, name: string, from: number, to: number, hashed: boolean): Promise<void> => {
    const ncol = spec.columns.length;
    if (ncol > limits.maxColumns) throw new DomainError('INVALID_INPUT', `Sheet ${spec.name} would need ${ncol} columns; Excel allows ${limits.maxColumns}.`);
    // Every data row gets a <row> and the header fills every column, so the range is exact.
    const dimension = ncol > 0 ? `A1:${columnLetter(ncol)}${to - from + 1}` : 'A1';
    const ws = wb.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: 1, xSplit: spec.id === 'data' || spec.id === 'labels' ? 1 : 0 }],
      properties: { [DIMENSION_PROPERTY]: dimension } as Partial<ExcelJS.WorksheetProperties>,
    });
    ws.columns = spec.columns.map((c) => ({ width: c.width }));
    const headers = spec.columns.map((c) => {
      const h = cleanCellText(c.header, limits.maxCellChars).text;
      return escapeUnderscoreX(h);
    });
    const hr = ws.addRow(headers);
    hr.font = { bold: true };
    spec.columns.forEach((c, j) => {
      if (c.comment) hr.getCell(j + 1).note = escapeUnderscoreX(cleanCellText(c.comment, 30_000).text);
    });
    if (ncol > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ncol } };
    hr.commit();
    if (hashed && from === 0) hash.update(canonicalLine(spec.columns.map((c) => cleanCellText(c.header, limits.maxCellChars).text), spec.columns.map(() => false)));
    const stream = (ws as unknown as WorksheetInternals).stream;
    if (typeof stream?.write !== 'function') throw new Error('exceljs internals changed: worksheet.stream is missing (needs exceljs 4.4.0)');
    const letters = spec.columns.map((_, j) => columnLetter(j + 1));
    const styles = spec.columns.map((c) => styleOf(c.format));
    const dateCols = spec.columns.map((c) => c.format === 'date');
    const styleAttr = styles.map((s) => (s > 0 ? ` s="${s}"` : ''));
    const newShared = new Array<number>(ncol).fill(0);
    const cells: CellValue[] = new Array<CellValue>(ncol).fill(null);
    const written: CellValue[] = new Array<CellValue>(ncol).fill(null);
    let xml = '';
    for (let r = from; r < to; r++) {
      spec.row(r, cells);
      const rowNum = r - from + 2;
      xml += `<row r="${rowNum}">`;
      for (let j = 0; j < ncol; j++) {
        const v = cells[j];
        written[j] = null;
        if (v === null || v === undefined) continue;
        if (typeof v === 'number') {
          if (!Number.isFinite(v)) continue;
          xml += `<c r="${letters[j]}${rowNum}"${styleAttr[j]}><v>${v}</v></c>`;
          written[j] = v;
        } else {
          const c = cleanCellText(v, limits.maxCellChars);
          if (c.truncated) truncated++;
          if (c.text === '') continue;
          const t = escapeUnderscoreX(c.text);
          const idx = shared.get(t);
          if (idx !== undefined) xml += `<c r="${letters[j]}${rowNum}" t="s"><v>${idx}</v></c>`;
          else if (newShared[j]! < SHARED_PER_COLUMN) {
            newShared[j]!++;
            const k = internals.sharedStrings.add(t);
            shared.set(t, k);
            xml += `<c r="${letters[j]}${rowNum}" t="s"><v>${k}</v></c>`;
          } else xml += `<c r="${letters[j]}${rowNum}" t="inlineStr"><is><t xml:space="preserve">${xmlText(t)}</t></is></c>`;
          written[j] = c.text;
        }
      }
      xml += '</row>';
      if (hashed) hash.update(canonicalLine(written, dateCols));
      if (xml.length > 65_536) {
        stream.write(xml);
        xml = '';
        while (queuedBytes(stream) > queueLimit) {
          // Buffers written before archiver reached this sheet are handed on only by a next write: nudge them.
          if ((stream.pipes?.length ?? 0) > 0 && (stream.buffers?.length ?? 0) > 1) stream.write('');
          await wait(1);
        }
      }
      done++;
      if ((done & 1023) === 0) {
        checkAbort(opts.signal);
        if (done - lastReport >= 5000) {
          lastReport = done;
          opts.onProgress?.({ phase: name, done, total });
        }
        await new Promise<void>((r) => setImmediate(r));
      }
    }
    if (xml !== '') stream.write(xml);
    // Wait for the sheet to be zipped before the next one starts (archiver takes entries one at a time).
    await new Promise<void>((resolve) => {
      (stream as unknown as NodeJS.EventEmitter).once('zipped', () => resolve());
      ws.commit();
    });
  };

  try {
    for (const spec of sheets) {
      checkAbort(opts.signal);
      const parts = splitAtRowLimit(spec.name, spec.rowCount, names, limits);
      if (parts.length > 1) notes.push(`${spec.name}: ${spec.rowCount} rows, split over ${parts.map((p) => p.name).join(', ')} (Excel allows ${limits.maxRows} rows per sheet)`);
      for (const p of parts) {
        names.push(p.name);
        await writeSheet(spec, p.name, p.from, p.to, spec.id === 'data');
      }
    }
    checkAbort(opts.signal);
    const dataSha256 = sheets.some((s) => s.id === 'data') ? hash.digest('hex') : '';
    const infoSpec = info({ dataSha256: dataSha256 || '(no Data sheet exported)', truncatedCells: truncated, notes });
    const infoName = splitAtRowLimit(infoSpec.name, infoSpec.rowCount, names, limits);
    for (const p of infoName) {
      names.push(p.name);
      await writeSheet(infoSpec, p.name, p.from, p.to, false);
    }
    await wb.commit();
    await closed;
    checkAbort(opts.signal);
    renameSync(tmp, path);
    opts.onProgress?.({ phase: 'done', done: total, total });
    return { path, bytes: statSync(path).size, sheetNames: names, dataSha256, truncatedCells: truncated, notes };
  } catch (e) {
    out.destroy();
    await closed.catch(() => undefined);
    rmSync(tmp, { force: true });
    if (e instanceof DomainError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code && /^E[A-Z]+$/.test(err.code)) throw new DomainError('IO_ERROR', `Cannot write ${path}: ${writeFailure(err)}`);
    throw e;
  }
}
