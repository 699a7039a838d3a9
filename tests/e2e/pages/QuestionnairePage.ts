// Page object: the Vragenlijst area (import/export toolbar, problems, codebook, builder, paper form, entry preview).
import type { Locator, Page } from 'playwright-core';
import { FilePickerDialog } from './FilePickerDialog';

/** The questionnaire work area. */
export class QuestionnairePage {
  constructor(readonly page: Page) {}

  /** The area's main panel. */
  root(): Locator {
    return this.page.locator('.qn');
  }

  /** Opens the folder picker of "Map met CSV's importeren…", goes to `dir` and chooses it. */
  async importFolder(dir: string): Promise<void> {
    await this.page.getByRole('button', { name: "Map met CSV's importeren…" }).click();
    const picker = new FilePickerDialog(this.page);
    await picker.waitUntilShown();
    await picker.goToFolder(dir);
    await picker.root.getByRole('button', { name: 'Deze map kiezen' }).click();
    await picker.root.waitFor({ state: 'detached' });
  }

  /** Exports through the save picker to `dir`/`name`. */
  async exportTo(dir: string, name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Exporteren als XLSForm…' }).click();
    const picker = new FilePickerDialog(this.page);
    await picker.waitUntilShown();
    await picker.goToFolder(dir);
    await picker.typeFileName(name);
    await picker.confirm();
  }

  /** The success notice after import/save/export. */
  notice(): Locator {
    return this.page.locator('.qn-notice');
  }

  /** The table of problems of a refused import or save. */
  problems(): Locator {
    return this.page.locator('.qn-problems');
  }

  /** Switches to a tab by its Dutch name. */
  async tab(name: 'Codeboek' | 'Bouwer' | 'Papieren formulier' | 'Invoervoorbeeld' | 'Vergelijk versies'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
    await this.page.waitForFunction((n) => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent?.startsWith(n), name);
  }

  /** A codebook card of a variable. */
  codebookCard(name: string): Locator {
    return this.page.locator(`#cb-${name}`);
  }

  /** The builder's editor panel. */
  editor(): Locator {
    return this.page.getByRole('region', { name: 'Geselecteerde variabele bewerken' });
  }

  /** Adds a variable in the builder (after the selected item). */
  async addVariable(): Promise<void> {
    await this.page.getByRole('button', { name: '+ Variabele' }).click();
  }

  /** A field of the editor by its label. */
  field(label: string | RegExp): Locator {
    return this.editor().getByLabel(label);
  }

  /** The paper form. */
  paper(): Locator {
    return this.page.getByRole('article', { name: 'Papieren formulier' });
  }

  /** The "Vergelijk versies" panel. */
  compare(): Locator {
    return this.page.getByRole('region', { name: 'Vergelijk versies' });
  }

  /** In the compare panel: picks an XLSForm folder through the folder picker; the comparison runs at once. */
  async compareWithFolder(dir: string): Promise<void> {
    await this.compare().getByRole('button', { name: "Map met CSV's…", exact: true }).click();
    const picker = new FilePickerDialog(this.page);
    await picker.waitUntilShown();
    await picker.goToFolder(dir);
    await picker.root.getByRole('button', { name: 'Deze map kiezen' }).click();
    await picker.root.waitFor({ state: 'detached' });
  }

  /** The entry-preview row of a variable. */
  previewRow(name: string): Locator {
    return this.page.locator(`.pv-field[data-name="${name}"]`);
  }
}
