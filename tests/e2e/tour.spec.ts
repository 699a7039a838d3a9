// E2E: the newcomer's tour of the Monitor 2014 example — start screen → "Open example" → a batch of two paper
// forms registered and keyed → one verified blind by a second operator, the difference adjudicated → cleaning
// (run, a violation resolved with a reason) → weighting (a raking scheme) → export → ../shared/tools/check-xlsx.
// A screenshot of every screen goes to test-results/e2e/tour-NN-<name>.png (the user guide in docs/ uses them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { repoRoot, startHarness, type Harness } from './support/harness';
import { StartPage } from './pages/StartPage';
import { ShellPage } from './pages/ShellPage';
import { FieldworkPage } from './pages/FieldworkPage';
import { EntryPage } from './pages/EntryPage';
import { CleaningPage } from './pages/CleaningPage';
import { WeightingPage } from './pages/WeightingPage';
import { ExportPage } from './pages/ExportPage';

const checkXlsx = resolve(repoRoot, '../shared/tools/check-xlsx');
const BATCH = 'T001';
/** Timeout of the steps that build the example or type whole forms key by key (over a minute on a busy machine). */
const SLOW = 240_000;

let h: Harness;
let shotNo = 0;
/** The two paper forms of the tour: sampled employees (groep 2) on paper who had not responded yet. */
let forms: string[] = [];
let exported = '';

/** Saves test-results/e2e/tour-NN-<name>.png of the whole area (the viewport grows to the page's height, then returns). */
async function shot(name: string, full = false): Promise<void> {
  shotNo += 1;
  const file = join(h.screenshotDir, `tour-${String(shotNo).padStart(2, '0')}-${name}.png`);
  if (!full) {
    await h.page.screenshot({ path: file });
    return;
  }
  const height = await h.page.evaluate(() => (document.querySelector('.shell__main')?.scrollHeight ?? 800) + 160);
  await h.page.setViewportSize({ width: 1366, height: Math.min(2400, Math.max(860, height)) });
  await h.page.screenshot({ path: file });
  await h.page.setViewportSize({ width: 1366, height: 860 });
}

/** The open project's database (read-only checks of what the screens stored). */
const db = () => h.backend.session.project!.db;

/** Stored answers of a case in one pass, by variable. */
function stored(caseId: string, pass: number): Record<string, string> {
  const rows = db()
    .prepare('SELECT r.variable, r.value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.pass = ? AND r.value IS NOT NULL')
    .all(caseId, pass) as { variable: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.variable, r.value]));
}

/** Whether python3 with openpyxl is there (what check-xlsx needs at the least). */
function haveOpenpyxl(): boolean {
  const candidates = [process.env.CHECK_XLSX_PYTHON, ...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== '').map((d) => join(d, 'python3'))];
  return candidates.some((py) => py !== undefined && existsSync(py) && spawnSync(py, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0);
}

/**
 * Keys the paper form of an employee without incidents, field by field in paper order (Monitor 2014 routing):
 * consent, groep 2, tier (municipality), role, public contact, how often, municipality size, years (default 7), the eight
 * forms of aggression (all "never", so the incident block is skipped), risk, policy, background; the comment is left empty.
 */
async function keyEmployeeForm(e: EntryPage, answers: { leeftijd: string; geslacht: string; jaren?: string }): Promise<void> {
  await e.keys('1', '2');
  await e.waitFocus('laag_mw');
  // A two-digit number fills the field's keying width and moves on by itself; one digit needs Enter.
  const jaren = answers.jaren ?? '7';
  await e.keys('1', '3', '1', '2', '2', ...(jaren.length >= 2 ? [jaren] : [jaren, '{Enter}']));
  await e.waitFocus('ag_verbaal');
  await e.keys('1', '1', '1', '1', '1', '1', '1', '1');
  await e.waitFocus('verm_moeilijk');
  await e.keys('2', '2', '1', '2', '3', '2');
  await e.waitFocus('bel_norm');
  await e.keys('1', '1', '2', '2', '1', '1', '2', '2', '1', '3');
  await e.waitFocus('geslacht');
  await e.keys(answers.geslacht, answers.leeftijd);
  await e.waitFocus('opmerking');
  await e.keys('{Enter}');
  await e.summary().waitFor();
  await e.waitSaved().catch(() => undefined);
}

beforeAll(async () => {
  h = await startHarness();
  for (const f of readdirSync(h.screenshotDir)) if (/^tour-\d\d-/.test(f)) rmSync(join(h.screenshotDir, f));
});

afterAll(async () => {
  await h?.close();
});

describe("newcomer's tour of the Monitor 2014 example", () => {
  it('start screen → "Voorbeeldproject openen": a busy button while it builds, then the shell on the example', async () => {
    await h.page.goto(h.host.launchUrl);
    const start = new StartPage(h.page);
    await start.waitUntilShown();
    await shot('start');
    await start.exampleButton().click();
    // The button shows that the example is being built (a few seconds) and cannot be pressed twice.
    const building = h.page.getByRole('button', { name: /Voorbeeld wordt gebouwd…/ });
    await building.waitFor({ timeout: 5_000 });
    expect(await building.isDisabled()).toBe(true);
    expect(await building.getAttribute('aria-busy')).toBe('true');
    await shot('start-building');
    const shell = new ShellPage(h.page);
    await shell.nav().waitFor({ timeout: 110_000 }); // the example is built through the real services (seconds)
    expect(await shell.statusBar().textContent()).toContain('voorbeeld-monitor-2014.vwk');
    expect(h.backend.session.project?.path).toMatch(/voorbeeld-monitor-2014\.vwk$/);
    await shot('questionnaire', true);
    // Two sampled employees on paper who have not responded: their forms come back in the tour's batch.
    forms = (db()
      .prepare(`SELECT s.case_id FROM sample_case s WHERE s.mode = 'paper' AND json_extract(s.strata, '$.groep') = '2'
                AND NOT EXISTS (SELECT 1 FROM case_record c WHERE c.case_id = s.case_id) ORDER BY s.id LIMIT 2`)
      .pluck()
      .all() as string[]);
    expect(forms).toHaveLength(2);
  }, SLOW);

  it('Veldwerk: the dashboard, then a batch of two returned forms registered with their case IDs', async () => {
    const fw = new FieldworkPage(h.page);
    await fw.open();
    await fw.tab('Dashboard');
    await shot('fieldwork-dashboard', true);
    await fw.tab('Batches');
    await fw.setOperator('Fatima');
    await fw.registerBatch({ number: BATCH, receivedOn: '2014-03-21', expected: 2, origin: 'Tweede verzending' });
    await h.page.getByRole('status').filter({ hasText: `Batch ${BATCH} geregistreerd met 2 verwachte formulieren.` }).waitFor();
    const field = fw.formIdField();
    for (const id of forms) {
      const verdict = await fw.typeCaseId(field, id);
      expect(await verdict.textContent()).toContain('in de steekproef');
      await field.press('Enter');
      await h.page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.value === '');
    }
    await h.page.getByRole('button', { name: '2 formulieren aanmelden' }).click();
    await h.page.getByRole('status').filter({ hasText: `2 formulieren aangemeld bij batch ${BATCH}.` }).waitFor();
    await shot('fieldwork-batch', true);
    const batchId = db().prepare('SELECT id FROM batch WHERE number = ?').pluck().get(BATCH);
    expect(db().prepare(`SELECT count(*) FROM sample_case WHERE batch_id = ? AND case_id IN (${forms.map(() => '?').join(',')})`).pluck().get(batchId, ...forms)).toBe(2);
  });

  it('Invoer: operator Fatima keys the two paper forms heads-down with the keyboard alone', async () => {
    await h.page.keyboard.press('Alt+3');
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Invoer');
    const e = new EntryPage(h.page);
    await e.operator().waitFor();
    await e.operator().focus();
    await e.keys('{Control+A}', 'Fatima', '{Enter}', '{Enter}'); // operator; pass: first keying
    await e.batch().selectOption(BATCH);
    await e.receivedOn().focus();
    await e.keys('{Control+A}', '210314', '{Enter}');
    expect(await e.receivedOn().inputValue()).toBe('21-03-2014');
    await shot('entry-identify');
    await e.open(forms[0]!);
    await e.waitForForm(forms[0]!);
    await e.keys('1', '2');
    await e.waitFocus('laag_mw');
    await shot('entry-form');
    await e.keys('1', '3', '1', '2', '2', '7', '{Enter}', '1', '1', '1', '1', '1', '1', '1', '1');
    await e.waitFocus('verm_moeilijk');
    await e.keys('2', '2', '1', '2', '3', '2', '1', '1', '2', '2', '1', '1', '2', '2', '1', '3');
    await e.waitFocus('geslacht');
    await e.keys('2', '3');
    await e.waitFocus('opmerking');
    await e.keys('{Enter}');
    await e.summary().waitFor();
    await e.waitSaved().catch(() => undefined);
    expect(await e.summary().textContent()).toContain('Verplichte vragen leeg (0)');
    await shot('entry-summary');
    await e.keys('{Enter}');
    await e.open(forms[1]!);
    await e.waitForForm(forms[1]!);
    // Form 2: under 25 yet 12 years in the post — the example's edit rule jaren_functie_leeftijd will flag it.
    await keyEmployeeForm(e, { geslacht: '1', leeftijd: '1', jaren: '12' });
    for (const id of forms) expect(db().prepare('SELECT status FROM case_record WHERE case_id = ?').pluck().get(id)).toBe('complete');
    expect(stored(forms[0]!, 1)).toMatchObject({ toestemming: '1', groep: '2', laag_mw: '1', geslacht: '2', leeftijd: '3' });
    expect(stored(forms[1]!, 1)).toMatchObject({ toestemming: '1', groep: '2', laag_mw: '1', geslacht: '1', leeftijd: '1', jaren_functie: '12' });
    await h.page.keyboard.press('F1');
    await h.page.getByRole('complementary', { name: 'Toetsen bij het invoeren' }).waitFor();
    await shot('entry-help');
    await h.page.keyboard.press('F1');
  }, SLOW);

  it('Verificatie: a second operator re-keys form 1 blind; the one difference is decided against the paper', async () => {
    const e = new EntryPage(h.page);
    await e.keys('{Enter}');
    await e.caseId().waitFor();
    await e.operator().focus();
    await e.keys('{Control+A}', 'Gerrit', '{Enter}');
    await h.page.getByLabel('Doorgang', { exact: true }).selectOption('2');
    await e.caseId().focus();
    await e.open(forms[0]!);
    await e.waitForForm(forms[0]!);
    expect(await e.form().textContent()).toContain('Verificatie (blind)');
    expect(await e.field('toestemming').inputValue()).toBe(''); // blind: nothing of the first keying shown
    // The verifier reads leeftijd as 4 where the first keyer keyed 3: one difference.
    await keyEmployeeForm(e, { geslacht: '2', leeftijd: '4' });
    await shot('verification-keying');
    await e.keys('{Enter}');
    await h.page.keyboard.press('Alt+4');
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Verificatie');
    const ours = h.page.getByRole('form', { name: `Verschil ${forms[0]} leeftijd` });
    await ours.waitFor();
    await h.page.getByLabel('Uw naam (beslisser)').fill('Hanneke');
    await shot('verification', true);
    // The paper says 3: keep A (the first keying); the verifier erred.
    await h.page.getByLabel('Reden voor leeftijd').first().fill('papier: 3 (35–44 jaar)');
    await ours.getByRole('button', { name: 'Beslissen' }).click();
    await ours.waitFor({ state: 'detached' });
    expect(db().prepare('SELECT status FROM case_record WHERE case_id = ?').pluck().get(forms[0])).toBe('verified');
    expect(stored(forms[0]!, 3)).toEqual({ leeftijd: '3' });
    await h.page.waitForFunction(() => document.querySelector('[data-operator="Gerrit"] [data-col="verifierErrors"]')?.textContent === '1');
    await shot('verification-decided', true);
  }, SLOW);

  it('Opschonen: the rule run over every case; one violation resolved with a reason, in the audit log', async () => {
    const shell = new ShellPage(h.page);
    await shell.navButton('Opschonen').click();
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Opschonen');
    const c = new CleaningPage(h.page);
    await c.operator().fill('Methodoloog');
    await c.run();
    expect(await c.rows().count()).toBeGreaterThan(0);
    await shot('cleaning-run', true);
    const before = db().prepare("SELECT count(*) FROM audit_log WHERE source = 'cleaning'").pluck().get() as number;
    // "Never" on all eight forms of aggression is the common true answer: the example exempts it (veldwerk::straightlining
    // "except 1" on g_vormen), so the tour's forms raise no straightlining warning. Form 2 (under 25, 12 years in the
    // post) is flagged by the edit rule jaren_functie_leeftijd; the methodologist checks the paper and accepts it.
    expect(db().prepare("SELECT count(*) FROM cleaning_violation WHERE kind = 'straightlining'").pluck().get()).toBe(0);
    const rule = 'edit:jaren_functie_leeftijd';
    await c.filter('Regel').selectOption(rule);
    await c.rowOfCase(forms[1]!).dblclick();
    const panel = c.casePanel(forms[1]!);
    await panel.waitFor();
    await panel.getByRole('button', { name: `Waarschuwing ${rule} accepteren` }).click();
    await c.actionForm().getByLabel('Reden (verplicht)').fill('Papier nagekeken: de respondent schreef echt 12 jaar, leeftijd jonger dan 25');
    await shot('cleaning-accept', true);
    await c.actionForm().getByRole('button', { name: 'Accepteren' }).click();
    await c.notice().filter({ hasText: 'Waarschuwing geaccepteerd.' }).waitFor();
    await shot('cleaning-resolved', true);
    const after = db().prepare("SELECT count(*) FROM audit_log WHERE source = 'cleaning'").pluck().get() as number;
    expect(after).toBeGreaterThan(before);
    expect(db().prepare("SELECT reason FROM audit_log WHERE source = 'cleaning' ORDER BY id DESC LIMIT 1").pluck().get()).toMatch(/^Papier nagekeken/);
  });

  it('Weging: a scheme for the employees set up from the saved one, raked to laag × geslacht and laag × lft4; the diagnostics shown', async () => {
    const shell = new ShellPage(h.page);
    await shell.navButton('Weging').click();
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Weging');
    const w = new WeightingPage(h.page);
    // The form's suggested name takes the saved scheme's spelling ("Medewerkers"): no refusal before anything is typed.
    await expect.poll(() => w.field('Naam van het schema').inputValue()).toBe('Medewerkers');
    expect(await h.page.getByText(/Er is al een schema|is al gewichtsvariabele/).count()).toBe(0);
    // The example's saved scheme for the employees (raked to tier × sex and tier × age class, targets from
    // population-2014.csv) is the template; the tour saves and runs it as its own scheme.
    await h.page.getByRole('group', { name: "Opgeslagen schema's" }).getByRole('button', { name: /^Medewerkers/ }).click();
    await expect.poll(() => w.field('Naam van het schema').inputValue()).toBe('Medewerkers');
    await expect.poll(() => w.field('Codes van de groep').inputValue()).toBe('2');
    expect(await w.field('Methode').inputValue()).toBe('rake');
    // The saved scheme's targets: one row per target category of its two margins.
    expect(await h.page.getByText(/rijen, \d+ marges/).textContent()).toMatch(/: [1-9]\d* rijen, 2 marges\.$/);
    await w.field('Naam van het schema').fill('tour-medewerkers');
    await expect.poll(() => w.field('Naam van het schema').inputValue()).toBe('tour-medewerkers');
    await w.field('Gewicht naar de populatie').fill('w_tour');
    await w.field('Gewicht naar de steekproef (gemiddelde 1)').fill('w_tour_n');
    await expect.poll(() => w.field('Gewicht naar de populatie').inputValue()).toBe('w_tour');
    const margins = h.page.getByRole('checkbox', { name: /\(\d+ categorieën\)$/ });
    await margins.first().waitFor();
    expect((await margins.evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).length))).toBeGreaterThanOrEqual(2);
    await shot('weighting-scheme', true);
    await h.page.getByRole('button', { name: 'Opslaan en wegen' }).click();
    await w.diagnosticsHeading('tour-medewerkers').or(w.problem()).first().waitFor({ timeout: 60_000 });
    if ((await w.problem().count()) > 0) throw new Error(`weighting refused: ${await w.problem().first().textContent()}`);
    const figures = (await w.figures().textContent()) ?? '';
    expect(figures).toMatch(/Design-effect \(Kish\)\d,\d{4}/);
    const achieved = await w.achievedTable().locator('tbody tr').first().locator('td').allTextContents();
    expect(achieved[3]).toBe(achieved[4]); // achieved = target
    await w.diagnosticsHeading('tour-medewerkers').scrollIntoViewIfNeeded();
    await shot('weighting-diagnostics');
    const weighted = db().prepare("SELECT count(*) FROM weighting_weight ww JOIN weighting_scheme s ON s.id = ww.scheme_id WHERE s.name = 'tour-medewerkers'").pluck().get() as number;
    // the employees of the example plus the tour's own verified form
    expect(weighted).toBeGreaterThan(100);
    expect(db().prepare("SELECT count(*) FROM weighting_weight ww JOIN weighting_scheme s ON s.id = ww.scheme_id JOIN case_record c ON c.id = ww.case_pk WHERE s.name = 'tour-medewerkers' AND c.case_id = ?").pluck().get(forms[0])).toBe(1);
  });

  it('Export: the report workbook written from the Export area', async () => {
    const shell = new ShellPage(h.page);
    await shell.navButton('Export').click();
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Export');
    const xp = new ExportPage(h.page);
    await xp.runButton().waitFor({ timeout: 60_000 });
    exported = join(h.projectsDir, 'monitor-2014-rapport.xlsx');
    await xp.pathField().fill(exported);
    await shot('export-form', true);
    await xp.run();
    await xp.result().waitFor();
    expect(await xp.result().textContent()).toContain('Export klaar');
    expect(existsSync(exported)).toBe(true);
    await shot('export-result', true);
  });

  it('the exported workbook passes ../shared/tools/check-xlsx', () => {
    if (!existsSync(checkXlsx) || !haveOpenpyxl()) {
      console.warn(`SKIPPED check-xlsx: ${existsSync(checkXlsx) ? 'no python3 with openpyxl on PATH (apt-get install python3-openpyxl)' : `${checkXlsx} not found`}`);
      return;
    }
    const r = spawnSync(checkXlsx, [exported, '--forbid-formulas', '-q'], { encoding: 'utf8', timeout: 110_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('RESULT: PASS');
  });
});
