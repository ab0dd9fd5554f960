// Backup Infrastructure: managed servers (add, edit, rescan, remove), proxies (add, edit, disable, re-check,
// remove), repositories (add) and credentials (add, change password, remove).
import { expect, type Locator, type Page } from '@playwright/test';
import { CredentialDialogPage } from './CredentialDialogPage';
import { ProxyWizardPage } from './ProxyWizardPage';
import { RepositoryWizardPage } from './RepositoryWizardPage';
import { ServerWizardPage } from './ServerWizardPage';

export class InfrastructurePage {
  readonly servers: Locator;
  readonly proxies: Locator;
  readonly repositories: Locator;
  readonly credentials: Locator;

  constructor(readonly page: Page) {
    this.servers = page.getByRole('grid', { name: 'Managed servers' });
    this.proxies = page.getByRole('grid', { name: 'Off-host backup proxies' });
    this.repositories = page.getByRole('grid', { name: 'Backup repositories' });
    this.credentials = page.getByRole('grid', { name: 'Credentials' });
  }

  /** A command of the view: the Add commands in the command bar, the others beside their list. */
  command(name: string): Locator {
    return this.page.getByRole('main').getByRole('toolbar').getByRole('button', { name, exact: true });
  }

  async addServer(): Promise<ServerWizardPage> {
    await this.command('Add server').click();
    const wizard = new ServerWizardPage(this.page);
    await wizard.expectStep('Type');
    return wizard;
  }

  /** The row whose Name cell is exactly `name`. */
  serverRow(name: string): Locator {
    return this.servers.getByRole('row').filter({ has: this.page.getByRole('gridcell', { name, exact: true }) });
  }

  async selectServer(name: string): Promise<void> {
    const row = this.serverRow(name);
    await row.getByRole('radio', { name: `Select ${name}` }).check();
    await expect(row).toHaveAttribute('aria-selected', 'true');
  }

  async addCredential(): Promise<CredentialDialogPage> {
    await this.command('Add credential').click();
    const dialog = new CredentialDialogPage(this.page);
    await expect(dialog.dialog).toBeVisible();
    return dialog;
  }

  credentialRow(user: string): Locator {
    return this.credentials.getByRole('row').filter({ has: this.page.getByRole('gridcell', { name: user, exact: true }) });
  }

  async selectCredential(user: string): Promise<void> {
    const row = this.credentialRow(user);
    await row.getByRole('radio', { name: `Select ${user}` }).check();
    await expect(row).toHaveAttribute('aria-selected', 'true');
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
