// Page object: the Opschonen (cleaning) area — run button, summary, filters, the windowed violation list, the case panel, rules and exclusions.
import type { Locator, Page } from 'playwright-core';

/** The cleaning area as the user sees it (Dutch labels). */
export class CleaningPage {
  constructor(readonly page: Page) {}

  /** A tab of the area (Overtredingen, Controleregels, Uitsluitingen). */
  tab(name: string): Locator {
    return this.page.getByRole('tab', { name });
  }

  operator(): Locator {
    return this.page.getByLabel('Medewerker', { exact: true });
  }

  /** Clicks "Regels uitvoeren" and waits for the run's totals. */
  async run(): Promise<void> {
    await this.page.getByRole('button', { name: 'Regels uitvoeren' }).click();
    await this.totals().waitFor();
  }

  totals(): Locator {
    return this.page.getByLabel('Totalen van de laatste controle');
  }

  /** The prominent alert of failing rule tests. */
  ruleTestAlert(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'voorbeeldcase' });
  }

  /** A filter control by its label (Regel, Variabele, Ernst, Batch, Status). */
  filter(label: string): Locator {
    return this.page.getByRole('group', { name: 'Filters van de lijst' }).getByLabel(label, { exact: true });
  }

  list(): Locator {
    return this.page.getByRole('listbox', { name: /^(Overtredingen|Violations)/ });
  }

  rows(): Locator {
    return this.list().getByRole('option');
  }

  /** The first row whose case cell is exactly `caseId`. */
  rowOfCase(caseId: string): Locator {
    return this.rows().filter({ has: this.page.locator('.cl-row__case', { hasText: new RegExp(`^${caseId}$`) }) }).first();
  }

  /** The case panel (a region named after the case). */
  casePanel(caseId: string): Locator {
    return this.page.getByRole('region', { name: `Case ${caseId}` });
  }

  /** The open action form (correct, accept, exclude …). */
  actionForm(): Locator {
    return this.page.locator('form.cl-action');
  }

  notice(): Locator {
    return this.page.locator('.cl-notice');
  }
}
