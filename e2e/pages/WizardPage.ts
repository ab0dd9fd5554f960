// What every wizard shares: the dialog, the step heading, Back / Next / Finish.
import { expect, type Locator, type Page } from '@playwright/test';

export class WizardPage {
  readonly dialog: Locator;

  constructor(
    readonly page: Page,
    /** the dialog title, or a part of it ("off-host backup proxy" matches Add and Edit) */
    title: string | RegExp,
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

  /** Next is refused: the step stays, and the message says why. */
  async expectRefused(step: string, message: string | RegExp): Promise<void> {
    await this.button('Next').click();
    await expect(this.heading).toHaveText(step);
    await expect(this.dialog.getByText(message).first()).toBeVisible();
  }

  /** Fluent Dropdown: open the combobox, pick the option (options live in a portal outside the dialog). */
  async choose(combobox: string | RegExp, option: RegExp): Promise<void> {
    await this.dialog.getByRole('combobox', { name: combobox }).click();
    await this.page.getByRole('option', { name: option }).click();
  }

  /** Fluent SpinButton: type, then leave the field so the value commits. */
  async setSpin(name: string | RegExp, value: number): Promise<void> {
    const spin = this.dialog.getByRole('spinbutton', { name });
    await spin.fill(String(value));
    await spin.press('Tab');
    await expect(spin).toHaveValue(String(value));
  }
}
