// Page object: the Weging (weighting) area — scheme form, targets, run button, diagnostics and estimates.
import type { Locator, Page } from 'playwright-core';

/** The weighting area as the user sees it (Dutch labels). */
export class WeightingPage {
  constructor(readonly page: Page) {}

  /** A form field by its visible label. */
  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** The problem shown under a form field (its aria-describedby note while the field is marked invalid). */
  fieldError(label: string): Locator {
    return this.page.locator('.field').filter({ has: this.page.getByLabel(label, { exact: true }) }).locator('.cl-field__error');
  }

  /** Loads population totals from a file path typed into the targets field. */
  async loadTargets(path: string): Promise<void> {
    await this.field('Bestand met populatietotalen (CSV of XLSX)').fill(path);
    await this.page.getByRole('button', { name: 'Totalen laden' }).click();
    await this.page.getByText(/rijen, \d+ marges/).waitFor();
  }

  /** Chooses the group of the targets file (e.g. medewerker). */
  async chooseFileGroup(group: string): Promise<void> {
    await this.field('Groep in het bestand').selectOption(group);
  }

  /** The checkbox of a margin such as `laag*geslacht`. */
  margin(name: string): Locator {
    return this.page.getByRole('checkbox', { name: new RegExp(`^${name.replace('*', '\\*')} \\(`) });
  }

  /** Clicks "Opslaan en wegen" and waits for the diagnostics heading of the scheme. */
  async saveAndRun(scheme: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Opslaan en wegen' }).click();
    await this.diagnosticsHeading(scheme).waitFor();
  }

  diagnosticsHeading(scheme: string): Locator {
    return this.page.getByRole('heading', { name: `Diagnose van ${scheme}` });
  }

  /** The achieved-versus-target table. */
  achievedTable(): Locator {
    return this.page.getByRole('table', { name: 'Behaald versus doel per categorie' });
  }

  /** The key figures (definition list) of the run. */
  figures(): Locator {
    return this.page.getByLabel('Kerncijfers van de weging');
  }

  /** The weight histogram (inline SVG with role img). */
  chart(): Locator {
    return this.page.getByRole('img', { name: /^Histogram van \d+ gewichten/ });
  }

  largestTable(): Locator {
    return this.page.getByRole('table', { name: 'Grootste gewichten' });
  }

  /** The error shown for a refused action. */
  problem(): Locator {
    return this.page.getByRole('alert');
  }
}
