// The console frame: navigation and connection state.
import { expect, type Locator, type Page } from '@playwright/test';

export type View = 'Home' | 'Inventory' | 'Backup Infrastructure';

export class ShellPage {
  readonly nav: Locator;
  readonly connection: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main navigation' });
    this.connection = page.getByRole('banner').getByRole('status');
  }

  async open(view: View): Promise<void> {
    await this.nav.getByRole('link', { name: view }).click();
    await expect(this.page.getByRole('main', { name: view })).toBeVisible();
  }

  async expectConnected(): Promise<void> {
    await expect(this.connection).toContainText('Connected');
  }
}
