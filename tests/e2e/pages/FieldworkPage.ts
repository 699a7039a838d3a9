// Page object: the Veldwerk area (sample frame import, batches, dashboard, dispositions), found by role and label.
import type { Locator, Page } from 'playwright-core';

/** The Veldwerk work area of the shell. */
export class FieldworkPage {
  constructor(readonly page: Page) {}

  /** The area's main landmark content. */
  root(): Locator {
    return this.page.locator('#area-veldwerk');
  }

  /** Opens the area with Alt+2 and waits for its tabs. */
  async open(): Promise<void> {
    await this.page.keyboard.press('Alt+2');
    await this.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Veldwerk');
    await this.tabs().waitFor();
  }

  /** The tab list. */
  tabs(): Locator {
    return this.page.getByRole('tablist', { name: /^(Onderdelen van het veldwerk|Parts of fieldwork)$/ });
  }

  /** Clicks a tab by its (Dutch) name and waits until it is selected. */
  async tab(name: 'Steekproef' | 'Batches' | 'Dashboard' | 'Disposities' | 'Labels'): Promise<void> {
    const tab = this.tabs().getByRole('tab', { name: new RegExp(`^${name}`) });
    await tab.click();
    await this.page.waitForFunction((n) => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent?.startsWith(n) ?? false, name);
  }

  /** Types the operator name. */
  async setOperator(name: string): Promise<void> {
    await this.page.getByLabel('Operator', { exact: true }).fill(name);
  }

  /** Types a frame path and presses "Controleren". */
  async checkFrame(path: string): Promise<void> {
    await this.page.getByLabel('Bestand met het steekproefkader', { exact: true }).fill(path);
    await this.page.getByRole('button', { name: 'Controleren' }).click();
    await this.page.getByRole('button', { name: 'Controleren' }).and(this.page.locator(':enabled')).waitFor();
  }

  /** The table listing every problem of a refused frame. */
  problemsTable(): Locator {
    return this.page.getByRole('table', { name: 'Problemen in het steekproefkader' });
  }

  /** The import button shown under a valid frame's summary ("60 cases importeren"). */
  importButton(): Locator {
    return this.page.getByRole('button', { name: /cases? importeren$/ });
  }

  /** The pager text of the sample list ("Rij 1–25 van 60"). */
  samplePager(): Locator {
    return this.page.getByRole('navigation', { name: 'Paginering van de steekproef' }).locator('.pager__info');
  }

  /** Fills and submits the batch registration form. */
  async registerBatch(b: { number: string; receivedOn: string; expected: number; origin?: string; notes?: string }): Promise<void> {
    await this.page.getByLabel('Batchnummer').fill(b.number);
    await this.page.getByLabel('Ontvangen op').fill(b.receivedOn);
    await this.page.getByLabel('Verwachte formulieren').fill(String(b.expected));
    if (b.origin) await this.page.getByLabel('Herkomst').fill(b.origin);
    if (b.notes) await this.page.getByLabel('Opmerkingen').fill(b.notes);
    await this.page.getByRole('button', { name: 'Batch registreren' }).click();
  }

  /** The batch list table. */
  batchTable(): Locator {
    return this.page.getByRole('table', { name: 'Geregistreerde batches met status en aantallen' });
  }

  /** The detail card of one batch. */
  batchDetail(number: string): Locator {
    return this.page.getByRole('region', { name: `Batch ${number}` });
  }

  /** The case-ID input of "Formulieren aanmelden". */
  formIdField(): Locator {
    return this.page.getByLabel('Case-ID van het formulier');
  }

  /** Types one case ID and waits for its verdict (not "Controleren…"). */
  async typeCaseId(field: Locator, id: string): Promise<Locator> {
    await field.fill(id);
    const verdictId = await field.getAttribute('aria-describedby');
    const verdict = this.page.locator(`[id="${verdictId}"]`);
    await this.page.waitForFunction((vid) => {
      const t = document.getElementById(vid ?? '')?.textContent ?? '';
      return t !== '' && !t.includes('Controleren…') && !t.startsWith('Typ ');
    }, verdictId);
    return verdict;
  }

  /** A stat tile value by its label inside `scope`. */
  stat(scope: Locator, label: string): Locator {
    return scope.locator('.fw-stat').filter({ has: this.page.locator('.fw-stat__label', { hasText: new RegExp(`^${label}$`) }) }).locator('.fw-stat__value');
  }
}
