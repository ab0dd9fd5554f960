// The Restore guest files dialog: VM and volume pickers, the folder browser, search, restore and download.
import { expect, type Locator, type Page } from '@playwright/test';

export class GuestFilesPage {
  readonly dialog: Locator;
  readonly files: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^Restore guest files/ });
    this.files = this.dialog.getByRole('table', { name: 'Guest files' });
  }

  row(name: string | RegExp): Locator {
    return this.files.getByRole('row').filter({ hasText: name });
  }

  async openFolder(name: string): Promise<void> {
    await this.dialog.getByRole('button', { name: `Open folder ${name}`, exact: true }).click();
    await expect(this.files).toBeVisible();
  }

  async toRoot(root: string): Promise<void> {
    await this.dialog.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: root, exact: true }).click();
  }

  async search(pattern: string): Promise<void> {
    const box = this.dialog.getByRole('searchbox');
    await box.fill(pattern);
    await box.press('Enter');
    await expect(this.dialog.getByRole('status').filter({ hasText: /match\(es\) for/ })).toBeVisible();
  }

  async select(name: string): Promise<void> {
    await this.dialog.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
  }

  async chooseVm(name: string): Promise<void> {
    await this.dialog.getByRole('combobox', { name: 'VM' }).click();
    await this.page.getByRole('option', { name, exact: true }).click();
  }

  async restoreInto(folder: string): Promise<Locator> {
    await this.dialog.getByRole('textbox', { name: /^Restore into folder/ }).fill(folder);
    await this.dialog.getByRole('button', { name: /^Restore \d+ selected/ }).click();
    const report = this.dialog.getByRole('region', { name: 'Restore report' });
    await expect(report).toBeVisible({ timeout: 30_000 });
    return report;
  }
}
