// E2E: weight the Monitor example in the Weging area — employees raked, office holders post-stratified — and see the diagnostics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startHarness, type Harness } from './support/harness';
import { StartPage } from './pages/StartPage';
import { ShellPage } from './pages/ShellPage';
import { WeightingPage } from './pages/WeightingPage';
import { createMonitorProject, POPULATION_CSV } from '../integration/weightingFixture';
import { describeWeightingWarning, weightingWarnings } from '../../shared/weighting/diagnostics';
import type { WeightingDiagnostics } from '../../shared/contract/weighting';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await createMonitorProject(join(h.projectsDir, 'monitor-weging.vwk'));
});

afterAll(async () => {
  await h?.close();
});

/**
 * The warnings shown for a scheme's run (small cells, extreme weights) are those of the stored diagnostics: as many
 * list items as {@link weightingWarnings} gives, small cells named, or the "none" line.
 */
async function expectWarnings(scheme: string): Promise<void> {
  const d = JSON.parse(h.backend.session.project!.db
    .prepare('SELECT r.diagnostics FROM weighting_result r JOIN weighting_scheme s ON s.id = r.scheme_id WHERE s.name = ?').pluck().get(scheme) as string) as WeightingDiagnostics;
  const expected = weightingWarnings(d);
  if (expected.length === 0) {
    expect(await h.page.getByTestId('weighting-warnings-none').textContent()).toBe('Geen kleine cellen (minder dan 5 respondenten) en geen gewichten boven 5 × het gemiddelde.');
    return;
  }
  const items = await h.page.getByRole('region', { name: 'Waarschuwingen bij deze weging' }).locator('li').allTextContents();
  expect(items).toHaveLength(expected.length);
  expected.forEach((x, i) => {
    if (x.kind === 'smallCell') expect(items[i]).toContain(`${x.variable} = ${x.code}`);
    else expect(items[i]).toMatch(/Voeg categorieën samen of begrens \(trim\) de gewichten/);
    expect(describeWeightingWarning(x)).not.toBe('');
  });
}

describe('Weging area', () => {
  it('opens the Monitor project and shows the scheme form in Dutch', async () => {
    await h.page.goto(h.host.launchUrl);
    // The session's operator (remembered as the other screens remember it): weighting runs are attributed to it.
    await h.page.evaluate(() => localStorage.setItem('veldwerk.operator', 'Anouk'));
    await h.page.reload();
    const start = new StartPage(h.page);
    await start.waitUntilShown();
    const picker = await start.open();
    await picker.goToFolder(h.projectsDir);
    await picker.entry('monitor-weging.vwk').dblclick();
    const shell = new ShellPage(h.page);
    await shell.waitUntilShown();
    await shell.navButton('Weging').click();
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Weging');
    const w = new WeightingPage(h.page);
    await w.field('Naam van het schema').waitFor();
    expect(await w.field('Methode').inputValue()).toBe('rake');
  });

  it('rakes the employees to laag × geslacht and laag × lft4 and shows the diagnostics', async () => {
    const w = new WeightingPage(h.page);
    await w.loadTargets(POPULATION_CSV);
    await w.chooseFileGroup('medewerker');
    await w.margin('laag').uncheck();
    await w.margin('laag*geslacht').check();
    await w.margin('laag*lft4').check();
    await h.page.screenshot({ path: join(h.screenshotDir, 'weging-schema.png'), fullPage: true });
    await w.saveAndRun('medewerkers');
    const rows = w.achievedTable().locator('tbody tr');
    expect(await rows.count()).toBe(24);
    const first = await rows.first().locator('td').allTextContents();
    expect(first.slice(0, 3)).toEqual(['laag*geslacht', '1*1', 'Gemeente | man']);
    // Save and run by the session's operator, not the host ('http-host').
    const db = h.backend.session.project!.db;
    expect(JSON.parse(db.prepare("SELECT r.diagnostics FROM weighting_result r JOIN weighting_scheme s ON s.id = r.scheme_id WHERE s.name = 'medewerkers'").pluck().get() as string).ranBy).toBe('Anouk');
    expect(db.prepare("SELECT DISTINCT operator FROM audit_log WHERE source = 'weighting'").pluck().all()).toEqual(['Anouk']);
    expect(first[3]).toBe(first[4]); // achieved = target
    const figures = await w.figures().textContent();
    expect(figures).toContain('Gewogen cases400');
    expect(figures).toMatch(/Design-effect \(Kish\)\d,\d{4}/);
    await w.chart().waitFor();
    expect(await w.chart().locator('rect').count()).toBe(30);
    expect(await w.largestTable().locator('tbody tr').count()).toBe(10);
    await expectWarnings('medewerkers');
    await w.diagnosticsHeading('medewerkers').scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'weging-diagnose.png') });
    await w.achievedTable().locator('tbody tr').nth(8).scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'weging-marges.png') });
    await w.chart().scrollIntoViewIfNeeded();
    await w.chart().evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await h.page.screenshot({ path: join(h.screenshotDir, 'weging-grafiek.png') });
  });

  it('estimates victimisation by laag with confidence intervals', async () => {
    const w = new WeightingPage(h.page);
    await w.field('Variabele').fill('slachtoffer');
    await w.field('Uitgesplitst naar (optioneel)').fill('laag');
    await h.page.getByRole('button', { name: 'Schatten' }).click();
    const all = h.page.getByRole('table', { name: 'slachtoffer: alle gewogen cases' });
    await all.waitFor();
    expect(await all.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    // the CI column is the logit interval (R svyciprop) of the backend's estimate, explained under the tables
    expect(await all.locator('thead th').nth(5).textContent()).toBe('95%-BI (logit)');
    const r = await h.backend.dispatch('weighting.estimate', { name: 'medewerkers', variable: 'slachtoffer', by: 'laag' });
    if (!r.ok) throw new Error(r.error.message);
    const pf = new Intl.NumberFormat('nl', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const est = r.value as { tables: { categories: { proportion: number; ci95LogitFixed: [number, number] }[] }[] };
    const cats = est.tables[0]!.categories;
    for (let k = 0; k < cats.length; k++) {
      const [lo, hi] = cats[k]!.ci95LogitFixed;
      expect(lo).toBeGreaterThan(0);
      expect(hi).toBeLessThan(1);
      expect(await all.locator('tbody tr').nth(k).locator('td').nth(5).textContent()).toBe(`${pf.format(lo)} – ${pf.format(hi)}`);
    }
    expect(await h.page.getByText('Logit-interval zoals R survey::svyciprop', { exact: false }).count()).toBe(1);
    await h.page.getByRole('table', { name: /^laag = 4/ }).waitFor();
    await h.page.getByRole('table', { name: /^laag = 4/ }).scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'weging-schatting.png'), fullPage: false });
  });

  it('post-stratifies the office holders on functie as a second scheme', async () => {
    const w = new WeightingPage(h.page);
    await w.field('Naam van het schema').fill('ambtsdragers');
    await w.field('Methode').selectOption('poststratify');
    await w.field('Codes van de groep').fill('1');
    await w.field('Gewicht naar de populatie').fill('w_pa');
    await w.field('Gewicht naar de steekproef (gemiddelde 1)').fill('w_pa_n');
    await w.chooseFileGroup('politiek_ambtsdrager');
    await w.margin('functie').check();
    await w.margin('functie*gemgr').uncheck();
    await w.saveAndRun('ambtsdragers');
    expect(await w.achievedTable().locator('tbody tr').count()).toBe(8);
    await expectWarnings('ambtsdragers');
    await h.page.getByRole('group', { name: "Opgeslagen schema's" }).getByRole('button', { name: /^medewerkers/ }).waitFor();
    await w.diagnosticsHeading('ambtsdragers').scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'weging-ambtsdragers.png'), fullPage: true });
    // Victimisation by office (functie): small offices (1–9 respondents) carry the "n < 10" flag, every other category none.
    await w.field('Variabele').fill('slachtoffer');
    await w.field('Uitgesplitst naar (optioneel)').fill('functie');
    await h.page.getByRole('button', { name: 'Schatten' }).click();
    await h.page.getByRole('table', { name: /^functie = 11/ }).waitFor();
    const cells = await h.page.getByRole('region', { name: 'Gewogen schatting' }).locator('tbody tr td:nth-child(2)').allTextContents();
    let flagged = 0;
    for (const c of cells) {
      const n = Number(/(\d+)$/.exec(c.trim())?.[1]);
      expect(c.includes('n < 10'), c).toBe(n > 0 && n < 10);
      if (n > 0 && n < 10) flagged++;
    }
    expect(flagged).toBeGreaterThan(0);
    expect(await h.page.getByText('Kleine cellen (minder dan 10 respondenten) zijn gemarkeerd').count()).toBeGreaterThan(0);
    await h.page.locator('.small-cell-badge').first().scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'weging-kleine-cellen.png') });
  });

  it('refuses impossible typed targets with a message and keeps the last result', async () => {
    const w = new WeightingPage(h.page);
    await w.field('Naam van het schema').fill('onmogelijk');
    // The form still holds the weight names of ambtsdragers: a new scheme may not take them (compared without regard
    // to letter case), said under the field while typing and refused on save.
    await w.field('Gewicht naar de populatie').fill('W_PA');
    const clash = 'Gewichtsvariabele W_PA is al gewichtsvariabele w_pa van weegschema ambtsdragers (namen in de export tellen hoofd- en kleine letters gelijk); kies een andere naam.';
    await expect.poll(() => w.fieldError('Gewicht naar de populatie').textContent()).toBe(clash);
    expect(await w.field('Gewicht naar de populatie').getAttribute('aria-invalid')).toBe('true');
    expect(await w.fieldError('Gewicht naar de steekproef (gemiddelde 1)').textContent()).toBe('Gewichtsvariabele w_pa_n is al gewichtsvariabele w_pa_n van weegschema ambtsdragers (namen in de export tellen hoofd- en kleine letters gelijk); kies een andere naam.');
    await w.field('Gewicht naar de populatie').fill('w_onmogelijk');
    await w.field('Gewicht naar de steekproef (gemiddelde 1)').fill('w_onmogelijk_n');
    await expect.poll(() => w.field('Gewicht naar de populatie').getAttribute('aria-invalid')).toBeNull();
    await w.field('Methode').selectOption('rake');
    await w.field('Codes van de groep').fill('2');
    await h.page.getByText('Of typ de totalen zelf').click();
    await w.field('Totalen').fill('laag,1,100\nlaag,2,100\nlaag,3,100\nlaag,4,100\nlaag,5,100');
    await h.page.getByRole('button', { name: 'Getypte totalen gebruiken' }).click();
    await w.margin('laag').check();
    await h.page.getByRole('button', { name: 'Opslaan en wegen' }).click();
    await w.problem().waitFor();
    expect(await w.problem().textContent()).toMatch(/laag = 5/);
    expect(await w.problem().textContent()).toContain('WEIGHTING_INPUT');
    await w.problem().scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'weging-geweigerd.png'), fullPage: false });
  });

  it('names a typed line as the user counts it (regel 1 = the first line), in the UI language', async () => {
    const w = new WeightingPage(h.page);
    await w.field('Totalen').fill('geslacht,1,abc');
    await h.page.getByRole('button', { name: 'Getypte totalen gebruiken' }).click();
    await expect.poll(() => w.problem().locator('.error-banner__title').textContent()).toBe('regel 1, aantal: het aantal "abc" is geen getal ≥ 0');
    // Two problems, an empty line between them: lines 1 and 3, each in the list.
    await w.field('Totalen').fill('laag,x,100\n\ngeslacht,1,abc');
    await h.page.getByRole('button', { name: 'Getypte totalen gebruiken' }).click();
    await expect.poll(() => w.problem().locator('.error-banner__title').textContent()).toBe('2 problemen in de getypte totalen:');
    expect(await w.problem().locator('li').allTextContents()).toEqual([
      'regel 1, code: code "x" is geen gehele code',
      'regel 3, aantal: het aantal "abc" is geen getal ≥ 0',
    ]);
    // A category typed twice names the earlier line, as a line.
    await w.field('Totalen').fill('geslacht,1,100\ngeslacht,1,200');
    await h.page.getByRole('button', { name: 'Getypte totalen gebruiken' }).click();
    await expect.poll(() => w.problem().locator('.error-banner__title').textContent()).toBe('regel 2, code: geslacht = 1 staat er twee keer in (ook op regel 1)');
    // In the English UI the same, in English (no Dutch "rij"/"regel").
    await h.page.getByLabel('Taal', { exact: true }).selectOption('en');
    await w.field('Totals').fill('laag,x,100\ngeslacht,1,abc');
    await h.page.getByRole('button', { name: 'Use typed totals' }).click();
    await expect.poll(() => w.problem().locator('.error-banner__title').textContent()).toBe('2 problems in the typed totals:');
    expect(await w.problem().locator('li').allTextContents()).toEqual(['line 1, code: code "x" is not an integer code', 'line 2, count: the count "abc" is not a number ≥ 0']);
    await h.page.getByLabel('Language', { exact: true }).selectOption('nl');
    await w.field('Naam van het schema').waitFor();
  });

  it('refuses a scheme name that differs from a saved one only in letter case; the exact name replaces that scheme', async () => {
    const w = new WeightingPage(h.page);
    await w.field('Naam van het schema').fill('Medewerkers');
    await expect.poll(() => w.fieldError('Naam van het schema').textContent())
      .toBe('Er is al een schema medewerkers; namen die alleen in hoofdletters verschillen kunnen niet. Typ medewerkers om dat schema te wijzigen, of kies een andere naam.');
    await w.field('Naam van het schema').fill('medewerkers');
    await expect.poll(() => w.field('Naam van het schema').getAttribute('aria-invalid')).toBeNull();
    expect(await h.page.getByText('Opslaan wijzigt het opgeslagen schema medewerkers; zijn gewichten blijven (verouderd als het schema verandert) tot een nieuwe run slaagt.').count()).toBe(1);
  });

  it('says per scheme that it is out of date, and what changed, after an exclusion and a corrected weighting variable', async () => {
    const db = h.backend.session.project!.db;
    const weighted = db.prepare(`SELECT c.case_id FROM weighting_weight w JOIN case_record c ON c.id = w.case_pk JOIN weighting_scheme s ON s.id = w.scheme_id
      WHERE s.name = 'medewerkers' ORDER BY c.case_id`).pluck().all() as string[];
    const man = weighted.find((id, i) => i > 0 && db.prepare("SELECT r.value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.variable = 'geslacht'").pluck().get(id) === '1')!;
    for (const [channel, input] of [
      ['cleaning.exclude', { caseId: weighted[0]!, reasonCode: 'duplicate', reason: 'dubbel formulier', operator: 'anna' }],
      ['cleaning.correct', { caseId: man, variable: 'geslacht', value: '2', reason: 'formulier zegt vrouw', operator: 'anna' }],
    ] as const) {
      const r = await h.backend.dispatch(channel, input);
      if (!r.ok) throw new Error(r.error.message);
    }
    const shell = new ShellPage(h.page);
    await shell.navButton('Export').click();
    await shell.navButton('Weging').click();
    const notice = h.page.getByRole('status', { name: 'Schema medewerkers is verouderd' });
    await notice.waitFor();
    expect(await notice.locator('li').allTextContents()).toEqual([
      '1 gewogen geval doet niet meer mee (uitgesloten, verwijderd, niet meer afgerond of buiten de groep)',
      'bij 1 geval is een wegingsvariabele gewijzigd: geslacht (1)',
    ]);
    expect(await notice.textContent()).toContain('Voer het schema opnieuw uit.');
    expect(await h.page.getByRole('status', { name: 'Schema ambtsdragers is verouderd' }).count()).toBe(0);
    expect(await h.page.getByRole('group', { name: "Opgeslagen schema's" }).getByRole('button', { name: /^medewerkers/ }).textContent()).toContain('verouderd');
    await notice.scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'weging-verouderd.png'), fullPage: false });
  });
  it('saves a picked scheme unchanged as unchanged; a changed target whose run is refused keeps the weights, out of date', async () => {
    const db = h.backend.session.project!.db;
    const w = new WeightingPage(h.page);
    const saved = () => db.prepare("SELECT definition, updated_at FROM weighting_scheme WHERE name = 'medewerkers'").get() as { definition: string; updated_at: string };
    const weightRows = () => db.prepare("SELECT COUNT(*) FROM weighting_weight w JOIN weighting_scheme s ON s.id = w.scheme_id WHERE s.name = 'medewerkers'").pluck().get() as number;
    const changes = () => db.prepare("SELECT COUNT(*) FROM audit_log WHERE source = 'weighting' AND reason LIKE '%changed'").pluck().get() as number;
    const chip = () => h.page.getByRole('group', { name: "Opgeslagen schema's" }).getByRole('button', { name: /^medewerkers/ });
    const before = saved();
    const changedBefore = changes();
    expect(JSON.parse(before.definition).targetsSource.group).toBe('medewerker');
    // Picked and saved without a change: the definition stays as it was (targets source group included); the run
    // brings the scheme up to date (the data changed in the previous step).
    await chip().click();
    await h.page.getByRole('button', { name: 'Opslaan en wegen' }).click();
    await expect.poll(() => h.page.getByRole('status', { name: 'Schema medewerkers is verouderd' }).count()).toBe(0);
    expect(saved()).toEqual(before);
    expect(changes()).toBe(changedBefore);
    const weighted = weightRows();
    expect(weighted).toBeGreaterThan(0);
    // A target changed so that the margins no longer sum to the same total: the run is refused, the weights stay.
    await chip().click();
    await h.page.locator('summary', { hasText: 'laag*geslacht' }).click();
    await w.field('Doel laag*geslacht = 1*1').fill('85660');
    await h.page.getByRole('button', { name: 'Opslaan en wegen' }).click();
    await w.problem().waitFor();
    expect(await w.problem().textContent()).toContain('tot 307.700');
    expect(weightRows()).toBe(weighted);
    const notice = h.page.getByRole('status', { name: 'Schema medewerkers is verouderd' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Het schema is gewijzigd sinds de run van');
    expect(await notice.locator('li').allTextContents()).toEqual([
      'de definitie van het schema (streefwaarden, marges, methode, groep, basisgewichten of trimmen) is gewijzigd; de bewaarde gewichten horen bij de oude definitie',
    ]);
    expect(await chip().textContent()).toContain('verouderd');
    await notice.scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'weging-schema-gewijzigd.png'), fullPage: false });
  });
});
