// E2E: the Export area — a Monitor project with a few hundred cases exported from the UI (profile, CSV, SPSS),
// the written workbook read back with exceljs and checked with ../shared/tools/check-xlsx; errors from ApiError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { createProjectFile } from '../../electron/backend/db/open';
import { saveProfile, setDefaultProfile } from '../../electron/backend/export/profiles';
import { ExportProfile } from '../../shared/contract/export';
import { SHEET_IDS } from '../../shared/export/layout';
import { seedQuestionnaireCases } from '../integration/exportFixture';
import { repoRoot, startHarness, type Harness } from './support/harness';
import { ShellPage } from './pages/ShellPage';
import { ExportPage } from './pages/ExportPage';

const monitorDir = resolve(repoRoot, '../shared/monitor');
const checkXlsx = resolve(repoRoot, '../shared/tools/check-xlsx');
const N = 300;
const SHEETS = ['Data', 'Labels', 'Variables', 'Value labels', 'Missing values', 'Frequencies', 'Weighting', 'Tables', 'Fieldwork', 'Cleaning log', 'Exclusions', 'Info'];

let h: Harness;
let project = '';
let caseIds: string[] = [];

/**
 * Whether a python3 with openpyxl is there: $CHECK_XLSX_PYTHON or any python3 on PATH (check-xlsx itself moves on
 * to the next python3 on PATH when the first lacks openpyxl, e.g. a pyenv shim beside Debian's python3).
 */
function haveOpenpyxl(): boolean {
  const candidates = [process.env.CHECK_XLSX_PYTHON, ...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== '').map((d) => join(d, 'python3'))];
  return candidates.some((py) => py !== undefined && existsSync(py) && spawnSync(py, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0);
}

/** A screenshot of the whole area: the page grows tall enough for it, then returns to the usual size. */
async function shot(name: string): Promise<void> {
  const height = await h.page.evaluate(() => (document.querySelector('.shell__main')?.scrollHeight ?? 800) + 160);
  await h.page.setViewportSize({ width: 1366, height: Math.max(860, height) });
  await h.page.screenshot({ path: join(h.screenshotDir, name) });
  await h.page.setViewportSize({ width: 1366, height: 860 });
}

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const r = await h.backend.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  h = await startHarness();
  project = join(h.projectsDir, 'monitor-2014.vwk');
  createProjectFile(project, 'Monitor Openbaar Bestuur 2014');
  await ok('project.open', { path: project });
  await ok('questionnaire.importXlsform', { path: monitorDir });
  await ok('project.close', {});
  caseIds = seedQuestionnaireCases(project, N);
  // The project's default export profile (as the example project has one): the Export screen opens with it applied.
  const db = new Database(project);
  saveProfile(db, ExportProfile.parse({ name: 'Standaard', sheets: [...SHEET_IDS] }), 'e2e');
  setDefaultProfile(db, 'Standaard');
  db.close();
  await ok('project.open', { path: project });
});

afterAll(async () => {
  await h?.close();
});

describe('Export area', () => {
  it('shows the export form in Dutch with the default sheets, statuses and identifiers off', async () => {
    await h.page.goto(h.host.launchUrl);
    const shell = new ShellPage(h.page);
    await shell.waitUntilShown();
    await shell.navButton('Export').click();
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Export');
    const xp = new ExportPage(h.page);
    await xp.waitUntilLoaded();
    expect(await xp.option('Codes én labels (bladen Data en Labels)').isChecked()).toBe(true);
    for (const l of [/^Codeboek/, /^Frequenties/, /^Veldwerk \(respons/, /^Opschoningslog/, /^Uitsluitingen/]) expect(await xp.option(l).isChecked()).toBe(true);
    expect(await xp.identifiers().isChecked()).toBe(false);
    expect(await xp.pathField().inputValue()).toMatch(/monitor-openbaar-bestuur-2014-export-\d{4}-\d{2}-\d{2}\.xlsx$/);
    // The project's default profile is preselected and applied (as `veldwerk export` without --profile).
    expect(await xp.profileSelect().inputValue()).toBe('Standaard');
    expect(await xp.root().getByLabel('Naam van het profiel').inputValue()).toBe('Standaard');
    await shot('export-form.png');
  });

  it('warns that identifying variables are logged when they are switched on', async () => {
    const xp = new ExportPage(h.page);
    await xp.identifiers().check();
    await expect.poll(() => xp.identifierWarning().getAttribute('role')).toBe('alert');
    expect(await xp.identifierWarning().textContent()).toContain('auditlog');
    await xp.root().locator('.xp-card').filter({ has: h.page.getByLabel('Identificerende variabelen meenemen') }).screenshot({ path: join(h.screenshotDir, 'export-identifiers.png') });
    await xp.identifiers().uncheck();
  });

  it('saves a profile and exports workbook, CSV and SPSS syntax to a file chosen in the save dialog', async () => {
    const xp = new ExportPage(h.page);
    await xp.option('Ook CSV schrijven (UTF-8 met BOM)').check();
    await xp.option('Internationaal (, en decimale punt)').check();
    await xp.option('Ook SPSS-syntaxis (.sps) die de CSV inleest').check();
    await xp.saveProfile('Rapport 2014');
    expect(await xp.profileSelect().locator('option').allTextContents()).toContain('Rapport 2014');
    const picker = await xp.browse();
    await picker.goToFolder(h.projectsDir);
    await picker.typeFileName('rapport');
    await picker.confirm();
    const out = join(h.projectsDir, 'rapport.xlsx');
    expect(await xp.pathField().inputValue()).toBe(out);
    await xp.run();
    await xp.result().waitFor();
    const text = (await xp.result().textContent()) ?? '';
    expect(text).toContain('Export klaar');
    expect(text).toContain('rapport.xlsx');
    expect(text).toContain('rapport.csv');
    expect(text).toContain('rapport.sps');
    expect(await xp.result().locator('.xp-chip').allTextContents()).toEqual(SHEETS);
    await shot('export-result.png');

    // Read the workbook back: sheet names, header and first case, the Info SHA-256 equals the one shown.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(SHEETS);
    const data = wb.getWorksheet('Data')!;
    expect(data.getCell('A1').value).toBe('case_id');
    expect(data.getCell('A2').value).toBe(caseIds.find((_, i) => i % 50 !== 7));
    expect(data.rowCount - 1).toBe(caseIds.length - caseIds.filter((_, i) => i % 50 === 7).length);
    const header = (data.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('groep');
    expect(header).not.toContain('naam');
    const info = wb.getWorksheet('Info')!;
    expect(info.getRows(1, info.rowCount)!.find((r) => r.getCell(1).value === 'Export profile')?.getCell(2).value).toBe('Rapport 2014');
    const shaRow = info.getRows(1, info.rowCount)!.find((r) => r.getCell(1).value === 'SHA-256 of Data');
    expect(shaRow?.getCell(2).value).toBe(await xp.sha());
    const fw = wb.getWorksheet('Fieldwork')!;
    expect(fw.getCell('A1').value).toBe('Stratum variable');
    expect(String(fw.getCell('C2').value)).toMatch(/No sample frame/);
    const log = wb.getWorksheet('Cleaning log')!;
    const perSource = log.getRows(2, log.rowCount - 1)!.filter((r) => r.getCell(1).value === 'per source').map((r) => [r.getCell(2).value, r.getCell(4).value]);
    expect(perSource).toContainEqual(['cleaning', caseIds.filter((_, i) => i % 50 === 7).length]);
    expect(await h.page.getByRole('status').filter({ hasText: 'Export klaar' }).count()).toBe(1);
    const excl = wb.getWorksheet('Exclusions')!;
    expect(excl.rowCount - 1).toBe(caseIds.filter((_, i) => i % 50 === 7).length);
    const csv = readFileSync(join(h.projectsDir, 'rapport.csv'), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFcase_id,/);
    expect(readFileSync(join(h.projectsDir, 'rapport.sps'), 'utf8')).toContain('VARIABLE LABELS');
  });

  it('passes check-xlsx (openpyxl and any other client installed) with all sheets and no formulas', () => {
    const out = join(h.projectsDir, 'rapport.xlsx');
    if (!existsSync(checkXlsx) || !haveOpenpyxl()) {
      console.warn(`SKIPPED check-xlsx: ${existsSync(checkXlsx) ? 'no python3 with openpyxl on PATH (apt-get install python3-openpyxl)' : `${checkXlsx} not found`}`);
      return;
    }
    // LibreOffice (soffice), when installed, takes 15–60 s on a loaded 2-core machine: allow it 4 minutes.
    const report = execFileSync(checkXlsx, [out, '--expect-sheets', SHEETS.join(','), '--forbid-formulas', '-q'], { encoding: 'utf8', timeout: 240_000 });
    expect(report).toContain('RESULT: PASS');
  }, 250_000);

  it('chooses report tables in the form (saved in the profile) and writes them to the Tables sheet', async () => {
    const xp = new ExportPage(h.page);
    await xp.tablesBy().selectOption('groep');
    await xp.tablesVariable('ag_verbaal').check();
    await xp.tablesVariable('toestemming').check();
    expect(await xp.tablesVariable('groep').count()).toBe(0);
    await xp.tablesMinN().fill('140');
    await xp.tablesCard().getByLabel('Onderdrukken (cel blijft leeg)').check();
    await xp.tablesCard().scrollIntoViewIfNeeded();
    await shot('export-tables.png');
    await xp.saveProfile('Tabellen 2014');
    const profiles = await ok<{ name: string; tables?: unknown }[]>('export.listProfiles', {});
    expect(profiles.find((p) => p.name === 'Tabellen 2014')?.tables).toEqual({ variables: ['toestemming', 'ag_verbaal'], by: 'groep', minN: 140, smallCells: 'suppress' });
    const out = join(h.projectsDir, 'tabellen.xlsx');
    await xp.pathField().fill(out);
    await xp.run();
    await xp.result().waitFor();

    // Read the Tables sheet back and recount every cell from the Data sheet of the same workbook.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const grid = (name: string): unknown[][] => {
      const rows: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow({ includeEmpty: true }, (row, r) => {
        rows[r - 1] = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null);
      });
      return rows;
    };
    const data = grid('Data');
    const tables = grid('Tables');
    const head = tables[0]!.map(String);
    const at = (r: unknown[], h: string) => r[head.indexOf(h)] ?? null;
    const col = (name: string) => data[0]!.indexOf(name);
    // One column group per code of groep (its user-missing codes 8 and 9 get none) and Total over every case.
    const groups = head.map((x) => /^groep=(\d+) %$/.exec(x)?.[1]).filter((g): g is string => g !== undefined).map(Number);
    expect(groups).toEqual([1, 2]);
    let compared = 0;
    let suppressed = 0;
    for (const v of ['toestemming', 'ag_verbaal']) {
      const codeRows = tables.filter((r) => r[0] === v && typeof r[1] === 'number');
      expect(codeRows.length).toBeGreaterThan(1);
      const listed = new Set(codeRows.map((r) => r[1]));
      for (const g of [...groups, null]) {
        const h = g === null ? 'Total' : `groep=${g}`;
        const inGroup = data.slice(1).filter((r) => (g === null ? true : r[col('groep')] === g));
        const base = inGroup.filter((r) => listed.has(r[col(v)])).length;
        for (const r of codeRows) {
          if (base < 140) {
            expect(at(r, `${h} flag`)).toBe('suppressed: n < 140');
            expect(at(r, `${h} %`)).toBeNull();
            suppressed++;
            continue;
          }
          const n = inGroup.filter((x) => x[col(v)] === r[1]).length;
          expect(at(r, `${h} n`)).toBe(n);
          expect(Math.abs((at(r, `${h} %`) as number) - n / base)).toBeLessThanOrEqual(1e-12);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(4);
    // The seeded data (seed 2014) put one group's base under 140 for at least one variable: suppression is exercised.
    expect(suppressed).toBeGreaterThan(0);
    const info = grid('Info');
    expect(info.find((r) => r[0] === 'Export profile')?.[1]).toBe('Tabellen 2014');
  });

  it('applies the saved profile again after a reload', async () => {
    await h.page.reload();
    const shell = new ShellPage(h.page);
    await shell.waitUntilShown();
    await shell.navButton('Export').click();
    const xp = new ExportPage(h.page);
    await xp.waitUntilLoaded();
    expect(await xp.option('Ook CSV schrijven (UTF-8 met BOM)').isChecked()).toBe(false);
    await xp.profileSelect().selectOption('Rapport 2014');
    await xp.root().getByRole('button', { name: 'Toepassen' }).click();
    expect(await xp.option('Ook CSV schrijven (UTF-8 met BOM)').isChecked()).toBe(true);
    expect(await xp.option('Internationaal (, en decimale punt)').isChecked()).toBe(true);
  });

  it('shows a backend error (ApiError) where the export happens', async () => {
    const xp = new ExportPage(h.page);
    await xp.pathField().fill(join(h.projectsDir, 'bestaat-niet', 'rapport.xlsx'));
    await xp.run();
    await xp.error().waitFor();
    expect(await xp.error().textContent()).toContain('IO_ERROR');
    await shot('export-error.png');
    await xp.error().getByRole('button').click();
  });

  it('shows the area in English', async () => {
    const shell = new ShellPage(h.page);
    await shell.setLanguage('en');
    const xp = new ExportPage(h.page);
    await xp.root().getByRole('heading', { name: 'Workbook contents' }).waitFor();
    await shot('export-en.png');
    await shell.setLanguage('nl');
  });
});
