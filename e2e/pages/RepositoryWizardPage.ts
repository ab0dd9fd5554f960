// "Add backup repository" wizard.
import { expect, type Page } from '@playwright/test';
import { WizardPage } from './WizardPage';

export class RepositoryWizardPage extends WizardPage {
  constructor(page: Page) {
    super(page, 'Add backup repository');
  }

  async setName(name: string): Promise<void> {
    await this.dialog.getByRole('textbox', { name: /^Name/ }).fill(name);
  }

  async setFolder(path: string): Promise<void> {
    await this.dialog.getByRole('textbox', { name: /^Folder/ }).fill(path);
  }

  async create(): Promise<void> {
    await this.button('Create').click();
  }

  async finish(): Promise<void> {
    await this.expectStep('Summary');
    await this.button('Finish').click();
    await expect(this.dialog).toBeHidden();
  }
}
