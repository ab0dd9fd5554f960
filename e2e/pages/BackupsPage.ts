// Home › Backups: the tree of jobs → VMs (and Orphaned), a VM's restore points and its restore commands; the
// same points and commands under a VM picked in Inventory.
import { expect, type Locator, type Page } from '@playwright/test';
import { WizardPage } from './WizardPage';

export class BackupsPage {
  readonly tree: Locator;

  constructor(readonly page: Page) {
    this.tree = page.getByRole('tree', { name: 'Backups by job and VM' });
  }

  /** The VM under the job in the tree (Enter on it, as the keyboard does). */
  async selectVm(vmName: string, jobName: string): Promise<void> {
    const item = this.tree.getByRole('treeitem', { name: new RegExp(`^${vmName} in ${jobName}:`) });
    await item.focus();
    await this.page.keyboard.press('Enter');
    await expect(item).toHaveAttribute('aria-selected', 'true');
    await expect(this.points(vmName)).toBeVisible();
  }

  points(vmName: string): Locator {
    return this.page.getByRole('grid', { name: `Restore points of ${vmName}` });
  }

  pointRows(vmName: string): Locator {
    // the body's rows (the header row holds a selection cell too)
    return this.points(vmName).getByRole('rowgroup').nth(1).getByRole('row');
  }

  command(vmName: string, name: string): Locator {
    return this.page.getByRole('toolbar', { name: `Restore commands for ${vmName}` }).getByRole('button', { name });
  }

  async openVmRestore(vmName: string): Promise<RestoreWizardPage> {
    await this.command(vmName, 'Entire VM restore…').click();
    const wizard = new RestoreWizardPage(this.page, `Entire VM restore: ${vmName}`);
    await wizard.expectStep('Virtual machines');
    return wizard;
  }

  async openDisksRestore(vmName: string): Promise<RestoreWizardPage> {
    await this.command(vmName, 'Virtual disks restore…').click();
    const wizard = new RestoreWizardPage(this.page, `Virtual disks restore: ${vmName}`);
    await wizard.expectStep('Disks');
    return wizard;
  }
}

export class RestoreWizardPage extends WizardPage {
  /** The Summary's plan: waits until the engine's check is shown. */
  async expectPlanned(): Promise<void> {
    await this.expectStep('Summary');
    await expect(this.dialog.getByRole('grid', { name: 'Space check' })).toBeVisible({ timeout: 30_000 });
  }

  async finish(): Promise<void> {
    await expect(this.button('Finish')).toBeEnabled();
    await this.button('Finish').click();
    await expect(this.dialog).toBeHidden({ timeout: 30_000 });
  }
}
