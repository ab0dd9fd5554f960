// "Add off-host backup proxy" wizard.
import { expect, type Locator, type Page } from '@playwright/test';
import { WizardPage } from './WizardPage';

export class ProxyWizardPage extends WizardPage {
  constructor(page: Page) {
    super(page, 'Add off-host backup proxy');
  }

  async chooseServer(name: RegExp): Promise<void> {
    await this.choose(/^Server/, name);
  }

  readinessTable(serverName: string): Locator {
    return this.dialog.getByRole('table', { name: `Readiness of ${serverName}` });
  }

  /** Rows of the readiness table with the given outcome. */
  rows(serverName: string, status: 'pass' | 'fail' | 'warning'): Locator {
    return this.readinessTable(serverName).getByRole('row').and(this.page.locator(`[data-status="${status}"]`));
  }

  async setMaxTasks(value: number): Promise<void> {
    const spin = this.dialog.getByRole('spinbutton', { name: /Max concurrent tasks/ });
    await spin.fill(String(value));
    await spin.press('Tab');
    await expect(spin).toHaveValue(String(value));
  }

  async applyAndWait(): Promise<void> {
    await this.button('Apply').click();
    await this.expectStep('Apply');
    await expect(this.dialog.getByText(/: Completed$/)).toBeVisible({ timeout: 60_000 });
    await expect(this.button('Next')).toBeEnabled();
  }
}
