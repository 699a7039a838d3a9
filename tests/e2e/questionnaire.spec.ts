// E2E: the Vragenlijst area — import the Monitor form, codebook, paper form, export; build a small form in the builder and preview it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot, startHarness, type Harness } from './support/harness';
import { StartPage } from './pages/StartPage';
import { ShellPage } from './pages/ShellPage';
import { QuestionnairePage } from './pages/QuestionnairePage';

const monitorDir = resolve(repoRoot, '../shared/monitor');
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** Creates a project through the start screen and waits for the shell. */
async function createProject(title: string, file: string): Promise<void> {
  const start = new StartPage(h.page);
  await start.waitUntilShown();
  await start.fillTitle(title);
  const picker = await start.chooseLocation();
  await picker.goToFolder(h.projectsDir);
  await picker.typeFileName(file);
  await picker.confirm();
  await start.create();
  await new ShellPage(h.page).waitUntilShown();
}

describe('Vragenlijst area', () => {
  it('lists every problem of a faulty XLSForm with sheet, row, column and value, and stores nothing', async () => {
    await h.page.goto(h.host.launchUrl);
    await createProject('Monitor 2014', 'monitor');
    const bad = join(h.projectsDir, 'kapot-formulier');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'survey.csv'), 'type,name,label,relevant\ninteger,leeftijd,Leeftijd,\ninteger,Leeftijd,Leeftijd nogmaals,\ninteger,uren,Uren,${onbekend} = 1\n');
    const q = new QuestionnairePage(h.page);
    await q.importFolder(bad);
    await q.problems().waitFor();
    expect(await q.problems().getByRole('heading').textContent()).toMatch(/niet geïmporteerd: \d+ problem/);
    const rows = q.problems().locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const text = await q.problems().textContent();
    expect(text).toContain('survey');
    expect(text).toContain('Leeftijd');
    expect(text).toContain('onbekend');
    expect(await q.problems().locator('th').allTextContents()).toEqual(['Blad', 'Rij', 'Kolom', 'Waarde', 'Melding']);
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-problems.png') });
    await q.problems().getByRole('button', { name: 'Melding sluiten' }).click();
  });

  it('imports the Monitor form from its CSV folder and shows the codebook in paper order', async () => {
    const q = new QuestionnairePage(h.page);
    // first a wrong folder (no survey.csv): a Dutch error naming the folder and the files expected
    const banner = h.page.locator('.error-banner');
    await q.importFolder(h.projectsDir);
    await banner.waitFor();
    const wrong = await banner.textContent();
    expect(wrong).toContain(`De map ${h.projectsDir} is geen XLSForm-map`);
    expect(wrong).toContain('survey.csv en choices.csv');
    expect(wrong).toContain('(.xlsx)');
    expect(wrong).not.toContain('has no survey.csv');
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-wrong-folder.png') });
    // then the right folder: the success notice, and the old error is gone
    await q.importFolder(monitorDir);
    await q.notice().waitFor();
    expect(await q.notice().textContent()).toContain('geïmporteerd als versie');
    expect(await banner.count()).toBe(0);
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-imported-after-error.png') });
    await q.codebookCard('groep').waitFor();
    expect(await q.codebookCard('groep').textContent()).toContain('Politiek ambtsdrager');
    // routing in words, derived from relevant conditions
    expect(await q.codebookCard('functie').textContent()).toMatch(/vraag \d+ = 1 \(/);
    expect(await q.codebookCard('groep').textContent()).toContain('Ga naar vraag');
    // the codebook gives the same skip instructions as the printed form (shared/routing/skips paperRouting)
    const cbJumps = await q.codebookCard('functie').locator('.cb-codes tbody tr').evaluateAll((rows) =>
      rows.map((r) => `${r.querySelector('.cb-codes__code')?.textContent ?? ''}:${r.querySelector('.cb-codes__jump')?.textContent ?? ''}`),
    );
    expect(cbJumps.slice(0, 8)).toEqual([
      '11:→ Ga naar vraag 8', '12:→ Ga naar vraag 8', '13:→ Ga naar vraag 8',
      '21:→ Ga naar vraag 9', '22:→ Ga naar vraag 9', '23:→ Ga naar vraag 9', '31:→ Ga naar vraag 9', '32:→ Ga naar vraag 9',
    ]);
    // checks and calculations
    expect(await q.codebookCard('jaren_functie').textContent()).toContain('Vul een aantal jaren in tussen 0 en 50');
    expect(await q.codebookCard('laag').textContent()).toContain('Berekening');
    const count = await h.page.locator('.cb__count').textContent();
    expect(Number(count?.match(/\d+/)?.[0])).toBeGreaterThan(70);
    expect(await h.page.locator('.qn-version').textContent()).toContain('bewerkbaar');
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-codebook.png') });
    // the filter narrows the list
    await h.page.getByLabel('Zoeken').fill('agressie');
    await h.page.waitForFunction(() => /^\d+ variabelen?$/.test(document.querySelector('.cb__count')?.textContent ?? '') && Number(document.querySelector('.cb__count')?.textContent?.match(/\d+/)?.[0]) < 40);
    await h.page.getByLabel('Zoeken').fill('');
  });

  it('exports the questionnaire as XLSForm through the save picker', async () => {
    const q = new QuestionnairePage(h.page);
    await q.exportTo(h.projectsDir, 'monitor-export');
    await h.page.waitForFunction(() => document.querySelector('.qn-notice')?.textContent?.includes('geëxporteerd'));
    expect(existsSync(join(h.projectsDir, 'monitor-export.xlsx'))).toBe(true);
  });

  it('shows the printable paper form with a case-ID box, numbers, codes and routing in words', async () => {
    const q = new QuestionnairePage(h.page);
    await q.tab('Papieren formulier');
    const paper = q.paper();
    await paper.waitFor();
    expect(await paper.textContent()).toContain('Casenummer');
    expect(await paper.locator('.paper__caseid .paper__box').count()).toBe(7);
    const groep = paper.locator('.paper__q[data-name="groep"]');
    expect(await groep.locator('.paper__code').allTextContents()).toEqual(['1', '2']);
    expect(await groep.textContent()).toMatch(/Ga naar vraag \d+/);
    expect(await paper.locator('.paper__q[data-name="toestemming"]').textContent()).toContain('Ga naar het einde van de vragenlijst');
    // Q3 (office holders only): municipal offices go on to Q8 (gemgr, laag = 1), the other offices to Q9,
    // past Q4–7 for employees (shared/monitor/survey.csv: functie → laag_pa → laag; gemgr relevant ${laag} = 1)
    const functie = paper.locator('.paper__q[data-name="functie"]');
    expect(await functie.locator('.paper__qnum').textContent()).toBe('3');
    const opts = await functie.locator('.paper__opt').evaluateAll((els) =>
      els.map((e) => `${e.querySelector('.paper__code')?.textContent ?? ''}:${e.querySelector('.paper__jump')?.textContent ?? ''}`),
    );
    expect(opts).toEqual([
      '11:→ Ga naar vraag 8', '12:→ Ga naar vraag 8', '13:→ Ga naar vraag 8',
      '21:→ Ga naar vraag 9', '22:→ Ga naar vraag 9', '23:→ Ga naar vraag 9', '31:→ Ga naar vraag 9', '32:→ Ga naar vraag 9',
    ]);
    expect(await functie.locator('.paper__instruction').count()).toBe(0);
    // Q8 (municipalities only) is also reached by employees of any tier: it carries its condition in words
    const gemgr = paper.locator('.paper__q[data-name="gemgr"]');
    expect(await gemgr.locator('.paper__qnum').textContent()).toBe('8');
    expect(await gemgr.locator('.paper__instruction').textContent()).toBe('Alleen voor: Bestuurslaag (1 gemeente, 2 provincie, 3 Rijk, 4 waterschap) = 1');
    expect(await paper.locator('.paper__q[data-name="laag_mw"] .paper__instruction').count()).toBe(0);
    await functie.scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-paper-q3.png') });
    await gemgr.scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-paper-q8.png') });
    // in English the routing reads in English (the form has an English version)
    const shell = new ShellPage(h.page);
    await shell.setLanguage('en');
    await h.page.waitForFunction(() => document.querySelector('.paper__q[data-name="functie"] .paper__jump')?.textContent === '→ Go to question 8');
    // the article's accessible name is in English now: locate by class
    const gemgrEn = h.page.locator('.paper .paper__q[data-name="gemgr"]');
    const functieEn = h.page.locator('.paper .paper__q[data-name="functie"]');
    expect(await gemgrEn.locator('.paper__instruction').textContent()).toBe('Only for: Government tier (1 municipality, 2 province, 3 central government, 4 water board) = 1');
    expect(await functieEn.locator('.paper__qtext').textContent()).toBe('Which office do you hold?');
    expect(await functieEn.locator('.paper__jump').allTextContents()).toEqual(['→ Go to question 8', '→ Go to question 8', '→ Go to question 8', ...Array<string>(5).fill('→ Go to question 9')]);
    await functieEn.scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-paper-q3-en.png') });
    await shell.setLanguage('nl');
    await h.page.waitForFunction(() => document.querySelector('.paper__q[data-name="functie"] .paper__jump')?.textContent === '→ Ga naar vraag 8');
    expect(await h.page.getByRole('button', { name: 'Afdrukken' }).isVisible()).toBe(true);
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-paper.png') });
    await paper.locator('.paper__section').first().scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-paper-form.png') });
    await h.page.emulateMedia({ media: 'print' });
    expect(await h.page.locator('.nav').isVisible()).toBe(false);
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-paper-print.png'), fullPage: true });
    await h.page.emulateMedia({ media: 'screen' });
  });

  it('compares the project\'s version with an earlier wave (a modified XLSForm folder): label and structural changes', async () => {
    // the "2012 wave": the Monitor form with other wording for toestemming and without code 8 of the jnw list
    const wave = join(h.projectsDir, 'monitor-2012');
    mkdirSync(wave, { recursive: true });
    for (const f of ['settings.csv', 'survey.csv', 'choices.csv']) copyFileSync(join(monitorDir, f), join(wave, f));
    const survey = readFileSync(join(wave, 'survey.csv'), 'utf8');
    expect(survey).toContain('Wilt u aan dit onderzoek deelnemen?');
    writeFileSync(join(wave, 'survey.csv'), survey.replace('Wilt u aan dit onderzoek deelnemen?', 'Doet u mee aan dit onderzoek?'));
    const choices = readFileSync(join(wave, 'choices.csv'), 'utf8').split('\n').filter((l) => !l.startsWith('jnw,8,'));
    writeFileSync(join(wave, 'choices.csv'), choices.join('\n'));

    const q = new QuestionnairePage(h.page);
    await q.tab('Vergelijk versies');
    await q.compare().waitFor();
    expect(await q.compare().textContent()).toContain('één versie');
    await q.compareWithFolder(wave);
    const summary = q.compare().locator('.qd__summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Structureel gewijzigd');
    expect(await summary.textContent()).toContain('monitor-2012');
    const structural = q.compare().getByRole('region', { name: /^Structureel/ });
    expect(await structural.textContent()).toContain('Code toegevoegd');
    expect(await structural.locator('tbody tr').first().textContent()).toContain('8');
    const wording = q.compare().getByRole('region', { name: /^Teksten/ });
    const row = wording.locator('tbody tr', { hasText: 'toestemming' });
    expect(await row.textContent()).toContain('Doet u mee aan dit onderzoek?');
    expect(await row.textContent()).toContain('Wilt u aan dit onderzoek deelnemen?');
    // structural changes come first
    expect(await q.compare().locator('.qd__group').first().getAttribute('data-kind')).toBe('structural');
    await h.page.setViewportSize({ width: 1366, height: 1200 });
    await q.compare().getByRole('heading', { name: 'Vergelijk versies' }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-diff.png') });
    await h.page.setViewportSize({ width: 1366, height: 860 });
    await q.tab('Codeboek');
  });

  it('builds a small questionnaire: a single choice routing to an integer with a range check, and previews it', async () => {
    await new ShellPage(h.page).closeProject();
    await createProject('Proef', 'proef');
    const q = new QuestionnairePage(h.page);
    await h.page.getByRole('button', { name: 'Nieuwe vragenlijst' }).click();
    await h.page.getByRole('tab', { name: /Bouwer/, selected: true }).waitFor();

    // 1: single choice "werk" with codes 1 Ja, 2 Nee
    await q.addVariable();
    await q.field('Naam').fill('werk');
    await q.field('Vraagtekst').fill('Heeft u op dit moment betaald werk?');
    await q.editor().getByRole('button', { name: 'Nieuwe antwoordlijst' }).click();
    await q.editor().getByRole('button', { name: '+ Code toevoegen' }).click();
    await q.editor().getByRole('button', { name: '+ Code toevoegen' }).click();
    await q.field('Label 1 (Nederlands (nl))').fill('Ja');
    await q.field('Label 2 (Nederlands (nl))').fill('Nee');
    await q.field('Verplicht').check();

    // 2: integer "uren", asked only when werk = 1, range 1..80
    await q.addVariable();
    await q.field('Naam').fill('uren');
    await q.field('Type').selectOption('integer');
    await q.field('Vraagtekst').fill('Hoeveel uur per week werkt u gemiddeld?');
    const routing = q.field('Routing: alleen vragen als');
    await routing.fill("${werk} = '1' and");
    await q.editor().locator('.expr--error .expr__span--error').waitFor();
    expect(await routing.getAttribute('aria-invalid')).toBe('true');
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-builder-error.png') });
    await routing.fill("${werk} = '1'");
    await q.editor().locator('.expr__ok').first().waitFor();
    await q.field('Minimum').fill('1');
    await q.field('Maximum').fill('80');
    await q.field(/^Harde controle$/).fill('. <= 80');
    await q.field('Melding bij harde controle').fill('Vul een aantal uren in tussen 1 en 80.');

    // 3: integer "leeftijd" after the routed question
    await q.addVariable();
    await q.field('Naam').fill('leeftijd');
    await q.field('Type').selectOption('integer');
    await q.field('Vraagtekst').fill('Wat is uw leeftijd?');

    await h.page.getByRole('button', { name: 'Vragenlijst opslaan' }).click();
    await h.page.waitForFunction(() => document.querySelector('.qn-notice')?.textContent?.includes('opgeslagen als versie 1'));
    expect(await h.page.locator('.bld-save__status').textContent()).toBe('Alles opgeslagen');
    await h.page.locator('.bld-row', { hasText: 'uren' }).click();
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-builder.png') });

    // entry preview: routing applied to typed answers, range check shown
    await q.tab('Invoervoorbeeld');
    const werk = q.previewRow('werk');
    const uren = q.previewRow('uren');
    expect(await h.page.locator('.pv-field').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['werk', 'uren', 'leeftijd']);
    expect(await werk.textContent()).toContain('1 Ja');
    await werk.getByRole('textbox').fill('2');
    await h.page.waitForFunction(() => document.querySelector('.pv-field[data-name="uren"]')?.getAttribute('data-on-route') === 'false');
    expect(await uren.textContent()).toContain('overgeslagen');
    await werk.getByRole('textbox').fill('1');
    await h.page.waitForFunction(() => document.querySelector('.pv-field[data-name="uren"]')?.getAttribute('data-on-route') === 'true');
    await uren.getByRole('textbox').fill('95');
    await uren.locator('.pv-viol--hard').first().waitFor();
    await h.page.screenshot({ path: join(h.screenshotDir, 'questionnaire-preview.png') });

    // the paper form tells the routing in words
    await q.tab('Papieren formulier');
    const nee = q.paper().locator('.paper__q[data-name="werk"] .paper__opt', { hasText: 'Nee' });
    expect(await nee.textContent()).toContain('Ga naar vraag 3');
    await q.paper().screenshot({ path: join(h.screenshotDir, 'questionnaire-paper-small.png') });
  });
});
