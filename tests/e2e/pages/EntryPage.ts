// Page object: the entry screen of the Invoer area (identify a form, key it with the keyboard alone, read the summary).
import type { Locator, Page } from 'playwright-core';

/** One keying action: text typed key by key, or a named key in braces, e.g. "{Enter}", "{Shift+Tab}", "{ArrowUp}", "{F10}". */
export type KeyAction = string;

/** The entry screen. */
export class EntryPage {
  constructor(readonly page: Page) {}

  /** The labelled operator, batch, date-received and case-ID fields of the identify step. */
  operator(): Locator {
    return this.page.getByLabel(/^(Invoerder|Operator)$/);
  }
  batch(): Locator {
    return this.page.getByLabel(/^Batch$/);
  }
  receivedOn(): Locator {
    return this.page.getByLabel(/^(Datum ontvangst|Date received)$/);
  }
  caseId(): Locator {
    return this.page.getByLabel(/^(Case-ID|Case ID)$/);
  }

  /** The form being keyed (carries data-case and data-pending). */
  form(): Locator {
    return this.page.locator('.entry-form');
  }

  /** The field of a variable (its input, found by variable name). */
  field(variable: string): Locator {
    return this.page.locator(`#entry-${variable}`);
  }

  /** The check message under the current question (refusal, warning). */
  message(): Locator {
    return this.page.getByTestId('entry-message');
  }

  /** The notice about fields cleared by routing. */
  notice(): Locator {
    return this.page.getByTestId('entry-notice');
  }

  /** The error of the identify step (e.g. a wrong check digit). */
  error(): Locator {
    return this.page.getByTestId('entry-error');
  }

  /** The end-of-form summary. */
  summary(): Locator {
    return this.page.getByRole('region', { name: /^(Samenvatting|Summary)$/ });
  }

  /** The name of the variable whose field has focus, or ''. */
  focusedVariable(): Promise<string> {
    return this.page.evaluate(() => (document.activeElement?.id ?? '').replace(/^entry-/, ''));
  }

  /** Performs keying actions with the keyboard only. */
  async keys(...actions: KeyAction[]): Promise<void> {
    for (const a of actions) {
      const m = /^\{(.+)\}$/.exec(a);
      if (m) await this.page.keyboard.press(m[1]!);
      else await this.page.keyboard.type(a);
    }
  }

  /** Waits until the form shows case `caseId` with its first field focused. */
  async waitForForm(caseId: string): Promise<void> {
    await this.page.locator(`.entry-form[data-case="${caseId}"]`).waitFor();
    await this.page.waitForFunction(() => document.activeElement?.id.startsWith('entry-') === true);
  }

  /** Waits until every commit of the form was acknowledged by the backend. */
  async waitSaved(): Promise<void> {
    await this.page.waitForFunction(() => document.querySelector('.entry-form')?.getAttribute('data-pending') === '0');
  }

  /** Waits until `variable` has focus. */
  async waitFocus(variable: string): Promise<void> {
    await this.page.waitForFunction((v) => document.activeElement?.id === `entry-${v}`, variable);
  }

  /** Types a case ID into the case-ID field (which must have focus, as after a summary) and opens it with Enter. */
  async open(caseId: string): Promise<void> {
    await this.page.waitForFunction(() => document.activeElement?.id === 'entry-identify-caseid');
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(caseId);
    await this.page.keyboard.press('Enter');
  }
}
