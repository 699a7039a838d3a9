// Page object: the backups dialog (a project's backups, restore into the project or a new file, confirmation).
import type { Locator, Page } from 'playwright-core';

/** The modal backups dialog, offered when a damaged project fails to open or opened from a recent project. */
export class BackupsDialog {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('dialog');
  }

  /** Waits until the dialog is shown. */
  async waitUntilShown(): Promise<void> {
    await this.root.waitFor();
  }

  /** The dialog's heading. */
  heading(): Locator {
    return this.root.getByRole('heading', { level: 2 });
  }

  /** The listed backups' rows (header row excluded), newest first. */
  rows(): Locator {
    return this.root.locator('tbody tr');
  }

  /** The radio button choosing backup number `i` (0 = newest). */
  backupRadio(i: number): Locator {
    return this.rows().nth(i).getByRole('radio');
  }

  /** The "restore into this project" option. */
  targetSame(): Locator {
    return this.root.getByRole('radio', { name: /^(Dit project|This project)/ });
  }

  /** Clicks "Terugzetten…" (goes to the confirmation step). */
  async restore(): Promise<void> {
    await this.root.getByRole('button', { name: /^(Terugzetten…|Restore…)$/ }).click();
  }

  /** Clicks "Ja, terugzetten" on the confirmation step. */
  async confirm(): Promise<void> {
    await this.root.getByRole('button', { name: /^(Ja, terugzetten|Yes, restore)$/ }).click();
  }

  /** Clicks "Sluiten". */
  async close(): Promise<void> {
    await this.root.getByRole('button', { name: /^(Sluiten|Close)$/ }).click();
  }
}
