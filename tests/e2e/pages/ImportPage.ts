// Page object: the Import area — file card, column mapping, unmapped labels, report, commit and result (Dutch labels).
import type { Locator, Page } from 'playwright-core';

/** The response-import screen as the user sees it. */
export class ImportPage {
  constructor(readonly page: Page) {}

  /** The "Antwoordbestand" path field. */
  filePath(): Locator {
    return this.page.getByRole('textbox', { name: 'Antwoordbestand', exact: true });
  }

  /** The "Koppeling (enquêtetool)" field. */
  mappingName(): Locator {
    return this.page.getByLabel('Koppeling (enquêtetool)', { exact: true });
  }

  /** Types the file path and clicks "Lezen en controleren"; waits for the dry-run verdict. */
  async check(path: string): Promise<void> {
    await this.filePath().fill(path);
    await this.page.getByRole('button', { name: 'Lezen en controleren' }).click();
    await this.verdict().waitFor();
  }

  /** The dry run's verdict line. */
  verdict(): Locator {
    return this.page.getByTestId('import-verdict');
  }

  /** The "Koppelen aan" select of one column. */
  columnSelect(column: string): Locator {
    return this.page.getByLabel(`Koppelen aan (kolom ${column})`, { exact: true });
  }

  /** Variable, label, count of the row of one unmapped label. */
  async labelCells(label: string, variable: string): Promise<string[]> {
    const row = this.labelRow(label, variable);
    return [(await row.locator('td').nth(0).textContent()) ?? '', (await row.locator('th').textContent()) ?? '', (await row.locator('td').nth(1).textContent()) ?? ''];
  }

  /** The row of one unmapped label in the "Niet-gekoppelde labels" table. */
  labelRow(label: string, variable: string): Locator {
    return this.page.getByRole('region', { name: '3. Niet-gekoppelde labels' }).locator(`tr[data-label="${label}"][data-variable="${variable}"]`);
  }

  /** The code select of one unmapped label. */
  labelSelect(label: string, variable: string): Locator {
    return this.page.getByLabel(`Code voor "${label}" (${variable})`, { exact: true });
  }

  /** Waits until no backend step is running (the area is not aria-busy). */
  async settled(): Promise<void> {
    await this.page.locator('.imp[aria-busy="false"]').waitFor();
  }

  /** Chooses a value in a select and waits for the dry run it starts. */
  async choose(select: Locator, value: string): Promise<void> {
    await select.selectOption(value);
    await this.settled();
  }

  /** Clicks "Koppeling bewaren als …". */
  async saveMapping(): Promise<void> {
    await this.page.getByRole('button', { name: /^Koppeling bewaren als/ }).click();
    await this.page.getByRole('note').filter({ hasText: 'bewaard voor het volgende bestand' }).waitFor();
  }

  /** The commit button ("N cases importeren"). */
  commitButton(): Locator {
    return this.page.getByRole('button', { name: /cases? importeren$/ });
  }

  /** Clicks the commit button and waits for the result. */
  async commit(): Promise<void> {
    await this.commitButton().click();
    await this.result().waitFor();
  }

  /** The result line ("N cases toegevoegd."). */
  result(): Locator {
    return this.page.getByTestId('import-result');
  }

  /** Follows "Naar de caselijst". */
  async toCaseList(): Promise<void> {
    await this.page.getByRole('button', { name: 'Naar de caselijst' }).click();
    await this.page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Invoer');
  }
}
