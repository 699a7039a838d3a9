// XLSForm files on disk: .xlsx (exceljs) or a folder of survey/choices/settings CSVs (csv-parse) ⇄ the pure reader/writer.
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { CSV_RECORD_DELIMITERS } from './frameReader';
import iconv from 'iconv-lite';
import { DomainError, type ErrorIssue } from '../../../shared/domain/errors';
import type { Questionnaire } from '../../../shared/domain/questionnaire';
import { readXlsform, writeXlsform, type Cell, type SheetRows, type WorkbookRows } from '../../../shared/xlsform';

const SHEETS = ['survey', 'choices', 'settings'] as const;

/**
 * Converts one exceljs cell value to a plain cell: rich text as its full plain text (all runs joined),
 * formulas by their cached result, hyperlinks by their text, dates as YYYY-MM-DD, errors as empty.
 * @param v `cell.value` from exceljs
 */
export function plainCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const res = (v as { result?: unknown }).result;
      if (res === undefined || res === null || (typeof res === 'object' && !(res instanceof Date))) {
        if (res && typeof res === 'object' && 'error' in res) return null;
        return null;
      }
      return plainCell(res as ExcelJS.CellValue);
    }
    if ('text' in v && typeof (v as { text: unknown }).text === 'string') return (v as { text: string }).text;
    if ('text' in v && typeof (v as { text: unknown }).text === 'object') return plainCell((v as { text: ExcelJS.CellValue }).text);
    if ('error' in v) return null;
  }
  return String(v);
}

/**
 * Reads the sheets of an .xlsx workbook as rows of plain cells.
 * @param path .xlsx file
 * @throws DomainError IO_ERROR if the file cannot be read as a workbook
 */
export async function readXlsxRows(path: string): Promise<WorkbookRows> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new DomainError('IO_ERROR', `cannot read ${path} as an .xlsx workbook: ${(e as Error).message}`, [{ file: path, message: (e as Error).message }]);
  }
  const sheets: SheetRows[] = [];
  wb.eachSheet((ws) => {
    const rows: Cell[][] = [];
    const last = ws.actualRowCount === 0 ? 0 : ws.rowCount;
    for (let r = 1; r <= last; r++) {
      const row = ws.getRow(r);
      const cells: Cell[] = [];
      const n = row.cellCount;
      for (let c = 1; c <= n; c++) cells.push(plainCell(row.getCell(c).value));
      rows.push(cells);
    }
    sheets.push({ name: ws.name, rows });
  });
  return { sheets, file: path };
}

/** Decodes a CSV file: UTF-8 (BOM allowed), or Windows-1252 when the bytes are not valid UTF-8 (Excel's "CSV" on Windows). */
function decodeCsv(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\ufeff/, '');
  } catch {
    return iconv.decode(buf, 'win1252');
  }
}

/**
 * Reads a folder holding survey.csv, choices.csv and (optional) settings.csv as sheets.
 * File names match in any letter case. Delimiter: comma, or semicolon when the header has no comma.
 * @param dir folder path
 * @throws DomainError IO_ERROR if survey.csv is missing (issue reason `xlsform.folderWithoutSurvey`, params.folder) or a file is not valid CSV
 */
export async function readCsvFolderRows(dir: string): Promise<WorkbookRows> {
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(dir);
  const sheets: SheetRows[] = [];
  for (const sheet of SHEETS) {
    const fname = entries.find((e) => e.toLowerCase() === `${sheet}.csv`);
    if (!fname) {
      if (sheet === 'survey') {
        throw new DomainError('IO_ERROR', `The folder ${dir} holds no survey.csv: choose a folder with survey.csv and choices.csv (settings.csv optional), or an XLSForm .xlsx file`, [
          { file: dir, sheet: 'survey', message: 'survey.csv not found', reason: 'xlsform.folderWithoutSurvey', params: { folder: dir } },
        ]);
      }
      continue;
    }
    const path = join(dir, fname);
    const text = decodeCsv(await readFile(path));
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
    try {
      const rows = parseCsv(text, { delimiter, record_delimiter: CSV_RECORD_DELIMITERS, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
      sheets.push({ name: sheet, rows });
    } catch (e) {
      const err = e as Error & { lines?: number };
      throw new DomainError('IO_ERROR', `${path} is not valid CSV: ${err.message}`, [{ file: path, sheet, ...(err.lines !== undefined ? { row: err.lines } : {}), message: err.message }]);
    }
  }
  return { sheets, file: dir };
}

/**
 * Reads an XLSForm from an .xlsx file or a folder of CSV files into rows of cells.
 * @param path .xlsx file or folder
 * @throws DomainError IO_ERROR / NOT_FOUND
 */
export async function readXlsformRows(path: string): Promise<WorkbookRows> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new DomainError('NOT_FOUND', `${path} does not exist`, [{ file: path, message: 'not found' }]);
  }
  if (st.isDirectory()) return readCsvFolderRows(path);
  if (extname(path).toLowerCase() === '.csv') {
    throw new DomainError('IO_ERROR', `${path}: give the folder holding survey.csv, choices.csv and settings.csv, not one CSV file`, [
      { file: path, message: 'one CSV file instead of its folder', reason: 'xlsform.csvFileNotFolder', params: { file: path } },
    ]);
  }
  return readXlsxRows(path);
}

/**
 * Reads and checks an XLSForm file or folder, returning the questionnaire and the warnings.
 * @param path .xlsx file or folder of CSVs
 * @throws DomainError QUESTIONNAIRE_INVALID listing every problem (file, sheet, row, column, value); IO_ERROR, NOT_FOUND
 */
export async function checkXlsform(path: string): Promise<{ questionnaire: Questionnaire; warnings: ErrorIssue[] }> {
  const rows = await readXlsformRows(path);
  const id = basename(path, extname(path)).replace(/[^A-Za-z0-9_]/g, '_');
  return readXlsform(rows, { defaultId: id });
}

/**
 * Loads an XLSForm into a questionnaire (for `create --xlsform` and the import in the UI).
 * @param path .xlsx file or folder of survey.csv/choices.csv/settings.csv
 * @returns the questionnaire (warnings are dropped; use checkXlsform to see them)
 * @throws DomainError QUESTIONNAIRE_INVALID with every problem located; IO_ERROR, NOT_FOUND
 */
export async function loadXlsform(path: string): Promise<Questionnaire> {
  return (await checkXlsform(path)).questionnaire;
}

/**
 * Writes a questionnaire as an .xlsx XLSForm (sheets survey, choices, settings; header row bold and frozen).
 * @param q the questionnaire
 * @param path target .xlsx file (overwritten)
 * @throws DomainError IO_ERROR if the file cannot be written
 */
export async function saveXlsform(q: Questionnaire, path: string): Promise<void> {
  const book = writeXlsform(q);
  const wb = new ExcelJS.Workbook();
  for (const sheet of book.sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    for (const row of sheet.rows) ws.addRow(row.map((c) => (c === null || c === undefined ? '' : String(c))));
    ws.getRow(1).font = { bold: true };
  }
  try {
    await wb.xlsx.writeFile(path);
  } catch (e) {
    throw new DomainError('IO_ERROR', `cannot write ${path}: ${(e as Error).message}`, [{ file: path, message: (e as Error).message }]);
  }
}

/** Quotes one CSV field (RFC 4180): in double quotes when it holds a comma, quote or line break. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes a questionnaire as a folder of survey.csv, choices.csv and settings.csv (UTF-8, CRLF-free, no BOM).
 * @param q the questionnaire
 * @param dir target folder (created if needed; files overwritten)
 * @throws DomainError IO_ERROR
 */
export async function saveXlsformFolder(q: Questionnaire, dir: string): Promise<void> {
  const book = writeXlsform(q);
  try {
    await mkdir(dir, { recursive: true });
    for (const sheet of book.sheets) {
      const text = sheet.rows.map((r) => r.map((c) => csvField(c === null || c === undefined ? '' : String(c))).join(',')).join('\n') + '\n';
      await writeFile(join(dir, `${sheet.name}.csv`), text, 'utf8');
    }
  } catch (e) {
    throw new DomainError('IO_ERROR', `cannot write ${dir}: ${(e as Error).message}`, [{ file: dir, message: (e as Error).message }]);
  }
}
