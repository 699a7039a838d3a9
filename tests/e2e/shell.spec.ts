// E2E: create a project through the UI in Chromium against the HTTP host, visit every work area, screenshot each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { startHarness, type Harness } from './support/harness';
import { StartPage } from './pages/StartPage';
import { ShellPage, AREAS } from './pages/ShellPage';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('app shell in the browser host', () => {
  it('shows the Dutch start screen with the example-project button enabled', async () => {
    await h.page.goto(h.host.launchUrl);
    const start = new StartPage(h.page);
    await start.waitUntilShown();
    expect(await start.heading().textContent()).toBe('Welkom bij Veldwerk');
    expect(h.page.url()).not.toContain('token=');
    expect(await start.exampleButton().isEnabled()).toBe(true);
    expect(await h.page.getByText(/Bouwt een voorbeeldproject/).count()).toBe(1);
    await h.page.screenshot({ path: join(h.screenshotDir, 'start.png') });
  });

  it('shows an ApiError from the backend when opening a file that is not a project', async () => {
    writeFileSync(join(h.projectsDir, 'kapot.vwk'), 'dit is geen project');
    const start = new StartPage(h.page);
    const picker = await start.open();
    await picker.goToFolder(h.projectsDir);
    await picker.entry('kapot.vwk').click();
    await picker.confirm();
    await start.error().waitFor();
    expect(await start.error().textContent()).toContain('NOT_A_PROJECT');
    await h.page.screenshot({ path: join(h.screenshotDir, 'start-error.png') });
    await start.error().getByRole('button').click();
  });

  it('keeps the picker keyboard-usable: focus starts in the file name, Escape cancels and returns focus', async () => {
    const start = new StartPage(h.page);
    const picker = await start.chooseLocation();
    expect(await h.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('project.vwk');
    await h.page.keyboard.press('Shift+Tab');
    expect(await picker.root.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await h.page.keyboard.press('Escape');
    await picker.root.waitFor({ state: 'detached' });
    expect(await h.page.evaluate(() => document.activeElement?.textContent)).toBe('Kies locatie…');
    expect(await start.location().textContent()).toBe('Nog geen locatie gekozen');
  });

  it('creates a project: title, in-page picker with a typed folder and file name', async () => {
    const start = new StartPage(h.page);
    await start.fillTitle('Monitor Openbaar Bestuur 2014');
    const picker = await start.chooseLocation();
    await picker.goToFolder(h.projectsDir);
    await picker.typeFileName('monitor-2014');
    await h.page.screenshot({ path: join(h.screenshotDir, 'picker.png') });
    await picker.confirm();
    expect(await start.location().textContent()).toBe(join(h.projectsDir, 'monitor-2014.vwk'));
    await start.create();
    const shell = new ShellPage(h.page);
    await shell.waitUntilShown();
    expect(await shell.areaHeading().textContent()).toBe('Vragenlijst');
    const status = await shell.statusBar().textContent();
    expect(status).toContain(join(h.projectsDir, 'monitor-2014.vwk'));
    expect(status).toContain('geen vragenlijst');
    expect(status).toContain('0 totaal');
  });

  it('visits every work area by mouse with Dutch headings and saves a screenshot of each', async () => {
    const shell = new ShellPage(h.page);
    const labels = await shell.nav().getByRole('button').allTextContents();
    expect(labels.map((l) => l.replace(/^\d/, ''))).toEqual(AREAS.map((a) => a.nl));
    for (const area of AREAS) {
      await shell.navButton(area.nl).click();
      await h.page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, area.nl);
      expect(await shell.navButton(area.nl).getAttribute('aria-current')).toBe('page');
      await h.page.screenshot({ path: join(h.screenshotDir, `area-${area.slug}.png`) });
    }
  });

  it('moves between areas by keyboard: Alt+digit and arrow keys with a roving tabindex', async () => {
    const shell = new ShellPage(h.page);
    await h.page.keyboard.press('Alt+3');
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Invoer');
    await h.page.waitForFunction(() => document.activeElement?.id === 'nav-invoer');
    await h.page.keyboard.press('ArrowRight');
    expect(await shell.areaHeading().textContent()).toBe('Verificatie');
    expect(await shell.focusedId()).toBe('nav-verificatie');
    await h.page.keyboard.press('End');
    expect(await shell.areaHeading().textContent()).toBe('Export');
    await h.page.keyboard.press('ArrowRight');
    expect(await shell.areaHeading().textContent()).toBe('Vragenlijst');
    await h.page.keyboard.press('ArrowLeft');
    expect(await shell.areaHeading().textContent()).toBe('Export');
    await h.page.keyboard.press('Home');
    expect(await shell.areaHeading().textContent()).toBe('Vragenlijst');
    // only the active nav button is in the tab order
    expect(await shell.nav().locator('button[tabindex="0"]').count()).toBe(1);
    for (let i = 1; i <= 7; i++) {
      await h.page.keyboard.press(`Alt+${i}`);
      const area = AREAS[i - 1]!;
      await h.page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, area.nl);
    }
  });

  it('switches to English once, remembers it across a reload, and back to Dutch', async () => {
    const shell = new ShellPage(h.page);
    await h.page.keyboard.press('Alt+1');
    await shell.setLanguage('en');
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Questionnaire');
    expect(await h.page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await shell.statusBar().textContent()).toContain('no questionnaire');
    await h.page.screenshot({ path: join(h.screenshotDir, 'area-vragenlijst-en.png') });
    await h.page.reload();
    await shell.waitUntilShown();
    expect(await shell.areaHeading().textContent()).toBe('Questionnaire');
    await shell.setLanguage('nl');
    await h.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Vragenlijst');
  });

  it('closes the project back to the start screen and reopens it from the recent list', async () => {
    const shell = new ShellPage(h.page);
    await shell.closeProject();
    const start = new StartPage(h.page);
    await start.waitUntilShown();
    const recent = start.recent('Monitor Openbaar Bestuur 2014');
    await recent.waitFor();
    await h.page.screenshot({ path: join(h.screenshotDir, 'start-recent.png') });
    await recent.click();
    await shell.waitUntilShown();
    expect(await shell.areaHeading().textContent()).toBe('Vragenlijst');
  });

  it('shows keyed cases in the Invoer area one page at a time', async () => {
    const path = join(h.projectsDir, 'met-formulieren.vwk');
    createProjectFile(path, 'Monitor met formulieren');
    const db = await openProjectForWrite(path, 'e2e-seed');
    const ins = db.db.prepare('INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    const statuses = ['complete', 'verified', 'open', 'excluded'] as const;
    db.db.transaction(() => {
      for (let i = 1; i <= 120; i++) ins.run(`MOB-${String(i).padStart(4, '0')}`, 'keying', statuses[i % 4], '2014-05-01T09:00:00Z', `2014-05-${String(1 + (i % 28)).padStart(2, '0')}T10:${String(i % 60).padStart(2, '0')}:00Z`);
    })();
    db.close();

    const shell = new ShellPage(h.page);
    await shell.closeProject();
    const start = new StartPage(h.page);
    await start.waitUntilShown();
    const picker = await start.open();
    await picker.goToFolder(h.projectsDir);
    await picker.entry('met-formulieren.vwk').dblclick();
    await shell.waitUntilShown();
    await h.page.keyboard.press('Alt+3');
    const table = h.page.getByRole('table', { name: 'Ingevoerde formulieren' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(50);
    const pager = h.page.getByRole('navigation', { name: 'Paginering' });
    expect(await pager.textContent()).toContain('Rij 1–50 van 120');
    expect(await shell.statusBar().textContent()).toContain('120 totaal');
    await h.page.screenshot({ path: join(h.screenshotDir, 'area-invoer-formulieren.png') });
    await pager.getByRole('button', { name: 'Volgende' }).click();
    await h.page.waitForFunction(() => document.querySelector('.pager__info')?.textContent === 'Rij 51–100 van 120');
    await pager.getByRole('button', { name: 'Volgende' }).click();
    await h.page.waitForFunction(() => document.querySelector('.pager__info')?.textContent === 'Rij 101–120 van 120');
    expect(await table.locator('tbody tr').count()).toBe(20);
    expect(await pager.getByRole('button', { name: 'Volgende' }).isDisabled()).toBe(true);
  });

  it('gives every button, field and select an accessible name', async () => {
    const unnamed = await h.page.evaluate(() => {
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll('button, input, select, textarea, a[href]'))) {
        const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
        if (!labelled && !(el.textContent ?? '').trim()) out.push(el.outerHTML.slice(0, 80));
      }
      return out;
    });
    expect(unnamed).toEqual([]);
  });
});
