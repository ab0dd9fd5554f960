// Settings (notifications, history retention, default job options) and the notification deliveries.
import type { NotificationDelivery, SettingsView } from '../../../../src-shared/contract/settings';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { SettingsSlice } from './state';

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  settings: notLoaded<SettingsView | null>(null),
  deliveries: notLoaded<NotificationDelivery[]>([]),
  fetchSettings: () =>
    load(
      'settings',
      () => get().settings,
      (settings) => set({ settings }),
      () => getClient().call('settings.get', {}),
    ),
  fetchDeliveries: () =>
    load(
      'deliveries',
      () => get().deliveries,
      (deliveries) => set({ deliveries }),
      () => getClient().call('notifications.deliveries', {}),
    ),
  async saveSettings(patch) {
    const saved = await getClient().call('settings.set', patch);
    set({ settings: { data: saved, status: 'ready', error: null, refreshing: false } });
    return saved;
  },
  async testNotification(channel, notifications, smtpPassword) {
    const r = await getClient().call('notifications.test', smtpPassword ? { channel, notifications, smtpPassword } : { channel, notifications });
    return r.detail;
  },
  async retryDeliveries() {
    try {
      return await getClient().call('notifications.retryNow', {});
    } finally {
      void get().fetchDeliveries();
    }
  },
});
