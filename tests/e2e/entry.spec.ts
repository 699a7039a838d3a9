// E2E: heads-down keying of five Monitor 2014 forms with the keyboard alone, stored values asserted field by field; crash test of the HTTP host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { entryMonitorQuestionnaire } from '../integration/entryFixture';
import { startHarness, repoRoot, type Harness } from './support/harness';
import { EntryPage } from './pages/EntryPage';
import { ShellPage } from './pages/ShellPage';

const id = (n: number) => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
let h: Harness;
let projectPath: string;

async function call<T = unknown>(channel: string, input: unknown): Promise<T> {
  const r = await h.backend.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** Stored pass-1 answers of a case, by variable (system-missing left out). */
function stored(caseId: string): Record<string, string> {
  const rows = h.backend.session.project!.db
    .prepare(`SELECT r.variable, r.value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.pass = 1 AND r.value IS NOT NULL`)
    .all(caseId) as { variable: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.variable, r.value]));
}

beforeAll(async () => {
  h = await startHarness();
  projectPath = join(h.projectsDir, 'invoer-2014.vwk');
  await call('project.create', { path: projectPath, title: 'Monitor 2014 — invoer' });
  storeQuestionnaire(h.backend.session.project!.db, await entryMonitorQuestionnaire(), 'e2e');
  const frame = join(h.dir, 'steekproef.csv');
  writeFileSync(frame, `case_id,groep\n${Array.from({ length: 10 }, (_, i) => `${id(i + 1)},${1 + (i % 2)}`).join('\n')}\n`);
  await call('sample.importFrame', { file: frame, operator: 'e2e' });
  await call('batch.register', { number: 'B1', receivedOn: '2014-03-14', expectedForms: 6, operator: 'e2e', caseIds: [1, 2, 3, 4, 5, 6].map(id) });
});

afterAll(async () => {
  await h?.close();
});

describe('heads-down entry in the browser host', () => {
  const entry = () => new EntryPage(h.page);
  const shot = (name: string) => h.page.screenshot({ path: join(h.screenshotDir, `entry-${name}.png`) });

  it('identifies operator, batch and date received with the keyboard; refuses a wrong check digit and an ID outside the sample', async () => {
    await h.page.goto(h.host.launchUrl);
    const shell = new ShellPage(h.page);
    await shell.waitUntilShown();
    await h.page.keyboard.press('Alt+3');
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Invoer');
    const e = entry();
    await e.operator().waitFor();
    await e.operator().focus(); // Alt+3 leaves focus on the nav; the operator field is the first stop
    await e.keys('Anna', '{Enter}');
    expect(await h.page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await e.keys('{Enter}', '{ArrowDown}', '{Enter}', '150314', '{Enter}'); // pass: first keying; batch B1; date received
    expect(await e.receivedOn().inputValue()).toBe('15-03-2014');
    expect(await e.batch().inputValue()).toBe('B1');
    await shot('identify');
    const wrong = id(1).slice(0, -1) + String((Number(id(1).slice(-1)) + 1) % 10);
    await e.open(wrong);
    await e.error().waitFor();
    // the backend's refusal (reason + params) in the UI language
    expect(await e.error().textContent()).toContain(`Case-ID ${wrong}: het controlecijfer klopt niet (een cijfer verkeerd getypt of twee cijfers omgewisseld).`);
    await shot('wrong-check-digit');
    await e.keys('{Control+A}', id(99), '{Enter}');
    await h.page.waitForFunction((t) => (document.querySelector('[data-testid="entry-error"]')?.textContent ?? '').includes(t), `Case ${id(99)} staat niet in de steekproef.`);
  });

  it('form 1: codes, auto-advance, a hard refusal, a soft warning confirmed with Enter, multiple choice, open text, a fast date', async () => {
    const e = entry();
    await e.keys('{Control+A}', id(1), '{Enter}');
    await e.waitForForm(id(1));
    expect(await e.focusedVariable()).toBe('toestemming');
    expect(await h.page.getByRole('textbox', { name: /^1\. Wilt u aan dit onderzoek deelnemen\?$/ }).count()).toBe(1);
    await e.keys('1', '1', '12', '3');
    await e.waitFocus('jaren_functie');
    await shot('form');
    await e.keys('60');
    await e.message().waitFor();
    expect(await e.message().getAttribute('role')).toBe('alert');
    expect(await e.message().textContent()).toBe('Vul een aantal jaren in tussen 0 en 50.');
    expect(await e.focusedVariable()).toBe('jaren_functie');
    await shot('hard-check');
    await e.keys('45');
    await h.page.waitForFunction(() => /40 jaar/.test(document.querySelector('[data-testid="entry-message"]')?.textContent ?? ''));
    expect(await e.focusedVariable()).toBe('jaren_functie');
    await shot('soft-check');
    await e.keys('{Enter}');
    await e.waitFocus('ag_verbaal');
    await e.keys('3', '2', '1', '1', '1', '1', '2', '1');
    await e.waitFocus('inc_totaal');
    await e.keys('4', '{Enter}', '1 8', '{Enter}');
    await e.message().waitFor();
    expect(await e.focusedVariable()).toBe('inc_vorm');
    await e.keys('1+2', '{Enter}');
    await e.waitFocus('inc_wanneer');
    await e.keys('2', '97');
    await e.waitFocus('inc_kanaal_anders');
    await e.keys('Op de markt', '{Enter}', '2', '1');
    await e.waitFocus('inc_aanleiding');
    expect(await e.field('inc_dader_anders').isDisabled()).toBe(true);
    await e.keys('3', '4', '2');
    await e.waitFocus('inc_reden_nm');
    await e.keys('1 7', '{Enter}', 'Geen tijd', '{Enter}');
    await e.waitFocus('inc_aangifte');
    await e.keys('1', '2', '3', '1', '2', '2', '2', '1', '3');
    await e.waitFocus('verm_moeilijk');
    await e.keys('2', '2', '2', '3', '2', '2');
    await e.waitFocus('bel_norm');
    await e.keys('1', '1', '1', '2', '8', '1', '2', '1', '2', '4', '1', '4');
    await e.waitFocus('datum_invul');
    await e.keys('230114', '{Enter}');
    await e.waitFocus('opmerking');
    expect(await e.field('datum_invul').inputValue()).toBe('23-01-2014');
    await e.keys('Goed formulier', '{Enter}');
    await e.summary().waitFor();
    expect(await e.summary().textContent()).toContain('Openstaande waarschuwingen (0)');
    expect(await e.page.getByTestId('summary-disposition').textContent()).toMatch(/^Dispositie \(AAPOR\): 1\.1 Volledig ingevuld — (\d+) van \1 verplichte vragen/);
    await shot('summary');
    expect(stored(id(1))).toEqual({
      toestemming: '1', groep: '1', functie: '12', gemgr: '3', jaren_functie: '45',
      ag_verbaal: '3', ag_bedreig: '2', ag_fysiek: '1', ag_discrim: '1', ag_seks: '1', ag_schade: '1', ag_online: '2', ag_thuis: '1',
      inc_totaal: '4', inc_vorm: '1 2', inc_wanneer: '2', inc_kanaal: '97', inc_kanaal_anders: 'Op de markt', inc_thuis: '2', inc_dader: '1',
      inc_aanleiding: '3', inc_ernst: '4', inc_gemeld: '2', inc_reden_nm: '1 7', inc_reden_anders: 'Geen tijd', inc_aangifte: '1', inc_reactie: '2', inc_schade: '3',
      gev_werkpl: '1', gev_psych: '2', gev_fysiek: '2', gev_verzuim: '2', gev_onveilig: '1', nazorg: '3',
      verm_moeilijk: '2', verm_invloed: '2', veiligheid: '2', risico: '3', hoort_bij: '2', getuige: '2',
      bel_norm: '1', bel_melden: '1', bel_registr: '1', bel_training: '2', bel_signaal: '8', bel_aangifte: '1', bel_schade: '2', bel_nazorg: '1',
      bel_behoefte: '2', bel_steun: '4', geslacht: '1', leeftijd: '4', datum_invul: '2014-01-23', opmerking: 'Goed formulier',
    });
    const db = h.backend.session.project!.db;
    expect(db.prepare(`SELECT count(*) FROM entry_confirmation WHERE variable = 'jaren_functie' AND value = '45'`).pluck().get()).toBe(1);
    expect(db.prepare('SELECT disposition FROM sample_case WHERE case_id = ?').pluck().get(id(1))).toBe('1.1');
  });

  it('form 2: an employee without incidents, the missing-code keys, a date typed 23-1-14, batch and date carried forward', async () => {
    const e = entry();
    await e.keys('{Enter}');
    await e.caseId().waitFor();
    expect(await e.batch().inputValue()).toBe('B1');
    expect(await e.receivedOn().inputValue()).toBe('15-03-2014');
    await e.open(id(2));
    await e.waitForForm(id(2));
    await e.keys('1', '2');
    await e.waitFocus('laag_mw');
    await e.keys('1', '3', '1', '2', '/');
    await e.waitFocus('jaren_functie');
    await e.keys('7', '{Enter}', '1', '1', '1', '1', '1', '1', '1', '1');
    await e.waitFocus('verm_moeilijk');
    await e.keys('*', '2', '1', '2', '3', '1', '2');
    await e.waitFocus('bel_norm');
    await e.keys('1', '1', '2', '2', '1', '1', '2', '2', '1', '3', '2', '3', '23-1-14', '{Enter}', '{Enter}');
    await e.summary().waitFor();
    expect(stored(id(2))).toEqual({
      toestemming: '1', groep: '2', laag_mw: '1', mw_rol: '3', burgercontact: '1', contact_freq: '2', gemgr: '9', jaren_functie: '7',
      ag_verbaal: '1', ag_bedreig: '1', ag_fysiek: '1', ag_discrim: '1', ag_seks: '1', ag_schade: '1', ag_online: '1', ag_thuis: '1',
      verm_moeilijk: '9', verm_invloed: '2', veiligheid: '1', risico: '2', hoort_bij: '3', getuige: '1', getuige_opt: '2',
      bel_norm: '1', bel_melden: '1', bel_registr: '2', bel_training: '2', bel_signaal: '1', bel_aangifte: '1', bel_schade: '2', bel_nazorg: '2',
      bel_behoefte: '1', bel_steun: '3', geslacht: '2', leeftijd: '3', datum_invul: '2014-01-23',
    });
    const reasons = h.backend.session.project!.db
      .prepare(`SELECT a.variable, a.reason FROM audit_log a JOIN case_record c ON c.id = a.case_pk WHERE c.case_id = ? AND a.reason LIKE '%key' ORDER BY a.id`)
      .all(id(2));
    expect(reasons).toEqual([{ variable: 'gemgr', reason: 'no-answer key' }, { variable: 'verm_moeilijk', reason: 'not-legible key' }]);
  });

  it('form 3: no consent ends the form at once (routing skips everything)', async () => {
    const e = entry();
    await e.keys('{Enter}');
    await e.open(id(3));
    await e.waitForForm(id(3));
    await e.keys('2');
    await e.summary().waitFor();
    expect(await e.summary().textContent()).toContain('Verplichte vragen leeg (0)');
    expect(stored(id(3))).toEqual({ toestemming: '2' });
  });

  it('form 4: going back and changing groep clears the fields now off route and visits the new ones; F10 ends early', async () => {
    const e = entry();
    await e.keys('{Enter}');
    await e.open(id(4));
    await e.waitForForm(id(4));
    await e.keys('1', '1', '21', '10');
    await e.waitFocus('ag_verbaal');
    expect(await e.field('gemgr').isDisabled()).toBe(true);
    await e.keys('{ArrowUp}', '{Shift+Tab}', '{ArrowUp}');
    await e.waitFocus('groep');
    await e.keys('2');
    await e.notice().waitFor();
    expect(await e.notice().textContent()).toContain('functie (21)');
    await e.waitFocus('laag_mw');
    await shot('routing-cleared');
    await e.keys('1', '2', '2', '2');
    await e.waitFocus('jaren_functie');
    expect(await e.field('jaren_functie').inputValue()).toBe('10');
    await e.keys('{F10}');
    await e.summary().waitFor();
    expect(await e.page.getByTestId('summary-required').textContent()).toContain('ag_verbaal');
    // 4 of the required questions on route answered: a break-off (2.12), not a complete interview
    expect(await e.page.getByTestId('summary-disposition').textContent()).toContain('2.12 Afgebroken (te onvolledig)');
    expect(h.backend.session.project!.db.prepare('SELECT disposition FROM sample_case WHERE case_id = ?').pluck().get(id(4))).toBe('2.12');
    expect(stored(id(4))).toEqual({ toestemming: '1', groep: '2', laag_mw: '1', mw_rol: '2', burgercontact: '2', gemgr: '2', jaren_functie: '10' });
    const audit = h.backend.session.project!.db
      .prepare(`SELECT a.old_value AS old, a.reason FROM audit_log a JOIN case_record c ON c.id = a.case_pk WHERE c.case_id = ? AND a.variable = 'functie' ORDER BY a.id DESC LIMIT 1`)
      .get(id(4));
    expect(audit).toEqual({ old: '21', reason: 'off route after groep changed' });
  });

  it('form 5: an already keyed ID opens that case in modify mode, never a second case; Escape in the summary goes back', async () => {
    const e = entry();
    await e.keys('{Escape}');
    await e.waitForForm(id(4));
    expect(await e.form().textContent()).toContain('wijzigen');
    await e.keys('{F10}');
    await e.summary().waitFor();
    await e.keys('{Enter}');
    await e.open(id(1));
    await e.waitForForm(id(1));
    expect(await e.form().textContent()).toContain('wijzigen');
    // the header counts the fields the reopened form already holds (was "0 velden opgeslagen")
    expect(await e.form().textContent()).toContain(`${Object.keys(stored(id(1))).length} velden opgeslagen`);
    await e.keys('{Enter}', '{Enter}', '13', '{F10}');
    await e.summary().waitFor();
    expect(stored(id(1)).functie).toBe('13');
    const db = h.backend.session.project!.db;
    expect(db.prepare('SELECT count(*) FROM case_record WHERE case_id = ?').pluck().get(id(1))).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM case_record`).pluck().get()).toBe(4);
    await e.keys('{Enter}');
    await e.caseId().waitFor();
  });

  it('verification: a second operator re-keys form 2 blind with two planted differences; adjudication resolves them; statistics attribute them', async () => {
    const e = entry();
    // back from the case ID to the operator and the pass, keyboard only
    await e.keys('{Shift+Tab}', '{Shift+Tab}', '{Shift+Tab}', '{Shift+Tab}', '{Control+A}', 'Bram', '{Enter}', '{ArrowDown}', '{Enter}', '{Enter}', '{Enter}');
    expect(await h.page.evaluate(() => document.activeElement?.id)).toBe('entry-identify-caseid');
    await e.open(id(2));
    await e.waitForForm(id(2));
    expect(await e.form().textContent()).toContain('Verificatie (blind)');
    expect(await e.field('toestemming').inputValue()).toBe(''); // blind: nothing from the first keying
    await e.keys('1', '2', '1', '4', '1', '2', '/', '7', '{Enter}', '1', '1', '1', '1', '1', '1', '1', '1');
    await e.waitFocus('verm_moeilijk');
    await shot('verification-keying');
    await e.keys('*', '2', '1', '2', '3', '1', '2', '1', '1', '2', '2', '1', '1', '2', '2', '1', '3', '1', '3', '23-1-14', '{Enter}', '{Enter}');
    await e.summary().waitFor();
    await e.keys('{Enter}');
    await h.page.keyboard.press('Alt+4');
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Verificatie');
    const diffs = h.page.getByRole('form', { name: /^Verschil / });
    await diffs.first().waitFor();
    expect(await diffs.count()).toBe(2);
    await h.page.getByLabel('Uw naam (beslisser)').focus();
    await e.keys('{Control+A}', 'Carla');
    await shot('adjudication');
    // codes are shown with their value labels ("3 Ja"-style)
    const mw = h.page.getByRole('form', { name: /mw_rol/ });
    expect(await mw.textContent()).toMatch(/A 3 [A-Za-z]/);
    // a new value must pass the keying checks: 77 is no code of mw_rol; refused in the form, nothing stored
    await mw.getByRole('radio').nth(2).check();
    await h.page.getByLabel('Nieuwe waarde voor mw_rol').fill('77');
    await h.page.getByLabel('Reden voor mw_rol').fill('x');
    await h.page.getByLabel('Reden voor mw_rol').press('Enter');
    await mw.getByTestId('adjudication-refusal').waitFor();
    expect(await mw.getByTestId('adjudication-refusal').textContent()).toMatch(/^77 is geen geldige waarde voor mw_rol: geldige codes \d/);
    await shot('adjudication-refused');
    expect(h.backend.session.project!.db.prepare(`SELECT count(*) FROM response WHERE pass = 3`).pluck().get()).toBe(0);
    expect(await h.page.getByLabel('Reden voor mw_rol').getAttribute('maxlength')).toBe('1000');
    // mw_rol: the paper says 3 → A (the verifier erred)
    await mw.getByRole('radio').first().check();
    await h.page.getByLabel('Reden voor mw_rol').fill('');
    await h.page.getByLabel('Reden voor mw_rol').focus();
    await e.keys('papier: 3', '{Enter}');
    await h.page.waitForFunction(() => document.querySelectorAll('form[aria-label^="Verschil "]').length === 1);
    // geslacht: the paper says 1 → B (the keyer erred): arrow from A to B, then the reason
    await h.page.getByRole('form', { name: /geslacht/ }).getByRole('radio').first().focus();
    await e.keys('{ArrowDown}');
    await h.page.getByLabel('Reden voor geslacht').focus();
    await e.keys('papier: 1', '{Enter}');
    await h.page.getByText('Geen openstaande verschillen.').waitFor();
    const stats = h.page.getByTestId('operator-stats');
    await h.page.waitForFunction(() => document.querySelector('[data-operator="Anna"] [data-col="keyerErrors"]')?.textContent === '1');
    expect(await stats.locator('[data-operator="Bram"] [data-col="verifierErrors"]').textContent()).toBe('1');
    expect(await stats.locator('[data-operator="Anna"] [data-col="verifierErrors"]').textContent()).toBe('0');
    await stats.scrollIntoViewIfNeeded();
    await shot('operator-stats');
    const db = h.backend.session.project!.db;
    const adjudicated = db.prepare(`SELECT r.variable, r.value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.pass = 3 ORDER BY r.variable`).all(id(2));
    expect(adjudicated).toEqual([{ variable: 'geslacht', value: '1' }, { variable: 'mw_rol', value: '3' }]);
    expect(db.prepare('SELECT status FROM case_record WHERE case_id = ?').pluck().get(id(2))).toBe('verified');
    await h.page.keyboard.press('Alt+3');
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Invoer');
  });

  it('an excluded case opens read-only with its exclusion reason; keys change nothing', async () => {
    const r = await h.backend.dispatch('cleaning.exclude', { caseId: id(4), reasonCode: 'duplicate', reason: 'dubbel ingevoerd', operator: 'lead' });
    expect(r.ok).toBe(true);
    const e = entry();
    await e.caseId().waitFor();
    await e.caseId().focus();
    // back to the pass: first keying
    await e.keys('{Shift+Tab}', '{Shift+Tab}', '{Shift+Tab}', '{ArrowUp}', '{Tab}', '{Tab}', '{Tab}');
    await e.open(id(4));
    await h.page.locator(`.entry-form[data-case="${id(4)}"]`).waitFor();
    const notice = h.page.getByTestId('entry-excluded');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`Case ${id(4)} is uitgesloten (reden: Dubbel`);
    expect(await notice.textContent()).toContain('dubbel ingevoerd');
    expect(await e.form().textContent()).toContain('alleen lezen');
    await shot('excluded-readonly');
    await e.field('toestemming').focus();
    await e.keys('{Control+A}', '2', '{Enter}');
    expect(await e.field('toestemming').inputValue()).toBe('1');
    expect(stored(id(4)).toestemming).toBe('1');
    await notice.getByRole('button', { name: 'Sluiten' }).click();
    await e.caseId().waitFor();
  });

  it('a verified form opens read-only for its first keyer, saying that changes go through cleaning; verifying one\'s own form is refused in Dutch', async () => {
    const e = entry();
    await e.caseId().waitFor();
    await e.caseId().focus();
    // operator Anna (the first keyer of the verified form 2), pass first keying
    await e.keys('{Shift+Tab}', '{Shift+Tab}', '{Shift+Tab}', '{Shift+Tab}', '{Control+A}', 'Anna', '{Enter}', '{Enter}', '{Enter}', '{Enter}');
    expect(await h.page.evaluate(() => document.activeElement?.id)).toBe('entry-identify-caseid');
    const before = stored(id(2));
    const audits = h.backend.session.project!.db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    await e.open(id(2));
    await h.page.locator(`.entry-form[data-case="${id(2)}"]`).waitFor();
    const notice = h.page.getByTestId('entry-locked');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`Case ${id(2)} is geverifieerd: het formulier is hier alleen te bekijken. Wijzigingen gaan nu via Opschonen (een correctie met een reden).`);
    expect(await h.page.locator('.entry-form .entry-mode').first().textContent()).toBe('alleen lezen'); // not "wijzigen"
    await shot('verified-readonly');
    await e.field('toestemming').focus();
    await e.keys('{Control+A}', '2', '{Enter}', '{F10}');
    expect(await e.field('toestemming').inputValue()).toBe(before.toestemming);
    expect(stored(id(2))).toEqual(before);
    expect(h.backend.session.project!.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(audits);
    expect(await e.summary().count()).toBe(0); // F10 ends nothing on a locked form
    await notice.getByRole('button', { name: 'Sluiten' }).click();
    await e.caseId().waitFor();
    await e.caseId().focus();
    // Anna as verifier of her own form 1: refused, in Dutch
    await e.keys('{Shift+Tab}', '{Shift+Tab}', '{Shift+Tab}', '{ArrowDown}', '{Tab}', '{Tab}', '{Tab}');
    await e.open(id(1));
    await e.error().waitFor();
    expect(await e.error().textContent()).toContain(`Case ${id(1)} is ingevoerd door Anna; een andere invoerder verifieert het formulier.`);
    await shot('own-form-refused');
    // back to the first keying for what follows
    await e.keys('{Shift+Tab}', '{Shift+Tab}', '{Shift+Tab}', '{ArrowUp}', '{Tab}', '{Tab}', '{Tab}');
  });

  it('documents the keyboard contract in a help panel (F1)', async () => {
    await h.page.keyboard.press('F1');
    const help = h.page.getByRole('complementary', { name: 'Toetsen bij het invoeren' });
    await help.waitFor();
    const text = await help.textContent();
    for (const s of ['Enter · Tab · ↓', 'Shift+Tab · ↑', 'F10 · Ctrl+Enter', '230114 · 23-1-14', '1 3 · 1+3', 'onleesbaar', 'geen antwoord']) expect(text).toContain(s);
    await shot('help');
    await h.page.keyboard.press('F1');
    await help.waitFor({ state: 'detached' });
  });
});

describe('crash test: the HTTP host killed with SIGKILL while keying', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'veldwerk-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts `electron/host/main.ts` as a child process on the project; resolves with its URL and token. */
  function startHost(project: string): Promise<{ child: ChildProcess; base: string; token: string }> {
    // One node process (no tsx wrapper process), in its own process group so SIGKILL reaches everything it started.
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'electron/host/main.ts'), '--project', project, '--port', '0'], {
      cwd: repoRoot,
      env: { ...process.env, VELDWERK_HOME: join(dir, 'home') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)/.exec(out);
        if (m) resolve({ child, base: m[1]!, token: m[2]! });
      });
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) => reject(new Error(`host exited (${code}): ${err}`)));
    });
  }

  it('every acknowledged field survives, none is half-written, integrity_check is ok (3 runs)', async () => {
    const project = join(dir, 'crash.vwk');
    await call('project.create', { path: project, title: 'Crash' });
    storeQuestionnaire(h.backend.session.project!.db, await entryMonitorQuestionnaire(), 'e2e');
    await call('project.close', {});
    // Simple always-on-route fields of the Monitor, keyed round-robin over several forms.
    const fields = ['ag_verbaal', 'ag_bedreig', 'ag_fysiek', 'ag_discrim', 'ag_seks', 'ag_schade', 'ag_online', 'ag_thuis', 'verm_moeilijk', 'verm_invloed', 'veiligheid', 'geslacht'];
    const acknowledged = new Map<string, string>();
    let total = 0;
    for (let run = 0; run < 3; run++) {
      const { child, base, token } = await startHost(project);
      const rpc = async (channel: string, input: unknown) => {
        const res = await fetch(`${base}/rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-veldwerk-token': token }, body: JSON.stringify(input) });
        const body = (await res.json()) as { ok: boolean; value?: { accepted?: boolean }; error?: unknown };
        if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body.error)}`);
        return body.value;
      };
      const killAfter = 100 + Math.floor(Math.random() * 400); // a random moment within up to 500 fields
      let sent = 0;
      let killed = false;
      try {
        for (let f = 1; f <= 50 && !killed; f++) {
          const caseId = id(100 * (run + 1) + f);
          await rpc('entry.openCase', { operator: `crash${run}`, caseId });
          await rpc('entry.saveField', { operator: `crash${run}`, caseId, variable: 'toestemming', value: '1' });
          acknowledged.set(`${caseId}/toestemming`, '1');
          for (const v of fields) {
            const value = String(1 + ((f + sent) % 2));
            if (sent === killAfter) {
              // kill while this commit is in flight
              const inflight = rpc('entry.saveField', { operator: `crash${run}`, caseId, variable: v, value }).catch(() => undefined);
              process.kill(-child.pid!, 'SIGKILL');
              killed = true;
              const r = await inflight;
              if (r && (r as { accepted?: boolean }).accepted) acknowledged.set(`${caseId}/${v}`, value);
              break;
            }
            const r = (await rpc('entry.saveField', { operator: `crash${run}`, caseId, variable: v, value })) as { accepted: boolean };
            expect(r.accepted).toBe(true);
            acknowledged.set(`${caseId}/${v}`, value);
            sent++;
            total++;
          }
        }
      } finally {
        if (!killed) process.kill(-child.pid!, 'SIGKILL');
        await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r)));
      }
    }
    expect(total).toBeGreaterThanOrEqual(300);
    // A stale lock from the killed process is taken over; reopen read-write through the backend, check everything.
    const db = new Database(project, { readonly: false });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare(`SELECT c.case_id AS caseId, r.variable, r.value FROM response r JOIN case_record c ON c.id = r.case_pk WHERE r.pass = 1`).all() as { caseId: string; variable: string; value: string | null }[];
      const have = new Map(rows.map((r) => [`${r.caseId}/${r.variable}`, r.value]));
      for (const [k, v] of acknowledged) expect(have.get(k), k).toBe(v);
      // nothing half-written: every stored value has its audit row
      const orphans = db.prepare(`SELECT count(*) FROM response r WHERE r.value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.case_pk = r.case_pk AND a.variable = r.variable AND a.new_value = r.value)`).pluck().get();
      expect(orphans).toBe(0);
    } finally {
      db.close();
    }
  });
});
