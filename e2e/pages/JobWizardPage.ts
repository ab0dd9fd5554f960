// "New backup job" wizard.
import { expect, type Page } from '@playwright/test';
import { WizardPage } from './WizardPage';

export class JobWizardPage extends WizardPage {
  constructor(page: Page) {
    super(page, 'New backup job');
  }

  async setName(name: string, description = ''): Promise<void> {
    await this.dialog.getByRole('textbox', { name: /^Name/ }).fill(name);
    if (description) await this.dialog.getByRole('textbox', { name: /^Description/ }).fill(description);
  }

  async checkVm(name: string): Promise<void> {
    const item = this.dialog.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) });
    await item.getByRole('checkbox').check();
    await expect(item.getByRole('checkbox')).toBeChecked();
  }

  async chooseRepository(name: RegExp): Promise<void> {
    await this.choose(/^Backup repository/, name);
  }

  async expectOffHostAutomaticWithFailover(): Promise<void> {
    await expect(this.dialog.getByRole('radio', { name: /^Off-host backup/ })).toBeChecked();
    await expect(this.dialog.getByRole('radio', { name: /^Automatic selection/ })).toBeChecked();
    await expect(this.dialog.getByRole('checkbox', { name: /Failover to on-host backup mode/ })).toBeChecked();
  }

  async finish(): Promise<void> {
    await this.button('Finish').click();
    await expect(this.dialog).toBeHidden();
  }
}
