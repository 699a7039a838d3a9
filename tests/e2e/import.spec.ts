// E2E: import a web-survey export into a project that already holds keyed paper cases — map columns and two unmapped labels by hand, commit, see the mixed dataset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { repoRoot, startHarness, type Harness } from './support/harness';
import { StartPage } from './pages/StartPage';
import { ShellPage } from './pages/ShellPage';
import { ImportPage } from './pages/ImportPage';
import { createProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { syntheticCases } from '../../shared/cleaning/synthetic';

const MONITOR_DIR = resolve(repoRoot, '../shared/monitor');
const PAPER = 10;
let h: Harness;
let projectPath = '';
let csvPath = '';

/** The web tool's export: Dutch labels, a start-date column the questionnaire lacks, a column named after the question, two labels that are not in the lists. */
const WEB_EXPORT = [
  'respondent_id,submitdate,Startdatum,toestemming,groep,laag_mw,ag_verbaal,ag_bedreig,Fysiek geweld',
  'W0001,2014-03-01 10:00,2014-03-01,Ja,Medewerker van een overheidsorganisatie,Gemeente,Zeer vaak,"Nee, niet meegemaakt",1',
  'W0002,2014-03-01 11:00,2014-03-01,Ja,2,2,Nooit meer,"Ja, één keer",1',
  'W0003,2014-03-02 09:30,2014-03-02,Ja,2,1,"Ja, 2 tot 5 keer",Zeer vaak,2',
  'W0004,2014-03-02 12:00,2014-03-02,Ja,2,3,Nooit meer,1,1',
  'W0005,,2014-03-03,Ja,2,4,1,1,',
  'W0006,2014-03-03 15:00,2014-03-03,Nee,,,,,',
].join('\r\n');

/** Builds the project through the backend: the Monitor questionnaire and PAPER keyed paper forms. */
async function buildProject(path: string): Promise<void> {
  createProjectFile(path, 'Monitor gemengd');
  const p = await openProjectForWrite(path, 'e2e');
  try {
    const q = (await checkXlsform(MONITOR_DIR)).questionnaire;
    storeQuestionnaire(p.db, q, 'e2e');
    const now = new Date().toISOString();
    const ins = p.db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 'e2e', ?)");
    for (const c of syntheticCases(q, PAPER, { seed: 3 })) {
      const pk = Number(p.db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, 'keying', 'complete', ?, ?)").run(c.caseId, now, now).lastInsertRowid);
      for (const [k, v] of Object.entries(c.values)) if (v !== undefined && v !== '') ins.run(pk, k, v, now);
    }
  } finally {
    p.close();
  }
}

beforeAll(async () => {
  h = await startHarness();
  projectPath = join(h.projectsDir, 'monitor-gemengd.vwk');
  await buildProject(projectPath);
  csvPath = join(h.dir, 'webenquete-export.csv');
  writeFileSync(csvPath, `\ufeff${WEB_EXPORT}\r\n`);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** Scrolls the named card (a region) to the top of the view and saves a screenshot of the step. */
async function shot(name: string, region?: string): Promise<void> {
  if (region) await h.page.getByRole('region', { name: region }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await h.page.screenshot({ path: join(h.screenshotDir, `import-${name}.png`) });
}

describe('Import area', () => {
  const imp = () => new ImportPage(h.page);

  it('opens the project with paper cases and reads the web export: unmapped columns block, two unmapped labels listed', async () => {
    await h.page.goto(h.host.launchUrl);
    const start = new StartPage(h.page);
    await start.waitUntilShown();
    const picker = await start.open();
    await picker.goToFolder(h.projectsDir);
    await picker.entry('monitor-gemengd.vwk').dblclick();
    const shell = new ShellPage(h.page);
    await shell.waitUntilShown();
    await shell.navButton('Import').click();
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Import');
    await shot('1-area');
    // A damaged workbook: a Dutch message naming the file, no library text or URL.
    const bad = join(h.dir, 'kapot.xlsx');
    writeFileSync(bad, 'geen zip-archief');
    await imp().filePath().fill(bad);
    await h.page.getByRole('button', { name: 'Lezen en controleren' }).click();
    const alert = h.page.locator('.imp-alert[role="alert"]');
    await alert.waitFor();
    expect(await alert.locator('strong').textContent()).toBe('kapot.xlsx is geen leesbare Excel-werkmap (.xlsx): het bestand is beschadigd of heeft een ander formaat. Sla het in Excel opnieuw op als .xlsx of exporteer een CSV.');
    expect(await alert.textContent()).not.toMatch(/https?:|zip/i);
    await shot('1b-bad-file');
    await imp().check(csvPath);
    expect(await h.page.getByTestId('import-facts').textContent()).toBe('webenquete-export.csv: 6 rijen, 1 kopregel(s), utf-8-bom, scheidingsteken ",".');
    expect(await imp().verdict().textContent()).toContain('2 blokkerend');
    const errors = await h.page.getByTestId('import-errors').locator('tbody tr').allTextContents();
    expect(errors.some((e) => e.includes('Startdatum') && e.includes('Kolom niet gekoppeld') && e.includes('Kolom Startdatum past bij geen variabele; koppel of negeer hem.'))).toBe(true);
    expect(errors.join(' ')).not.toContain('matches no variable');
    expect(errors.some((e) => e.includes('Fysiek geweld'))).toBe(true);
    expect(await imp().labelCells('Zeer vaak', 'ag_verbaal')).toEqual(['ag_verbaal', 'Zeer vaak', '1']);
    expect(await imp().labelCells('Nooit meer', 'ag_verbaal')).toEqual(['ag_verbaal', 'Nooit meer', '2']);
    expect(await imp().labelCells('Zeer vaak', 'ag_bedreig')).toEqual(['ag_bedreig', 'Zeer vaak', '1']);
    expect(await imp().commitButton().isDisabled()).toBe(true);
    await shot('2-dry-run', '2. Kolommen');
    await shot('2b-report', '3. Niet-gekoppelde labels');
  });

  it('maps the columns by hand: Startdatum ignored, "Fysiek geweld" → ag_fysiek', async () => {
    await imp().choose(imp().columnSelect('Startdatum'), 'ignore');
    await imp().choose(imp().columnSelect('Fysiek geweld'), 'v:ag_fysiek');
    expect(await imp().verdict().textContent()).toContain('Geen blokkerende problemen');
    expect(await h.page.locator('tr[data-column="Fysiek geweld"] td').nth(1).textContent()).toContain('ag_fysiek');
    await shot('3-columns', '2. Kolommen');
  });

  it('resolves the unmapped labels to codes with the keyboard-usable selects', async () => {
    await imp().labelSelect('Zeer vaak', 'ag_verbaal').focus();
    await imp().choose(imp().labelSelect('Zeer vaak', 'ag_verbaal'), '4');
    await imp().choose(imp().labelSelect('Nooit meer', 'ag_verbaal'), '1');
    await imp().choose(imp().labelSelect('Zeer vaak', 'ag_bedreig'), '4');
    // Resolved labels stay listed (✓) so the choice can be changed; the dry run no longer counts them.
    expect(await imp().labelCells('Nooit meer', 'ag_verbaal')).toEqual(['ag_verbaal', 'Nooit meer', '✓']);
    expect(await imp().labelSelect('Nooit meer', 'ag_verbaal').inputValue()).toBe('1');
    expect(await imp().verdict().textContent()).toContain('6 rijen, 5 compleet, 0 overgeslagen');
    await shot('4-labels', '3. Niet-gekoppelde labels');
  });

  it('saves the mapping for the next file of the tool and commits: 6 cases added', async () => {
    await imp().mappingName().fill('webtool');
    await imp().saveMapping();
    expect(await imp().commitButton().textContent()).toBe('6 cases importeren');
    await imp().commit();
    expect(await imp().result().textContent()).toBe('6 cases toegevoegd.');
    await shot('5-result', 'Geïmporteerd');
  });

  it('shows the mixed dataset in the case list: paper and web cases side by side', async () => {
    await imp().toCaseList();
    const table = h.page.getByRole('table', { name: 'Ingevoerde formulieren' });
    await table.waitFor();
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
    expect(rows).toHaveLength(PAPER + 6);
    expect(rows.filter((r) => r[2] === 'Papier')).toHaveLength(PAPER);
    expect(rows.filter((r) => r[2] === 'Web (import)').map((r) => r[0])).toEqual(['W0001', 'W0002', 'W0003', 'W0004', 'W0005', 'W0006']);
    expect(await h.page.getByText(`Rij 1–${PAPER + 6} van ${PAPER + 6}`).count()).toBe(1);
    await table.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('6-case-list');
    // What was stored: labels as codes, the hand-mapped column, the mapping saved under its tool name.
    const db = new BetterSqlite3(projectPath, { readonly: true, fileMustExist: true });
    try {
      const v = (caseId: string, variable: string) => db.prepare('SELECT r.value FROM answer r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.variable = ? AND r.pass = 1').pluck().get(caseId, variable);
      expect([v('W0001', 'ag_verbaal'), v('W0002', 'ag_verbaal'), v('W0003', 'ag_bedreig'), v('W0001', 'groep'), v('W0001', 'ag_fysiek')]).toEqual(['4', '1', '4', '2', '1']);
      expect(db.prepare("SELECT status FROM case_record WHERE case_id = 'W0005'").pluck().get()).toBe('open');
      const saved = JSON.parse(String(db.prepare("SELECT value FROM project_meta WHERE key = 'import_mappings'").pluck().get())) as Record<string, { mapping: { labels?: Record<string, Record<string, string>> } }>;
      expect(saved.webtool?.mapping.labels).toEqual({ ag_verbaal: { 'Zeer vaak': '4', 'Nooit meer': '1' }, ag_bedreig: { 'Zeer vaak': '4' } });
    } finally {
      db.close();
    }
  });
  it('allows the commit only of the file and options that were checked; a failed read clears the old report', async () => {
    await h.page.getByRole('button', { name: 'Import', exact: true }).click();
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Import');
    const another = h.page.getByRole('button', { name: 'Nog een bestand importeren' });
    if ((await another.count()) > 0) await another.click();
    const one = join(h.dir, 'valid2.csv');
    writeFileSync(one, 'respondent_id,toestemming,groep\r\nW0101,1,2\r\n');
    const other = join(h.dir, 'ander.csv');
    writeFileSync(other, 'respondent_id,toestemming,groep\r\nW0201,1,2\r\nW0202,1,2\r\n');
    await imp().check(one);
    expect(await imp().commitButton().textContent()).toBe('1 case importeren');
    expect(await imp().verdict().textContent()).toContain('Geen blokkerende problemen. 1 rij, 0 compleet');
    expect(await h.page.getByTestId('import-facts').textContent()).toContain('valid2.csv: 1 rij,');
    // Another path typed without "Lezen en controleren": the report of valid2.csv goes, nothing can be committed.
    await imp().filePath().fill(other);
    expect(await imp().verdict().count()).toBe(0);
    expect(await imp().commitButton().count()).toBe(0);
    expect(await h.page.getByTestId('import-facts').count()).toBe(0);
    // A reading option changed after the check: the same.
    await imp().check(one);
    await h.page.getByLabel('Tekencodering', { exact: true }).selectOption('windows-1252');
    expect(await imp().commitButton().count()).toBe(0);
    await h.page.getByLabel('Tekencodering', { exact: true }).selectOption('auto');
    // A failed read (missing file) leaves no report of the previous file behind.
    await imp().check(one);
    await imp().filePath().fill(join(h.dir, 'bestaat-niet.csv'));
    await h.page.getByRole('button', { name: 'Lezen en controleren' }).click();
    await h.page.locator('.imp-alert[role="alert"]').waitFor();
    await imp().settled();
    expect(await imp().verdict().count()).toBe(0);
    expect(await imp().commitButton().count()).toBe(0);
    await shot('7-failed-read-clears');
    // Checked again, the file that was seen is the one imported.
    await imp().check(one);
    await imp().commit();
    expect(await imp().result().textContent()).toBe('1 case toegevoegd.');
    const db = new BetterSqlite3(projectPath, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare("SELECT case_id FROM case_record WHERE case_id IN ('W0101', 'W0201', 'W0202') ORDER BY case_id").pluck().all()).toEqual(['W0101']);
    } finally {
      db.close();
    }
  });

  it('scrolls the import tables both ways at 1366×768 and cuts long cell text (65 columns, a 2 MB cell)', async () => {
    await h.page.setViewportSize({ width: 1366, height: 768 });
    const another = h.page.getByRole('button', { name: 'Nog een bestand importeren' });
    if ((await another.count()) > 0) await another.click();
    const wide = join(h.dir, 'breed.csv');
    const extra = Array.from({ length: 62 }, (_, i) => `extra_kolom_${String(i + 1).padStart(2, '0')}`);
    const big = 'Lang antwoord '.repeat(150_000);
    writeFileSync(wide, [['respondent_id', 'toestemming', 'groep', ...extra].join(','), ['W0301', big, '2', ...extra.map(() => 'x')].join(','), ''].join('\r\n'));
    await imp().check(wide);
    const columns = h.page.getByRole('region', { name: '2. Kolommen' }).locator('.imp-scroll');
    expect(await columns.locator('tbody tr').count()).toBe(65);
    const box = await columns.evaluate((el) => ({ overflowY: getComputedStyle(el).overflowY, overflowX: getComputedStyle(el).overflowX, sh: el.scrollHeight, ch: el.clientHeight }));
    expect(box).toMatchObject({ overflowY: 'auto', overflowX: 'auto' });
    expect(box.sh).toBeGreaterThan(box.ch);
    await columns.scrollIntoViewIfNeeded();
    await columns.hover();
    await h.page.mouse.wheel(0, 600);
    await h.page.waitForFunction(() => (document.querySelector('.imp-scroll')?.scrollTop ?? 0) > 0);
    // Every column of the mapping table can be reached: scrolled to the right, "Problemen" is inside the panel.
    const reach = await columns.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      const th = Array.from(el.querySelectorAll('thead th')).at(-1)!;
      return { text: th.textContent, right: th.getBoundingClientRect().right, panelRight: el.getBoundingClientRect().right };
    });
    expect(reach.text).toBe('Problemen');
    expect(reach.right).toBeLessThanOrEqual(reach.panelRight + 1);
    await columns.evaluate((el) => { el.scrollLeft = 0; });
    await shot('8-wide-columns', '2. Kolommen');
    // The 2 MB label: its cell is cut at a bounded width, the whole card stays within the window.
    const labels = h.page.getByRole('region', { name: '3. Niet-gekoppelde labels' });
    const cell = labels.locator('tbody th .imp-cut').first();
    expect((await cell.boundingBox())!.width).toBeLessThanOrEqual(280);
    expect(await cell.evaluate((el) => [getComputedStyle(el).textOverflow, el.scrollWidth > el.clientWidth, (el.getAttribute('title') ?? '').length])).toEqual(['ellipsis', true, 2001]);
    expect((await labels.boundingBox())!.width).toBeLessThanOrEqual(1366);
    await shot('9-long-cell', '3. Niet-gekoppelde labels');
    const errors = h.page.getByTestId('import-errors');
    const panel = errors.locator('xpath=..');
    const msg = await panel.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      const th = Array.from(el.querySelectorAll('thead th')).at(-1)!;
      return { text: th.textContent, right: th.getBoundingClientRect().right, panelRight: el.getBoundingClientRect().right, scrollable: el.scrollHeight > el.clientHeight };
    });
    expect(msg.text).toBe('Melding');
    expect(msg.right).toBeLessThanOrEqual(msg.panelRight + 1);
    expect(msg.scrollable).toBe(true);
    for (const v of await errors.locator('tbody td:nth-child(5) .imp-cut').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().width))) expect(v).toBeLessThanOrEqual(280);
    await panel.evaluate((el) => { el.scrollLeft = 0; });
    await shot('10-problems', '4. Rapport');
  });
});
