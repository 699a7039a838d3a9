// Page object: the app shell (navigation bar, work-area pages, status bar, language switch).
import type { Locator, Page } from 'playwright-core';

/** Dutch nav labels of the work areas in the order of the work, with their slugs. */
export const AREAS = [
  { slug: 'vragenlijst', nl: 'Vragenlijst', en: 'Questionnaire' },
  { slug: 'veldwerk', nl: 'Veldwerk', en: 'Fieldwork' },
  { slug: 'invoer', nl: 'Invoer', en: 'Entry' },
  { slug: 'verificatie', nl: 'Verificatie', en: 'Verification' },
  { slug: 'import', nl: 'Import', en: 'Import' },
  { slug: 'opschonen', nl: 'Opschonen', en: 'Cleaning' },
  { slug: 'weging', nl: 'Weging', en: 'Weighting' },
  { slug: 'export', nl: 'Export', en: 'Export' },
] as const;

/** The shell shown while a project is open. */
export class ShellPage {
  constructor(readonly page: Page) {}

  /** The work-area navigation landmark. */
  nav(): Locator {
    return this.page.getByRole('navigation', { name: /^(Werkgebieden|Work areas)$/ });
  }

  /** The nav button of one area (by its visible label). */
  navButton(label: string): Locator {
    return this.nav().getByRole('button', { name: new RegExp(`${label}$`) });
  }

  /** The level-1 heading of the active area. */
  areaHeading(): Locator {
    return this.page.locator('main').getByRole('heading', { level: 1 });
  }

  /** Waits until the shell is shown. */
  async waitUntilShown(): Promise<void> {
    await this.nav().waitFor();
  }

  /** The status bar landmark. */
  statusBar(): Locator {
    return this.page.getByRole('contentinfo');
  }

  /** Chooses a UI language in the labelled select. */
  async setLanguage(code: 'nl' | 'en'): Promise<void> {
    await this.page.getByLabel(/^(Taal|Language)$/).selectOption(code);
  }

  /** Clicks "Project sluiten". */
  async closeProject(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Project sluiten|Close project)$/ }).click();
  }

  /** The id of the element that has focus. */
  focusedId(): Promise<string> {
    return this.page.evaluate(() => document.activeElement?.id ?? '');
  }
}
