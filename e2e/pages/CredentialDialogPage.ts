// "Add credential" / "Change password of …": account, password twice, description.
import { expect, type Locator, type Page } from '@playwright/test';

export class CredentialDialogPage {
  readonly dialog: Locator;

  constructor(
    readonly page: Page,
    title: string | RegExp = 'Add credential',
  ) {
    this.dialog = page.getByRole('dialog', { name: title });
  }

  field(label: RegExp): Locator {
    return this.dialog.getByLabel(label);
  }

  async fill(values: { user?: string; password?: string; confirm?: string; description?: string }): Promise<void> {
    if (values.user !== undefined) await this.field(/^Account/).fill(values.user);
    if (values.password !== undefined) await this.field(/^(New )?[Pp]assword/).fill(values.password);
    if (values.confirm !== undefined) await this.field(/^Confirm password/).fill(values.confirm);
    if (values.description !== undefined) await this.field(/^Description/).fill(values.description);
  }

  async save(): Promise<void> {
    await this.dialog.getByRole('button', { name: /^(Save|Change password)$/ }).click();
  }

  /** Save is refused: the dialog stays, and the message says why. */
  async expectRefused(message: string | RegExp): Promise<void> {
    await this.save();
    await expect(this.dialog.getByText(message).first()).toBeVisible();
    await expect(this.dialog).toBeVisible();
  }
}
