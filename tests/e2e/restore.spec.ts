// E2E: a damaged project file offers its backups when it fails to open; restoring one (with a confirmation) opens the project with its cases; the Backups action of a recent project restores an older one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { backupDirFor } from '../../electron/backend/db/backup';
import { insertKeyedCases } from '../helpers/projectRows';
import { startHarness, type Harness } from './support/harness';
import { StartPage } from './pages/StartPage';
import { ShellPage } from './pages/ShellPage';
import { BackupsDialog } from './pages/BackupsDialog';

const TITLE = 'Monitor 2014 herstel';
let h: Harness;
let projectPath: string;

async function call<T = unknown>(channel: string, input: unknown): Promise<T> {
  const r = await h.backend.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** Overwrites pages 2–4 of the file (the first tables' b-tree pages) with garbage: quick_check then fails. */
function damagePages(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(3 * 4096, 0xab), 0, 3 * 4096, 4096);
  } finally {
    closeSync(fd);
  }
}

beforeAll(async () => {
  h = await startHarness();
  projectPath = join(h.projectsDir, 'herstel.vwk');
  await call('project.create', { path: projectPath, title: TITLE }); // backup 0: the empty project
  insertKeyedCases(h.backend.session.project!.db, 12, 3);
  await call('project.close', {});
  await call('project.open', { path: projectPath }); // backup 1: 12 cases
  insertKeyedCases(h.backend.session.project!.db, 5, 3, 'U');
  await call('project.close', {});
  await call('project.open', { path: projectPath }); // backup 2: 17 cases
  insertKeyedCases(h.backend.session.project!.db, 2, 3, 'W'); // work after the last backup: lost with the damage
  await call('project.close', {});
  damagePages(projectPath);
});

afterAll(async () => {
  await h?.close();
});

describe('restore from the UI', () => {
  const shot = (name: string) => h.page.screenshot({ path: join(h.screenshotDir, `restore-${name}.png`) });

  it('opening the damaged project shows the error and offers its backups, newest first, with time and size', async () => {
    await h.page.goto(h.host.launchUrl);
    const start = new StartPage(h.page);
    await start.waitUntilShown();
    const picker = await start.open();
    await picker.goToFolder(h.projectsDir);
    await picker.entry('herstel.vwk').click();
    // Not picker.confirm(): its root (role dialog) would then also match the backups dialog that follows.
    await picker.root.getByRole('button', { name: /^(Openen|Open)$/ }).click();
    const dialog = new BackupsDialog(h.page);
    await h.page.locator('.modal.backups').waitFor();
    expect(await dialog.heading().textContent()).toBe('Project beschadigd — reservekopie terugzetten?');
    expect(await dialog.root.textContent()).toContain('CORRUPT_PROJECT');
    expect(await h.page.getByRole('alert').filter({ hasText: 'CORRUPT_PROJECT' }).count()).toBe(1); // the banner behind the dialog
    expect(await dialog.rows().count()).toBe(3);
    const names = await dialog.rows().locator('td.backups__file').allTextContents();
    expect(names.every((n) => /^herstel-\d{8}-\d{6}-\d{3}\.vwk$/.test(n))).toBe(true);
    expect([...names].sort().reverse()).toEqual(names);
    const firstRow = await dialog.rows().nth(0).textContent();
    expect(firstRow).toMatch(/\d,\d KB/); // Dutch decimal comma
    expect(firstRow).toMatch(/2026|20\d\d/);
    expect(await dialog.backupRadio(0).isChecked()).toBe(true);
    expect(await dialog.targetSame().isChecked()).toBe(true);
    expect(await dialog.backupRadio(0).getAttribute('aria-label')).toMatch(/^Reservekopie van .+ \(\d+,\d KB\)$/);
    await shot('offer');
  });

  it('restores the newest backup into the project after a confirmation; the project opens with its 17 cases', async () => {
    const dialog = new BackupsDialog(h.page);
    await dialog.restore();
    expect(await dialog.heading().textContent()).toBe('Terugzetten bevestigen');
    expect(await dialog.root.textContent()).toContain(`${projectPath} vervangen door de reservekopie van`);
    await shot('confirm');
    await dialog.confirm();
    const shell = new ShellPage(h.page);
    await shell.waitUntilShown();
    await h.page.getByTestId('status-cases').filter({ hasText: '17 totaal' }).waitFor();
    expect(await dialog.root.count()).toBe(0);
    expect(await h.page.getByRole('alert').count()).toBe(0);
    const kept = readdirSync(backupDirFor(projectPath)).filter((f) => f.endsWith('.vwk.damaged'));
    expect(kept.length).toBe(1); // the damaged file, byte for byte, next to the backups
    await shot('done');
  });

  it('the Backups action of a recent project restores an older backup (12 cases)', async () => {
    const shell = new ShellPage(h.page);
    await shell.closeProject();
    const start = new StartPage(h.page);
    await start.waitUntilShown();
    await start.backupsFor(TITLE).click();
    const dialog = new BackupsDialog(h.page);
    await dialog.waitUntilShown();
    expect(await dialog.heading().textContent()).toBe('Reservekopie terugzetten');
    const count = await dialog.rows().count();
    expect(count).toBe(4); // the three old ones and the one made when the restored project was opened
    await dialog.backupRadio(2).check(); // newest first: opened-after-restore, 17 cases, 12 cases, empty
    await shot('recent');
    await dialog.restore();
    await dialog.confirm();
    await shell.waitUntilShown();
    await h.page.getByTestId('status-cases').filter({ hasText: '12 totaal' }).waitFor();
    expect(await h.backend.dispatch('project.current', {})).toMatchObject({ ok: true, value: { counts: { total: 12 } } });
  });

  it('Escape closes the dialog and returns to the start screen untouched', async () => {
    const shell = new ShellPage(h.page);
    await shell.closeProject();
    const start = new StartPage(h.page);
    await start.waitUntilShown();
    await start.backupsFor(TITLE).click();
    const dialog = new BackupsDialog(h.page);
    await dialog.waitUntilShown();
    expect(await h.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
    await h.page.keyboard.press('Escape');
    await dialog.root.waitFor({ state: 'detached' });
    expect(await h.backend.dispatch('project.current', {})).toMatchObject({ ok: true, value: null });
  });

  it('the Backups button of the open project restores onto it: the shell stays, showing the restored (empty) project', async () => {
    const start = new StartPage(h.page);
    await start.recent(TITLE).click();
    const shell = new ShellPage(h.page);
    await shell.waitUntilShown();
    await h.page.getByTestId('status-cases').filter({ hasText: '12 totaal' }).waitFor();
    await h.page.getByRole('banner').getByRole('button', { name: /^(Reservekopieën|Backups)$/ }).click();
    const dialog = new BackupsDialog(h.page);
    await dialog.waitUntilShown();
    const count = await dialog.rows().count();
    expect(count).toBeGreaterThanOrEqual(5);
    await dialog.backupRadio(count - 1).check(); // the oldest: made when the project was created, no cases yet
    await dialog.restore();
    await dialog.confirm();
    await dialog.root.waitFor({ state: 'detached' });
    await shell.waitUntilShown();
    await h.page.getByTestId('status-cases').filter({ hasText: '0 totaal' }).waitFor();
    expect(await h.backend.dispatch('project.current', {})).toMatchObject({ ok: true, value: { path: projectPath, counts: { total: 0 } } });
    await shot('shell');
  });
});
