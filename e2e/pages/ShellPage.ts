// The console frame: navigation, connection state, notifications.
import { expect, type Locator, type Page } from '@playwright/test';

export type View = 'Home' | 'Backups' | 'Inventory' | 'Replicas' | 'Backup Infrastructure' | 'Settings';

export class ShellPage {
  readonly nav: Locator;
  readonly connection: Locator;
  readonly notificationsButton: Locator;
  readonly notifications: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main navigation' });
    this.connection = page.getByRole('banner').getByRole('status');
    this.notificationsButton = page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
    this.notifications = page.getByRole('dialog', { name: 'Notifications' });
  }

  async open(view: View): Promise<void> {
    await this.nav.getByRole('link', { name: view }).click();
    await expect(this.page.getByRole('main', { name: view })).toBeVisible();
  }

  async expectConnected(): Promise<void> {
    await expect(this.connection).toContainText('Connected');
  }

  async openNotifications(): Promise<Locator> {
    await this.notificationsButton.click();
    await expect(this.notifications).toBeVisible();
    return this.notifications.getByRole('list', { name: 'Warnings and failures' }).getByRole('listitem');
  }

  async closeNotifications(): Promise<void> {
    await this.notifications.getByRole('button', { name: 'Close notifications' }).click();
    await expect(this.notifications).toBeHidden();
  }
}
