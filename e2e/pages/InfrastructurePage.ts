// Backup Infrastructure: proxies and repositories.
import type { Locator, Page } from '@playwright/test';
import { ProxyWizardPage } from './ProxyWizardPage';

export class InfrastructurePage {
  readonly proxies: Locator;
  readonly repositories: Locator;

  constructor(readonly page: Page) {
    this.proxies = page.getByRole('grid', { name: 'Off-host backup proxies' });
    this.repositories = page.getByRole('grid', { name: 'Backup repositories' });
  }

  async addProxy(): Promise<ProxyWizardPage> {
    await this.page.getByRole('toolbar').getByRole('button', { name: 'Add off-host backup proxy' }).click();
    const wizard = new ProxyWizardPage(this.page);
    await wizard.expectStep('Server');
    return wizard;
  }

  proxyRow(name: string): Locator {
    return this.proxies.getByRole('row', { name: new RegExp(name) });
  }
}
