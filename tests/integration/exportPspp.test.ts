// PSPP reads the exported CSV through the generated .sps (Dutch and international profiles) and shows the labels.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openProjectReadOnly } from '../../electron/backend/db/open';
import { runExport } from '../../electron/backend/export/runExport';
import { tempDir } from '../helpers/tmp';
import { createFixtureProject } from './exportFixture';

const havePspp = spawnSync('pspp', ['--version'], { encoding: 'utf8' }).status === 0;
if (!havePspp) console.warn('exportPspp.test.ts: skipped — pspp is not installed (apt-get install -y pspp)');

describe.skipIf(!havePspp)('PSPP reads the CSV through the .sps', () => {
  const dir = tempDir('veldwerk-pspp-');
  const project = join(dir, 'p.vwk');
  const { cases } = createFixtureProject(project, 300);
  const exported = cases.filter((c) => c.status !== 'excluded');

  for (const locale of ['nl', 'intl'] as const) {
    it(`locale ${locale}: every case read, labels, missing values, levels, weights to full precision`, async () => {
      const p = openProjectReadOnly(project);
      const csv = join(dir, `d-${locale}.csv`);
      const sps = join(dir, `d-${locale}.sps`);
      try {
        await runExport(p, { out: join(dir, `d-${locale}.xlsx`), weight: 'gewicht', csv: { path: csv, locale }, sps: { path: sps } });
      } finally {
        p.close();
      }
      const run = join(dir, `run-${locale}.sps`);
      writeFileSync(run, `${readFileSync(sps, 'utf8')}DISPLAY DICTIONARY.\nFREQUENCIES geslacht kanaal_3.\nSET DECIMAL=DOT.\nFORMATS gewicht (F20.16).\nLIST case_id gewicht datum /CASES=FROM 1 TO 3.\nSHOW N.\n`);
      const res = spawnSync('pspp', [run, '-O', 'format=txt', '-O', 'width=200'], { encoding: 'utf8', cwd: dir });
      const out = `${res.stdout}\n${res.stderr}`;
      expect(res.status, out).toBe(0);
      expect(out).not.toMatch(/error|warning/i);
      expect(out).toContain(`N is ${exported.length}.`);
      expect(out).toContain('1. Wat is uw geslacht?');
      expect(out).toMatch(/\|\s*2\s*\|\s*Vrouw/);
      expect(out).toContain('Face-to-face');
      expect(out).toMatch(/geslacht[^\n]*F2\.0[^\n]*8; 9/);
      expect(out).toMatch(/case_id\s*\|\s*1\s*\|[^\n]*Nominal/);
      expect(out).toMatch(/gewicht\s*\|[^\n]*Scale/);
      const first = exported[0]!;
      expect(out).toContain(first.caseId);
      expect(out).toContain(Number(first.pass1.gewicht).toFixed(16).slice(0, 17));
      expect(out).toMatch(/2014\/01\/01/);
    });
  }
});

describe.skipIf(!havePspp)('text in a numeric or date variable (as an import stores it)', () => {
  const dir = tempDir('veldwerk-pspp-raw-');
  const project = join(dir, 'p.vwk');
  const { cases } = createFixtureProject(project, 40);
  const exported = cases.filter((c) => c.status !== 'excluded');
  // Three stored texts a statistics package cannot read: two in the integer leeftijd, one in the date datum.
  const withDate = exported.find((c) => c.pass1.datum !== undefined && c.pass1.datum !== '')!;
  const raw: [string, string, string][] = [[exported[0]!.caseId, 'leeftijd', '7 jaar'], [exported[1]!.caseId, 'leeftijd', '12,5'], [withDate.caseId, 'datum', 'gisteren']];
  const db = new Database(project);
  for (const [id, variable, value] of raw) {
    const n = db.prepare('UPDATE response SET value = ? WHERE variable = ? AND case_pk = (SELECT id FROM case_record WHERE case_id = ?)').run(value, variable, id).changes;
    if (n === 0) db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES ((SELECT id FROM case_record WHERE case_id = ?), ?, 1, ?, 'test', '2014-01-01T00:00:00Z')").run(id, variable, value);
  }
  db.close();

  for (const locale of ['nl', 'intl'] as const) {
    it(`locale ${locale}: PSPP reads the CSV without a warning; the values are system-missing, counted on Info, shown on Labels`, async () => {
      const p = openProjectReadOnly(project);
      const csv = join(dir, `d-${locale}.csv`);
      const sps = join(dir, `d-${locale}.sps`);
      const xlsx = join(dir, `d-${locale}.xlsx`);
      try {
        await runExport(p, { out: xlsx, csv: { path: csv, locale }, sps: { path: sps } });
      } finally {
        p.close();
      }
      const text = readFileSync(csv, 'utf8');
      expect(text).not.toMatch(/7 jaar|12,5;|gisteren/);
      const run = join(dir, `run-${locale}.sps`);
      writeFileSync(run, `${readFileSync(sps, 'utf8')}COMPUTE bad = MISSING(leeftijd) AND MISSING(datum).\nLIST case_id leeftijd datum /CASES=FROM 1 TO 2.\nSHOW N.\n`);
      const res = spawnSync('pspp', [run, '-O', 'format=txt', '-O', 'width=200'], { encoding: 'utf8', cwd: dir });
      const out = `${res.stdout}\n${res.stderr}`;
      expect(res.status, out).toBe(0);
      expect(out).not.toMatch(/error|warning|garbage/i);
      expect(out).toContain(`N is ${exported.length}.`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsx);
      const info = wb.getWorksheet('Info')!;
      const rows = new Map<string, unknown>();
      info.eachRow((r) => rows.set(String(r.getCell(1).value), r.getCell(2).value));
      expect(rows.get('Invalid values left empty')).toBe(3);
      const labels = wb.getWorksheet('Labels')!;
      const data = wb.getWorksheet('Data')!;
      const header = (data.getRow(1).values as unknown[]).map(String);
      const col = header.indexOf('leeftijd');
      const rowOf = new Map<string, number>();
      data.eachRow((r, n) => rowOf.set(String(r.getCell(1).value), n));
      const at = rowOf.get(exported[0]!.caseId)!;
      expect([data.getRow(at).getCell(col).value, labels.getRow(at).getCell(col).value]).toEqual([null, '7 jaar']);
    });
  }
});
