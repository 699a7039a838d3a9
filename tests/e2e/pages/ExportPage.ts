// Page object: the Export area (profiles, form, run, progress, result).
import type { Locator, Page } from 'playwright-core';
import { FilePickerDialog } from './FilePickerDialog';

/** The Export work area while a project is open. */
export class ExportPage {
  constructor(readonly page: Page) {}

  /** The area's root element. */
  root(): Locator {
    return this.page.locator('#area-export');
  }

  /** Waits until the form has loaded its options. */
  async waitUntilLoaded(): Promise<void> {
    await this.runButton().waitFor();
  }

  /** A checkbox or radio by its (Dutch or English) label. */
  option(label: RegExp | string): Locator {
    return this.root().getByLabel(label, { exact: typeof label === 'string' });
  }

  /** The target workbook path field. */
  pathField(): Locator {
    return this.root().getByLabel(/^(Excel-werkmap|Excel workbook) \(\.xlsx\)$/);
  }

  /** Opens the save dialog with "Bladeren…" and returns it. */
  async browse(): Promise<FilePickerDialog> {
    await this.root().getByRole('button', { name: /^(Bladeren…|Browse…) \(/ }).click();
    const picker = new FilePickerDialog(this.page);
    await picker.waitUntilShown();
    return picker;
  }

  /** The identifiers checkbox. */
  identifiers(): Locator {
    return this.root().getByLabel(/^(Identificerende variabelen meenemen|Include identifying variables)$/);
  }

  /** The warning under the identifiers checkbox. */
  identifierWarning(): Locator {
    return this.root().locator('.xp-warning');
  }

  /** Fills the profile name and saves it. */
  async saveProfile(name: string): Promise<void> {
    await this.root().getByLabel(/^(Naam van het profiel|Profile name)$/).fill(name);
    await this.root().getByRole('button', { name: /^(Profiel opslaan|Save profile)$/ }).click();
    await this.root().getByRole('status').filter({ hasText: name }).waitFor();
  }

  /** The profile select. */
  profileSelect(): Locator {
    return this.root().getByLabel(/^(Profiel|Profile)$/);
  }

  /** The "Exporteren" button. */
  runButton(): Locator {
    return this.root().getByRole('button', { name: /^(Exporteren|Export)$/ });
  }

  /** Starts the export and waits for the result panel (or an error). */
  async run(): Promise<void> {
    await this.runButton().click();
    await this.root().locator('.xp-result, .xp-alert').first().waitFor({ timeout: 60_000 });
  }

  /** The result panel. */
  result(): Locator {
    return this.root().locator('.xp-result');
  }

  /** The SHA-256 shown in the result. */
  async sha(): Promise<string> {
    return ((await this.result().locator('.xp-sha').textContent()) ?? '').trim();
  }

  /** The report-tables card. */
  tablesCard(): Locator {
    return this.root().locator('.xp-tables');
  }

  /** The grouping-variable select of the report tables. */
  tablesBy(): Locator {
    return this.tablesCard().getByLabel(/^(Groepsvariabele \(kolommen\)|Grouping variable \(columns\))$/);
  }

  /** The checkbox of a row variable of the report tables, by its name. */
  tablesVariable(name: string): Locator {
    return this.tablesCard().getByRole('checkbox', { name: new RegExp(`^${name} `) });
  }

  /** The small-cell threshold field of the report tables. */
  tablesMinN(): Locator {
    return this.tablesCard().getByLabel(/^(Kleine cellen: minimale ongewogen n|Small cells: minimum unweighted n)$/);
  }

  /** The error alert of the area. */
  error(): Locator {
    return this.root().locator('.xp-alert');
  }
}
