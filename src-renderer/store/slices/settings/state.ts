// The slice's state and actions as types, apart from its creator (see store/types.ts).
import type { NotificationChannel, NotificationDelivery, NotificationSettings, SettingsPatch, SettingsView } from '../../../../src-shared/contract/settings';
import type { Loadable } from '../../loadable';

export interface SettingsSlice {
  /** null until loaded */
  settings: Loadable<SettingsView | null>;
  /** recent notification deliveries, newest first (failed ones also become notifications) */
  deliveries: Loadable<NotificationDelivery[]>;
  fetchSettings(): Promise<void>;
  fetchDeliveries(): Promise<void>;
  /** settings.set; the stored settings come back and replace what the slice holds */
  saveSettings(patch: SettingsPatch): Promise<SettingsView>;
  /** notifications.test with the form as typed (not yet saved) */
  testNotification(channel: NotificationChannel, notifications: NotificationSettings, smtpPassword?: string): Promise<string>;
  retryDeliveries(): Promise<{ sent: number; failed: number }>;
}
