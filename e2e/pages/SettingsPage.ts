// Settings: the e-mail section's form and test button, Save, and the deliveries table.
import { expect, type Locator, type Page } from '@playwright/test';

export class SettingsPage {
  readonly main: Locator;
  readonly email: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main', { name: 'Settings' });
    this.email = this.main.getByRole('region', { name: 'E-mail' });
  }

  async configureEmail(o: { host: string; port: number; from: string; recipients: string[] }): Promise<void> {
    await this.email.getByRole('checkbox', { name: 'Send session reports and alerts by e-mail' }).check();
    await this.email.getByRole('textbox', { name: 'SMTP server' }).fill(o.host);
    await this.email.getByRole('combobox', { name: 'Security' }).selectOption('none');
    const port = this.email.getByRole('spinbutton', { name: 'Port' });
    await port.fill(String(o.port));
    await port.press('Tab');
    await this.email.getByRole('textbox', { name: 'From' }).fill(o.from);
    await this.email.getByRole('textbox', { name: 'Recipients' }).fill(o.recipients.join('\n'));
  }

  async save(): Promise<void> {
    const save = this.page.getByRole('toolbar', { name: 'Settings commands' }).getByRole('button', { name: 'Save' });
    await save.click();
    await expect(this.page.getByText('Settings saved').first()).toBeVisible();
    // the form now matches what is stored: nothing left to save
    await expect(save).toBeDisabled();
  }

  async sendTestEmail(): Promise<Locator> {
    await this.email.getByRole('button', { name: 'Send test e-mail' }).click();
    const result = this.email.getByRole('status');
    await expect(result).toContainText(/Sent to|failed|refused|reached/, { timeout: 30_000 });
    return result;
  }

  deliveries(): Locator {
    return this.main.getByRole('grid', { name: 'Notification deliveries' });
  }
}
