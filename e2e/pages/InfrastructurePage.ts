// Backup Infrastructure: proxies (add, edit, re-check, remove) and repositories (add).
import { expect, type Locator, type Page } from '@playwright/test';
import { ProxyWizardPage } from './ProxyWizardPage';
import { RepositoryWizardPage } from './RepositoryWizardPage';

export class InfrastructurePage {
  readonly proxies: Locator;
  readonly repositories: Locator;

  constructor(readonly page: Page) {
    this.proxies = page.getByRole('grid', { name: 'Off-host backup proxies' });
    this.repositories = page.getByRole('grid', { name: 'Backup repositories' });
  }

  command(name: string): Locator {
    return this.page.getByRole('toolbar', { name: 'Backup infrastructure commands' }).getByRole('button', { name, exact: true });
  }

  async addProxy(): Promise<ProxyWizardPage> {
    await this.command('Add off-host backup proxy').click();
    const wizard = new ProxyWizardPage(this.page);
    await wizard.expectStep('Server');
    return wizard;
  }

  proxyRow(name: string): Locator {
    return this.proxies.getByRole('row', { name: new RegExp(name) });
  }

  async selectProxy(name: string): Promise<void> {
    const row = this.proxyRow(name);
    await row.getByRole('radio', { name: `Select ${name}` }).check();
    await expect(row).toHaveAttribute('aria-selected', 'true');
  }

  async editProxy(name: string): Promise<ProxyWizardPage> {
    await this.selectProxy(name);
    await this.command('Edit proxy').click();
    const wizard = new ProxyWizardPage(this.page);
    await wizard.expectStep('Server');
    return wizard;
  }

  async addRepository(): Promise<RepositoryWizardPage> {
    await this.command('Add repository').click();
    const wizard = new RepositoryWizardPage(this.page);
    await wizard.expectStep('Name');
    return wizard;
  }

  repositoryRow(name: string): Locator {
    return this.repositories.getByRole('row', { name: new RegExp(name) });
  }
}
