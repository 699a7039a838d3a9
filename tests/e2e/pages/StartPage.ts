// Page object: the start screen (new project, open project, recent projects).
import type { Locator, Page } from 'playwright-core';
import { FilePickerDialog } from './FilePickerDialog';

/** The start screen shown while no project is open. */
export class StartPage {
  constructor(readonly page: Page) {}

  /** The level-1 heading ("Welkom bij Veldwerk"). */
  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** Waits until the start screen is shown. */
  async waitUntilShown(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Project openen…|Open project…)$/ }).waitFor();
  }

  /** Fills the new-project title field. */
  async fillTitle(title: string): Promise<void> {
    await this.page.getByLabel(/^(Titel van het project|Project title)$/).fill(title);
  }

  /** Opens the save-location picker and returns it. */
  async chooseLocation(): Promise<FilePickerDialog> {
    await this.page.getByRole('button', { name: /^(Kies locatie…|Choose location…)$/ }).click();
    const picker = new FilePickerDialog(this.page);
    await picker.waitUntilShown();
    return picker;
  }

  /** The chosen location as shown on the form. */
  location(): Locator {
    return this.page.locator('.location__path');
  }

  /** Clicks "Project aanmaken". */
  async create(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Project aanmaken|Create project)$/ }).click();
  }

  /** Clicks "Project openen…" and returns the open picker. */
  async open(): Promise<FilePickerDialog> {
    await this.page.getByRole('button', { name: /^(Project openen…|Open project…)$/ }).click();
    const picker = new FilePickerDialog(this.page);
    await picker.waitUntilShown();
    return picker;
  }

  /** The example-project button (builds the Monitor 2014 example and opens it: channel example.open). */
  exampleButton(): Locator {
    return this.page.getByRole('button', { name: /Voorbeeldproject openen|Open example project/ });
  }

  /** The recent-project button for `title`. */
  recent(title: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^(Open) ${title} `) });
  }

  /** The "Reservekopieën" button of the recent project `title` (opens the backups dialog). */
  backupsFor(title: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^(Reservekopieën van|Backups of) ${title}$`) });
  }

  /** The error banner (role alert). */
  error(): Locator {
    return this.page.getByRole('alert');
  }
}
