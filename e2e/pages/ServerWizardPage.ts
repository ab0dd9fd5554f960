// The "Add server" wizard (opened from Backup Infrastructure, or nested in the proxy wizard's Server step).
import { expect, type Locator, type Page } from '@playwright/test';
import { WizardPage } from './WizardPage';

export type ServerType = 'Hyper-V host' | 'Hyper-V cluster' | 'Windows server';

export class ServerWizardPage extends WizardPage {
  constructor(page: Page) {
    super(page, 'Add server');
  }

  typeRadio(type: ServerType): Locator {
    return this.dialog.getByRole('radio', { name: new RegExp(`^${type}`) });
  }

  async chooseType(type: ServerType): Promise<void> {
    await this.typeRadio(type).check();
  }

  async setName(name: string): Promise<void> {
    await this.dialog.getByRole('textbox', { name: /^DNS name or IP address/ }).fill(name);
  }

  async chooseCredential(option: RegExp): Promise<void> {
    await this.choose(/^Credentials/, option);
  }

  requirements(serverName: string): Locator {
    return this.dialog.getByRole('table', { name: `Requirements on ${serverName}` });
  }

  async setMaxSnapshots(value: number): Promise<void> {
    await this.setSpin(/Max snapshots per volume/, value);
  }

  async applyAndWait(): Promise<void> {
    await this.button('Apply').click();
    await this.expectStep('Apply');
    await expect(this.dialog.getByText(/: Completed$/)).toBeVisible({ timeout: 60_000 });
    await expect(this.button('Next')).toBeEnabled();
  }

  async finish(): Promise<void> {
    await this.expectStep('Summary');
    await this.button('Finish').click();
    await expect(this.dialog).toBeHidden();
  }
}
