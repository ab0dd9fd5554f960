// What every wizard shares: the dialog, the step heading, Back / Next / Finish.
import { expect, type Locator, type Page } from '@playwright/test';

export class WizardPage {
  readonly dialog: Locator;

  constructor(
    readonly page: Page,
    title: string,
  ) {
    this.dialog = page.getByRole('dialog', { name: title });
  }

  /** The step heading (h3; the dialog title is the h2). */
  get heading(): Locator {
    return this.dialog.getByRole('heading', { level: 3 });
  }

  button(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }

  async expectStep(name: string): Promise<void> {
    await expect(this.heading).toHaveText(name);
    // Keyboard and screen-reader users land on the step heading.
    await expect(this.heading).toBeFocused();
  }

  async next(expectedStep?: string): Promise<void> {
    await this.button('Next').click();
    if (expectedStep) await this.expectStep(expectedStep);
  }

  async back(expectedStep?: string): Promise<void> {
    await this.button('Back').click();
    if (expectedStep) await this.expectStep(expectedStep);
  }

  /** Fluent Dropdown: open the combobox, pick the option (options live in a portal outside the dialog). */
  async choose(combobox: string | RegExp, option: RegExp): Promise<void> {
    await this.dialog.getByRole('combobox', { name: combobox }).click();
    await this.page.getByRole('option', { name: option }).click();
  }
}
