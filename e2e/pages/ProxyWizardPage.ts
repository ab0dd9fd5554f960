// The off-host backup proxy wizard (Add and Edit share it).
import { expect, type Locator, type Page } from '@playwright/test';
import { WizardPage } from './WizardPage';

export class ProxyWizardPage extends WizardPage {
  constructor(page: Page) {
    super(page, /off-host backup proxy/);
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

  async volumesAutomatic(): Promise<void> {
    await this.dialog.getByRole('radio', { name: /^Automatic: every volume/ }).check();
  }

  async volumesChosen(paths: string[]): Promise<void> {
    await this.dialog.getByRole('radio', { name: 'Only the volumes I choose' }).check();
    for (const p of paths) await this.dialog.getByRole('checkbox', { name: `Use ${p}` }).check();
  }

  async setMaxTasks(value: number): Promise<void> {
    await this.setSpin(/Max concurrent tasks/, value);
  }

  /** null: no throttling. */
  async setThrottle(mbps: number | null): Promise<void> {
    const box = this.dialog.getByRole('checkbox', { name: /Throttle reads/ });
    if (mbps === null) {
      await box.uncheck();
      return;
    }
    await box.check();
    await this.setSpin(/Maximum read rate/, mbps);
  }

  async applyAndWait(): Promise<void> {
    await this.button('Apply').click();
    await this.expectStep('Apply');
    await expect(this.dialog.getByText(/: Completed$/)).toBeVisible({ timeout: 60_000 });
    await expect(this.button('Next')).toBeEnabled();
  }
}
