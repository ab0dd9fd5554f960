// The Mount dialog of a restore point: mount a disk over NBD, read its address, stop it.
import { expect, type Locator, type Page } from '@playwright/test';

export class MountDialogPage {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^Mount a disk of/ });
  }

  /** Opens the dialog from a restore point row. */
  static async open(row: Locator): Promise<MountDialogPage> {
    await row.getByRole('button', { name: /^Mount a disk of the restore point/ }).click();
    const p = new MountDialogPage(row.page());
    await expect(p.dialog).toBeVisible();
    return p;
  }

  async chooseDisk(label: RegExp): Promise<void> {
    await this.dialog.getByRole('combobox', { name: /^Disk/ }).click();
    await this.page.getByRole('option', { name: label }).click();
  }

  /** Clicks Mount and returns the nbd:// address the dialog shows. */
  async mount(): Promise<string> {
    await this.dialog.getByRole('button', { name: 'Mount', exact: true }).click();
    const address = this.dialog.getByRole('textbox', { name: /^NBD address/ });
    await expect(address).toHaveValue(/^nbd:\/\/127\.0\.0\.1:\d+\//);
    return address.inputValue();
  }

  counters(): Locator {
    return this.dialog.getByRole('status');
  }

  async stop(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(this.dialog.getByRole('button', { name: 'Mount', exact: true })).toBeVisible();
  }
}
