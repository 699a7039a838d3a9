// Integration test of the XLSX writer's text cells: shared strings stay bounded (case IDs and open text switch to
// inline strings after SHARED_PER_COLUMN distinct texts) and every text, with its leading and trailing spaces and
// XML-special characters, reads back the same in exceljs, openpyxl and LibreOffice.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SHARED_PER_COLUMN, writeWorkbook } from '../../electron/backend/export/xlsxWriter';
import type { CellValue, SheetSpec } from '../../shared/export';
import { tempDir } from '../helpers/tmp';

const dir = tempDir('veldwerk-export-writer-');
const N = 3000;
const LABELS = ['Ja', ' Nee ', 'Weet niet & <geen>'];
const idAt = (r: number) => `  ID-${String(r + 1).padStart(5, '0')} & <x>${r % 7 === 0 ? ' ' : ''}`;
const labelAt = (r: number) => LABELS[r % LABELS.length]!;

function spec(): SheetSpec {
  return {
    id: 'data',
    name: 'Data',
    columns: [
      { header: 'case_id', width: 12, format: 'general' },
      { header: 'label', width: 12, format: 'general' },
      { header: 'code', width: 8, format: 'general' },
    ],
    rowCount: N,
    row(r: number, out: CellValue[]) {
      out[0] = idAt(r);
      out[1] = labelAt(r);
      out[2] = r % 9;
    },
  };
}

const info = (): SheetSpec => ({ id: 'info', name: 'Info', columns: [{ header: 'Item', width: 10, format: 'general' }], rowCount: 0, row: () => undefined });

const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0);
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

describe('XLSX writer text cells', () => {
  const out = join(dir, 'text.xlsx');

  it('keeps the shared-string table bounded: a column of distinct texts switches to inline strings', async () => {
    await writeWorkbook(out, [spec()], info);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const sst = (await zip.file('xl/sharedStrings.xml')!.async('string')).match(/<si>/g)?.length ?? 0;
    // Headers (3 + 1) + the 3 labels + the first SHARED_PER_COLUMN case IDs.
    expect(sst).toBe(SHARED_PER_COLUMN + LABELS.length + 4);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect((sheet.match(/t="inlineStr"/g) ?? []).length).toBe(N - SHARED_PER_COLUMN);
    expect(sheet).not.toContain('t="str"');
    // The range is declared before the views (exceljs's stream writer writes none): header + N rows × 3 columns.
    expect(sheet).toMatch(new RegExp(`^<\\?xml[^>]*\\?><worksheet [^>]*>(<sheetPr[^>]*/>|<sheetPr>.*?</sheetPr>)?<dimension ref="A1:C${N + 1}"/><sheetViews>`));
    const infoXml = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    expect(infoXml).toContain('<dimension ref="A1:A1"/>');
  });

  it('reads back every text exactly with exceljs (spaces, & and < kept)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Data')!;
    expect(ws.rowCount).toBe(N + 1);
    for (let r = 0; r < N; r++) {
      const row = ws.getRow(r + 2);
      expect(row.getCell(1).value).toBe(idAt(r));
      expect(row.getCell(2).value).toBe(labelAt(r));
      expect(row.getCell(3).value).toBe(r % 9);
    }
  });

  it.skipIf(!python)('reads back every text exactly with openpyxl', () => {
    const r = spawnSync(python!, ['-c', 'import json,sys,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1],read_only=True)\nprint(json.dumps([list(x) for x in wb["Data"].iter_rows(min_row=2,values_only=True)]))', out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as unknown[][];
    expect(rows).toHaveLength(N);
    rows.forEach((row, i) => expect(row).toEqual([idAt(i), labelAt(i), i % 9]));
  });

  it.skipIf(!soffice)('reads back every text exactly with LibreOffice (CSV of the Data sheet)', () => {
    const outDir = join(dir, 'lo');
    const r = spawnSync(soffice!, [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', outDir, out], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(join(outDir, 'text.csv'), 'utf8').split(/\r?\n/).filter((l) => l !== '');
    expect(lines).toHaveLength(N + 1);
    // Filter option 1 after the line-end field: every text cell quoted, numbers not.
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    for (let i = 0; i < N; i++) expect(lines[i + 1]).toBe([q(idAt(i)), q(labelAt(i)), String(i % 9)].join(','));
  }, 180_000);
});
