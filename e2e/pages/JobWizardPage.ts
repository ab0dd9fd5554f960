// The backup job wizard (New, Edit and Clone share it).
import { expect, type Locator, type Page } from '@playwright/test';
import { WizardPage } from './WizardPage';

export class JobWizardPage extends WizardPage {
  constructor(page: Page, title: string | RegExp = /backup job/) {
    super(page, title);
  }

  /** The job wizard opens on its Name step with the Name field focused: the admin types at once. */
  async expectOpenedOnName(): Promise<void> {
    await expect(this.heading).toHaveText('Name');
    await expect(this.dialog.getByRole('textbox', { name: /^Name/ })).toBeFocused();
  }

  async setName(name: string, description = ''): Promise<void> {
    await this.dialog.getByRole('textbox', { name: /^Name/ }).fill(name);
    if (description) await this.dialog.getByRole('textbox', { name: /^Description/ }).fill(description);
  }

  vmItem(name: string): Locator {
    return this.dialog.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) });
  }

  async search(text: string): Promise<void> {
    await this.dialog.getByRole('searchbox', { name: 'Search virtual machines' }).fill(text);
  }

  async checkVm(name: string): Promise<void> {
    const box = this.vmItem(name).getByRole('checkbox').first();
    await box.check();
    await expect(box).toBeChecked();
  }

  /** Expands the VM and clears one disk's checkbox. */
  async excludeDisk(vmName: string, index: number): Promise<void> {
    await this.vmItem(vmName).getByText(vmName, { exact: true }).click();
    const disk = this.dialog.getByRole('treeitem', { name: new RegExp(`^${vmName} disk ${index} `) });
    await disk.getByRole('checkbox').uncheck();
    await expect(this.dialog.getByRole('treeitem', { name: new RegExp(`^${vmName} disk ${index} \\(excluded\\)`) })).toBeVisible();
  }

  async chooseRepository(name: RegExp): Promise<void> {
    await this.choose(/^Backup repository/, name);
  }

  /** Storage step: changed block tracking for incrementals. */
  changeTracking(): Locator {
    return this.dialog.getByRole('checkbox', { name: 'Use changed block tracking (RCT) for incrementals' });
  }

  /** Storage step: "Weekly on selected days" with exactly these days ticked. */
  async activeFullWeekly(days: string[]): Promise<void> {
    await this.dialog.getByRole('radio', { name: 'Weekly on selected days' }).check();
    const group = this.dialog.getByRole('group', { name: 'Active full on' });
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) {
      await group.getByRole('checkbox', { name: day, exact: true }).setChecked(days.includes(day));
    }
  }

  /** Guest processing step. */
  requireSuccess(): Locator {
    return this.dialog.getByRole('checkbox', { name: /^Require successful processing/ });
  }

  /** Summary step: the value of one setting. */
  setting(term: string): Locator {
    return this.dialog.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
  }

  async expectOffHostAutomaticWithFailover(): Promise<void> {
    await expect(this.dialog.getByRole('radio', { name: /^Off-host backup/ })).toBeChecked();
    await expect(this.dialog.getByRole('radio', { name: /^Automatic selection/ })).toBeChecked();
    await expect(this.dialog.getByRole('checkbox', { name: /Failover to on-host backup mode/ })).toBeChecked();
  }

  async pinProxies(names: string[]): Promise<void> {
    await this.dialog.getByRole('radio', { name: /Use the following backup proxy servers only/ }).check();
    for (const n of names) await this.dialog.getByRole('checkbox', { name: new RegExp(`^${n}\\b`) }).check();
  }

  get planTable(): Locator {
    return this.dialog.getByRole('table', { name: 'Estimated snapshot plan' });
  }

  async finish(): Promise<void> {
    await this.button('Finish').click();
    await expect(this.dialog).toBeHidden();
  }
}
