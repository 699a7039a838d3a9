// E2E: the Veldwerk area in Chromium — a refused frame, a 60-case import, a batch of 20 with reconciliation, dispositions and the dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { startHarness, repoRoot, type Harness } from './support/harness';
import { StartPage } from './pages/StartPage';
import { ShellPage } from './pages/ShellPage';
import { FieldworkPage } from './pages/FieldworkPage';

let h: Harness;
let fw: FieldworkPage;
/** Whether the Monitor questionnaire was stored, so stratum codes (groep) are checked against its lists. */
let withQuestionnaire = false;

const id = (n: number) => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
/** The same ID with its check digit changed: what a typist's slip looks like. */
const mistyped = (n: number) => `${id(n).slice(0, -1)}${(Number(id(n).slice(-1)) + 3) % 10}`;
const NAMES = ['Anna Jansen', 'Bram de Vries', 'Cor Bakker', 'Dirk Visser', 'Eva Smit'];
const BATCH = 'B-2014-01';

/** YYYY-MM-DD `days` days before today (UTC). */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid frame of 60 cases: groep 1/2 (from the Monitor questionnaire), laag 1–4, probability, contact details, mode. */
function writeValidFrame(path: string): void {
  const lines = ['case_id;groep;laag;selection_probability;naam;email;mode'];
  for (let n = 1; n <= 60; n++) {
    lines.push(`${id(n)};${n <= 30 ? 1 : 2};${1 + (n % 4)};${n <= 30 ? '0,5' : '0,25'};${NAMES[n % 5]} ${n};p${n}@example.nl;${n % 4 === 0 ? 'web' : 'papier'}`);
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
}

/** A frame with each kind of error: duplicate ID, empty stratum, probability 0 and 1.5, unknown code, mistyped ID. */
function writeBadFrame(path: string): void {
  writeFileSync(path, [
    'case_id,groep,laag,selection_probability,naam',
    `${id(1)},1,1,0.5,A`,
    `${id(1)},1,1,0.5,B`,
    `${id(2)},,1,0.5,C`,
    `${id(3)},1,1,0,D`,
    `${id(4)},1,1,1.5,E`,
    `${id(5)},7,1,0.5,F`,
    `${mistyped(6)},1,1,0.5,G`,
  ].join('\n'));
}

/** The backend's open project database (the same one the UI talks to). */
function projectDb(): Database {
  const p = h.backend.session.project;
  if (!p) throw new Error('no project open');
  return p.db as Database;
}

async function dispatch(channel: string, input: unknown): Promise<unknown> {
  const r = await h.backend.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/**
 * Stands in for data entry (another area): keys forms 1–15 into the batch (10 complete, 3 verified, 1 excluded,
 * 1 still open), one form whose ID is not in the sample, and 6 web returns, with dispositions on earlier days.
 */
function seedReturns(): void {
  const db = projectDb();
  const batchId = (db.prepare('SELECT id FROM batch WHERE number = ?').get(BATCH) as { id: number }).id;
  const insCase = db.prepare('INSERT INTO case_record (case_id, batch_id, source, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const sc = db.prepare('SELECT id, disposition FROM sample_case WHERE case_id = ?');
  const upd = db.prepare('UPDATE sample_case SET disposition = ?, disposition_at = ?, disposition_by = ? WHERE id = ?');
  const hist = db.prepare("INSERT INTO disposition_history (sample_case_id, old_code, new_code, at, operator, source, reason) VALUES (?, ?, ?, ?, 'typist', ?, NULL)");
  const returned = (n: number, code: string, at: string, source: 'keying' | 'import') => {
    const r = sc.get(id(n)) as { id: number; disposition: string };
    upd.run(code, at, 'typist', r.id);
    hist.run(r.id, r.disposition, code, at, source);
  };
  db.transaction(() => {
    for (let n = 1; n <= 15; n++) {
      const status = n <= 10 ? 'complete' : n <= 13 ? 'verified' : n === 14 ? 'excluded' : 'open';
      const at = `${daysAgo(8 - (n % 6))}T10:${String(n).padStart(2, '0')}:00Z`;
      insCase.run(id(n), batchId, 'keying', status, at, at);
      if (n <= 13) returned(n, '1.1', at, 'keying');
      if (n === 14) returned(n, '1.2', at, 'keying');
    }
    insCase.run(id(999), batchId, 'keying', 'complete', `${daysAgo(3)}T09:00:00Z`, `${daysAgo(3)}T09:00:00Z`);
    for (const [i, n] of [40, 44, 48, 52, 56, 60].entries()) {
      const at = `${daysAgo(6 - i)}T14:00:00Z`;
      insCase.run(id(n), null, 'import', 'complete', at, at);
      returned(n, '1.1', at, 'import');
    }
  })();
}

/** Saves test-results/e2e/<name>.png of the whole page: the viewport grows to the scrolled main content for the shot. */
async function shot(name: string): Promise<void> {
  const height = await h.page.evaluate(() => {
    const main = document.querySelector('main');
    return main ? document.documentElement.clientHeight - main.clientHeight + main.scrollHeight : 860;
  });
  await h.page.setViewportSize({ width: 1366, height: Math.min(6000, Math.max(860, height)) });
  await h.page.screenshot({ path: join(h.screenshotDir, `${name}.png`) });
  await h.page.setViewportSize({ width: 1366, height: 860 });
}

beforeAll(async () => {
  h = await startHarness();
  fw = new FieldworkPage(h.page);
});

afterAll(async () => {
  await h?.close();
});

describe('Veldwerk: sample frame, batches, dispositions and the dashboard', () => {
  it('creates a project and stores the Monitor questionnaire', async () => {
    await h.page.goto(h.host.launchUrl);
    const start = new StartPage(h.page);
    await start.waitUntilShown();
    await start.fillTitle('Monitor veldwerk 2014');
    const picker = await start.chooseLocation();
    await picker.goToFolder(h.projectsDir);
    await picker.typeFileName('veldwerk-2014');
    await picker.confirm();
    await start.create();
    await new ShellPage(h.page).waitUntilShown();
    const monitor = resolve(repoRoot, '../shared/monitor');
    if (existsSync(monitor)) {
      const r = await h.backend.dispatch('questionnaire.importXlsform', { path: monitor });
      withQuestionnaire = r.ok;
    }
  });

  it('refuses a frame with errors: every problem listed by row and column, nothing imported', async () => {
    const bad = join(h.dir, 'kader-met-fouten.csv');
    writeBadFrame(bad);
    await fw.open();
    await fw.setOperator('Marieke');
    expect(await h.page.getByRole('region', { name: 'Steekproef', exact: true }).textContent()).toContain('Nog geen steekproef geïmporteerd.');
    await fw.checkFrame(bad);
    const table = fw.problemsTable();
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('kader-met-fouten.csv');
    for (const kind of ['Dubbel case-ID', 'Stratum leeg', 'Selectiekans', 'Ongeldig case-ID']) expect(text).toContain(kind);
    if (withQuestionnaire) expect(text).toContain('Onbekende code');
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThanOrEqual(withQuestionnaire ? 6 : 5);
    // the row and column of the duplicate ID are named
    expect(rows.some((r) => r.includes('3') && r.includes('case_id') && r.includes('Dubbel case-ID'))).toBe(true);
    expect(await h.page.getByRole('alert').filter({ hasText: 'problemen gevonden' }).textContent()).toContain('Er is niets geïmporteerd');
    expect(await fw.importButton().count()).toBe(0);
    await shot('fieldwork-problems');
    const list = (await dispatch('sample.list', { offset: 0, limit: 10 })) as { total: number };
    expect(list.total).toBe(0);
  });

  it('checks a valid 60-case frame, shows its summary and imports it', async () => {
    const good = join(h.dir, 'steekproefkader.csv');
    writeValidFrame(good);
    const idFormat = h.page.getByRole('region', { name: 'Case-ID-formaat' });
    await idFormat.getByRole('button', { name: 'Wijzigen' }).click();
    expect(await idFormat.getByLabel('Controlecijfer').inputValue()).toBe('damm');
    expect(await idFormat.textContent()).toContain(id(1));
    await idFormat.getByRole('button', { name: 'Sluiten' }).click();
    await fw.checkFrame(good);
    await fw.importButton().waitFor();
    const summary = h.page.locator('.fw-summary');
    expect(await summary.textContent()).toContain('steekproefkader.csv is in orde: 60 cases');
    expect(await fw.stat(summary, 'Cases').textContent()).toBe('60');
    expect(await fw.stat(summary, 'Stratumvariabelen').textContent()).toBe('2');
    expect(await summary.textContent()).toContain('naam');
    expect(await summary.textContent()).toContain('Identificerend');
    await shot('fieldwork-frame-summary');
    expect(await fw.importButton().textContent()).toBe('60 cases importeren');
    await fw.importButton().click();
    await h.page.getByRole('status').filter({ hasText: '60 cases geïmporteerd' }).waitFor();
    await h.page.waitForFunction(() => document.querySelector('nav[aria-label="Paginering van de steekproef"] .pager__info')?.textContent === 'Rij 1–25 van 60');
    const sampleTable = h.page.getByRole('table', { name: 'Gesteekproefde cases (zonder contactgegevens)' });
    expect(await sampleTable.locator('tbody tr').count()).toBe(25);
    const sampleText = (await sampleTable.textContent()) ?? '';
    expect(sampleText).toContain(id(1));
    expect(sampleText).not.toContain('example.nl');
    expect(await fw.tabs().getByRole('tab', { name: /^Steekproef/ }).textContent()).toBe('Steekproef60');
    await shot('fieldwork-sample');
    // the case-ID format is fixed now that a sample uses it
    expect(await idFormat.textContent()).toContain('Damm-algoritme');
    expect(await idFormat.textContent()).toContain('Vast');
    expect(await idFormat.getByRole('button', { name: 'Wijzigen' }).count()).toBe(0);
  });

  it('exports the sample list without contact details, and with them only when ticked (logged)', async () => {
    const list = h.page.getByRole('region', { name: 'Steekproeflijst exporteren' });
    const plain = join(h.dir, 'steekproeflijst.csv');
    await list.getByLabel('Formaat').selectOption('csv');
    await list.getByLabel('Bestand', { exact: true }).fill(plain);
    await list.getByRole('button', { name: 'Lijst exporteren' }).click();
    await list.getByRole('status').filter({ hasText: `60 cases geschreven naar ${plain}.` }).waitFor();
    expect(readFileSync(plain, 'utf8')).not.toContain('example.nl');
    const withContacts = join(h.dir, 'adressen.csv');
    await list.getByLabel('Bestand', { exact: true }).fill(withContacts);
    await list.getByLabel('Met contactgegevens (naam, adres, e-mail)').check();
    expect(await list.textContent()).toContain('wordt met uw naam in het logboek vastgelegd');
    await list.getByRole('button', { name: 'Lijst exporteren' }).click();
    await list.getByRole('status').filter({ hasText: 'vastgelegd in het logboek' }).waitFor();
    expect(readFileSync(withContacts, 'utf8')).toContain('p1@example.nl');
    const logged = projectDb().prepare("SELECT count(*) AS n FROM audit_log WHERE source = 'export' AND operator = 'Marieke'").get() as { n: number };
    expect(logged.n).toBe(1);
  });

  it('registers a batch of 20 expected forms and adds forms by case ID with instant check-digit feedback', async () => {
    await fw.tab('Batches');
    // the date is a Dutch dd-mm-jjjj text field (not the browser's mm/dd/yyyy date input): today by default, an
    // impossible date refused with a message, 6 digits accepted and shown as dd-mm-jjjj
    const date = h.page.getByLabel('Ontvangen op (dd-mm-jjjj)');
    expect(await date.inputValue()).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect(await date.getAttribute('type')).toBe('text');
    await fw.registerBatch({ number: BATCH, receivedOn: '31-02-2014', expected: 20 });
    await h.page.getByText('Ontvangen op: geen geldige datum. Typ dd-mm-jjjj, bijv. 21-03-2014.').waitFor();
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    await date.fill('210314');
    await date.blur();
    expect(await date.inputValue()).toBe('21-03-2014');
    const [y, m, d] = daysAgo(9).split('-');
    await fw.registerBatch({ number: BATCH, receivedOn: `${d}-${m}-${y}`, expected: 20, origin: 'Gemeenten, eerste verzending', notes: 'Doos 1 van 2, afgegeven door PostNL' });
    await h.page.getByRole('status').filter({ hasText: `Batch ${BATCH} geregistreerd met 20 verwachte formulieren.` }).waitFor();
    expect((projectDb().prepare('SELECT received_on FROM batch WHERE number = ?').get(BATCH) as { received_on: string }).received_on).toBe(daysAgo(9));
    expect(await date.inputValue()).toBe(`${d}-${m}-${y}`);
    const row = fw.batchTable().getByRole('row', { name: new RegExp(BATCH) });
    expect(await row.textContent()).toContain('Ontvangen');
    const detail = fw.batchDetail(BATCH);
    await detail.waitFor();
    expect(await fw.stat(detail, 'Verwacht').textContent()).toBe('20');

    // a slip of one digit is caught at once
    const field = fw.formIdField();
    let verdict = await fw.typeCaseId(field, mistyped(1));
    expect(await verdict.textContent()).toContain('Controlecijfer klopt niet');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.press('Enter');
    expect(await h.page.getByRole('list', { name: /klaar om aan te melden/ }).count()).toBe(0);
    await shot('fieldwork-caseid-check');
    // valid IDs are added with Enter, the field is cleared each time
    for (let n = 1; n <= 5; n++) {
      verdict = await fw.typeCaseId(field, id(n));
      expect(await verdict.textContent()).toContain('in de steekproef');
      await field.press('Enter');
      await h.page.waitForFunction((v) => (document.activeElement as HTMLInputElement | null)?.value === '' && v !== '', id(n));
    }
    expect(await h.page.getByRole('list', { name: '5 formulieren klaar om aan te melden' }).locator('li').count()).toBe(5);
    await h.page.getByRole('button', { name: '5 formulieren aanmelden' }).click();
    await h.page.getByRole('status').filter({ hasText: `5 formulieren aangemeld bij batch ${BATCH}.` }).waitFor();
    await h.page.waitForFunction(() => document.querySelector('.fw-batch-detail .fw-stat:nth-child(2) .fw-stat__value')?.textContent === '5');
  });

  it('reconciles the batch after forms are keyed: expected vs keyed vs verified vs excluded, IDs never keyed', async () => {
    await dispatch('batch.addForms', { number: BATCH, caseIds: Array.from({ length: 13 }, (_, i) => id(i + 6)), operator: 'Marieke' });
    seedReturns();
    // Vernieuwen re-reads the project and with it the fieldwork overview
    await h.page.getByRole('button', { name: 'Gegevens vernieuwen' }).click();
    const detail = fw.batchDetail(BATCH);
    await h.page.waitForFunction(() => document.querySelector('.fw-batch-detail .fw-stat:nth-child(3) .fw-stat__value')?.textContent === '15');
    expect(await fw.stat(detail, 'Verwacht').textContent()).toBe('20');
    expect(await fw.stat(detail, 'Aangemeld').textContent()).toBe('18');
    expect(await fw.stat(detail, 'Geverifieerd').textContent()).toBe('3');
    expect(await fw.stat(detail, 'Uitgesloten').textContent()).toBe('1');
    expect(await fw.stat(detail, 'Verschil').textContent()).toBe('+4');
    expect(await detail.textContent()).toContain('Sluit niet');
    const notKeyed = detail.locator('.fw-idlist').filter({ hasText: 'Aangemeld, nooit ingevoerd' });
    // 15 is still open in keying, 16–18 were never keyed
    expect((await notKeyed.locator('li').allTextContents()).sort()).toEqual([id(15), id(16), id(17), id(18)]);
    const notInSample = detail.locator('.fw-idlist').filter({ hasText: 'Ingevoerd, niet in de steekproef' });
    expect(await notInSample.locator('li').allTextContents()).toEqual([id(999)]);
    // status only moves forward
    const statusSelect = detail.getByLabel('Nieuwe status');
    expect(await statusSelect.locator('option').allTextContents()).toEqual(['In invoer', 'Ingevoerd', 'Geverifieerd', 'Afgesloten']);
    await statusSelect.selectOption({ label: 'In invoer' });
    await detail.getByRole('button', { name: 'Status wijzigen' }).click();
    await h.page.waitForFunction(() => document.querySelector('.fw-step[aria-current="step"]')?.textContent === 'In invoer');
    expect(await detail.getByLabel('Nieuwe status').locator('option').allTextContents()).toEqual(['Ingevoerd', 'Geverifieerd', 'Afgesloten']);
    expect(await fw.batchTable().getByRole('row', { name: new RegExp(BATCH) }).textContent()).toContain('In invoer');
    await detail.scrollIntoViewIfNeeded();
    await shot('fieldwork-batch');
  });

  it('sets a disposition by hand with a reason and shows the history', async () => {
    await fw.tab('Disposities');
    const field = h.page.getByLabel('Case-ID', { exact: true });
    const verdict = await fw.typeCaseId(field, id(23));
    expect(await verdict.textContent()).toContain('3.19 Niets ontvangen');
    await h.page.getByLabel('Dispositie', { exact: true }).selectOption('3.31');
    await h.page.getByLabel('Reden').fill('Envelop retour: adres onbekend');
    await h.page.getByRole('button', { name: 'Dispositie vastleggen' }).click();
    await h.page.getByRole('status').filter({ hasText: `${id(23)} heeft nu 3.31 Onbestelbaar retour.` }).waitFor();
    const history = h.page.getByRole('table', { name: `Geschiedenis van ${id(23)}` });
    await history.waitFor();
    const first = (await history.locator('tbody tr').first().textContent()) ?? '';
    expect(first).toContain('3.19 Niets ontvangen');
    expect(first).toContain('3.31 Onbestelbaar retour');
    expect(first).toContain('Marieke');
    expect(first).toContain('Envelop retour: adres onbekend');
    await shot('fieldwork-dispositions');
    // two refusals and one not-eligible case for the dashboard
    await dispatch('disposition.set', { caseIds: [id(21), id(22)], code: '2.11', operator: 'Marieke', reason: 'weigering per brief' });
    await dispatch('disposition.set', { caseIds: [id(24)], code: '4.70', operator: 'Marieke' });
  });

  it('shows the dashboard: returns per day, AAPOR rates per stratum, modes; e for RR3/RR4; export to Excel', async () => {
    await fw.tab('Dashboard');
    const overall = h.page.getByRole('region', { name: 'Respons', exact: true });
    await overall.waitFor();
    // The tab shows the report it holds and reloads it when shown: wait for the reload that counts the dispositions
    // set just before through the backend (until then it may show RR1 = 19/60, without the not-eligible case).
    for (let i = 0; i < 100 && (await fw.stat(overall, 'RR1').textContent()) !== '32,2%'; i++) await h.page.waitForTimeout(100);
    // 60 sampled: I = 13 keyed + 6 web = 19, P = 1, R = 2, NE = 1, UO = 1 (3.31), UH = 36 → RR1 = 19/59
    expect(await fw.stat(overall, 'Steekproef').textContent()).toBe('60');
    expect(await fw.stat(overall, 'Teruggekomen').textContent()).toBe('20');
    expect(await fw.stat(overall, 'RR1').textContent()).toBe('32,2%');
    expect(await fw.stat(overall, 'RR2').textContent()).toBe('33,9%');
    expect(await fw.stat(overall, 'REF1').textContent()).toBe('3,4%');
    const chart = h.page.getByRole('img', { name: 'Retour per dag' });
    expect(await chart.locator('rect').count()).toBeGreaterThanOrEqual(6);
    expect(await h.page.locator('.fw-chart figcaption').textContent()).toContain('20 formulieren terug op 7 dagen'); // the batch's forms on its received date, the web forms on 6 days
    const groep = h.page.getByRole('table', { name: 'Per groep' });
    const g1 = await groep.locator('tbody tr').filter({ has: h.page.locator('th', { hasText: /^1$/ }) }).locator('td').first().textContent();
    expect(g1).toBe('30');
    expect(await groep.locator('thead').textContent()).toContain('COOP1');
    expect(await h.page.locator('.fw-footnote').textContent()).toContain('AAPOR Standard Definitions');
    expect(await h.page.getByRole('region', { name: 'Per modus' }).textContent()).toContain('Web');
    await shot('fieldwork-dashboard');

    // the chart as a table
    await h.page.getByRole('button', { name: 'Als tabel' }).click();
    const perDay = h.page.getByRole('table', { name: 'Retour per dag' });
    expect(await perDay.locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
    await h.page.getByRole('button', { name: 'Als grafiek' }).click();

    // a given e changes RR3/RR4 but not RR1
    await h.page.getByRole('radio', { name: 'Vaste waarde' }).check();
    await h.page.getByLabel('Waarde van e tussen 0 en 1').fill('0,5');
    await h.page.getByLabel('Waarde van e tussen 0 en 1').press('Enter');
    await h.page.waitForFunction(() => document.querySelector('.fw-footnote')?.textContent?.includes('opgegeven') ?? false);
    // RR3 = 19 / (20 + 2 + 0.5·37) = 46,9%
    expect(await fw.stat(overall, 'RR3 / RR4').textContent()).toBe('46,9% / 49,4%');
    expect(await fw.stat(overall, 'RR1').textContent()).toBe('32,2%');

    const out = join(h.dir, 'veldwerkrapport.xlsx');
    await h.page.getByLabel('Bestand (.xlsx)', { exact: true }).fill(out);
    await h.page.getByRole('button', { name: 'Exporteren', exact: true }).click();
    await h.page.getByRole('status').filter({ hasText: 'Opgeslagen:' }).waitFor();
    expect(existsSync(out)).toBe(true);
    await shot('fieldwork-dashboard-e');
  });

  it('lays out the sample\'s case IDs as A4 label sheets (3 × 8), new IDs from a start number, a plain list, and prints only the labels', async () => {
    await fw.tab('Labels');
    const sheets = h.page.getByRole('region', { name: 'Etiketvellen' });
    await sheets.waitFor();
    expect(await h.page.getByRole('status').filter({ hasText: 'uit de steekproef' }).textContent()).toContain('60 case-ID\'s uit de steekproef op 3 vellen');
    expect(await sheets.locator('.lbl-page').count()).toBe(3);
    expect(await sheets.locator('.lbl-page').first().locator('.lbl-label').count()).toBe(24);
    const first = sheets.locator('.lbl-label').first();
    expect(await first.locator('.lbl-label__id').textContent()).toBe(id(1));
    expect(await first.locator('.lbl-label__title').textContent()).toBe('Monitor veldwerk 2014');
    expect(await first.locator('.lbl-label__id').evaluate((e) => getComputedStyle(e).fontFamily)).toMatch(/mono/i);
    await h.page.setViewportSize({ width: 1366, height: 1500 });
    await h.page.screenshot({ path: join(h.screenshotDir, 'fieldwork-labels.png') });
    await h.page.setViewportSize({ width: 1366, height: 860 });

    // printed: only the sheets, the app around them hidden
    await h.page.emulateMedia({ media: 'print' });
    expect(await h.page.locator('.nav').isVisible()).toBe(false);
    expect(await h.page.getByRole('button', { name: 'Afdrukken' }).isVisible()).toBe(false);
    expect(await sheets.locator('.lbl-label').nth(59).isVisible()).toBe(true);
    const pdf = (await h.page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length).toBe(3);
    await h.page.emulateMedia({ media: 'screen' });

    // 30 new IDs from 1001: two sheets, check digits from the project's format
    await h.page.getByLabel('Nieuwe nummers vanaf een startnummer').check();
    await h.page.getByLabel('Startnummer', { exact: true }).fill('1001');
    await h.page.getByLabel('Aantal', { exact: true }).fill('30');
    await h.page.getByRole('button', { name: 'Labels maken' }).click();
    await h.page.getByRole('status').filter({ hasText: '30 nieuwe case-ID\'s op 2 vellen' }).waitFor();
    expect(await sheets.locator('.lbl-label__id').first().textContent()).toBe(id(1001));
    expect(await sheets.locator('.lbl-label__id').last().textContent()).toBe(id(1030));

    // the plain list
    await h.page.getByLabel('Lijst', { exact: true }).check();
    const list = h.page.getByRole('table', { name: 'Lijst met case-ID\'s' });
    await list.waitFor();
    expect(await list.locator('tbody tr').count()).toBe(30);
    expect(await list.locator('tbody tr').first().textContent()).toContain(id(1001));
    await h.page.getByLabel('Uit de steekproef').check();
    await h.page.waitForFunction(() => document.querySelectorAll('.lbl-list tbody tr').length === 60);
    expect(await list.locator('tbody tr').first().textContent()).toContain('papier');
    await h.page.getByLabel('Etiketvel (3 × 8 per A4)').check();
    await fw.tab('Dashboard');
  });

  it('works in English and keeps the tabs keyboard-usable', async () => {
    await new ShellPage(h.page).setLanguage('en');
    await h.page.getByRole('tab', { name: 'Dashboard' }).focus();
    await h.page.keyboard.press('ArrowRight');
    await h.page.waitForFunction(() => document.activeElement?.id === 'fw-tab-dispositions');
    await h.page.keyboard.press('Home');
    await h.page.waitForFunction(() => document.activeElement?.id === 'fw-tab-sample');
    await h.page.getByRole('region', { name: 'Sample', exact: true }).waitFor();
    expect(await h.page.getByRole('region', { name: 'Import a sample frame' }).count()).toBe(1);
    await fw.tabs().getByRole('tab', { name: 'Dashboard' }).click();
    await h.page.getByRole('region', { name: 'Response per stratum' }).waitFor();
    await shot('fieldwork-dashboard-en');
    await new ShellPage(h.page).setLanguage('nl');
  });

  it('gives every control of the area an accessible name', async () => {
    for (const name of ['Steekproef', 'Batches', 'Dashboard', 'Disposities', 'Labels'] as const) {
      await fw.tab(name);
      const unnamed = await h.page.evaluate(() => {
        const out: string[] = [];
        for (const el of Array.from(document.querySelectorAll('#area-veldwerk button, #area-veldwerk input, #area-veldwerk select, #area-veldwerk textarea'))) {
          const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
          if (!labelled && !(el.textContent ?? '').trim()) out.push(el.outerHTML.slice(0, 80));
        }
        return out;
      });
      expect(unnamed).toEqual([]);
    }
  });
});
