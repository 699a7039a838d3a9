// Page object: the in-page file picker that answers dialog.* channels in the browser.
import type { Locator, Page } from 'playwright-core';

/** The modal file picker (role dialog). */
export class FilePickerDialog {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('dialog');
  }

  /** Waits until the dialog is visible and has listed its first folder. */
  async waitUntilShown(): Promise<void> {
    await this.root.waitFor();
    await this.root.locator('.picker__list[aria-busy="false"]').waitFor();
  }

  /** Types a folder into the "Map" field and goes there with Enter. */
  async goToFolder(dir: string): Promise<void> {
    const field = this.root.getByLabel(/^(Map|Folder)$/);
    await field.fill(dir);
    await field.press('Enter');
    await this.root.locator('.picker__list[aria-busy="false"]').waitFor();
    await this.page.waitForFunction((d) => (document.querySelector('.picker__folder input') as HTMLInputElement | null)?.value === d, dir);
  }

  /** Types a file name into the "Bestandsnaam" field. */
  async typeFileName(name: string): Promise<void> {
    await this.root.getByLabel(/^(Bestandsnaam|File name)$/).fill(name);
  }

  /** The list entry button for a folder or project. */
  entry(name: string): Locator {
    return this.root.getByRole('button', { name: new RegExp(`^(Map|Folder|Project): ${name}$`) });
  }

  /** Confirms with the primary button (Opslaan / Openen). */
  async confirm(): Promise<void> {
    await this.root.getByRole('button', { name: /^(Opslaan|Openen|Save|Open)$/ }).click();
    await this.root.waitFor({ state: 'detached' });
  }
}
