import { createSelector } from './memo';
import type { FerryStore } from '../../types';
import { deriveNotifications } from './derive';
import { withDeliveries } from './deliveries';

const fromSessionsAndProxies = createSelector((s: FerryStore) => s.sessions.data, (s: FerryStore) => s.proxies.data, deriveNotifications);
const all = createSelector(fromSessionsAndProxies, (s: FerryStore) => s.deliveries.data, withDeliveries);

export const notificationsSelectors = {
  all,
  unreadCount: (s: FerryStore) => {
    const read = new Set(s.readNotificationIds);
    return all(s).filter((n) => !read.has(n.id)).length;
  },
  readIds: (s: FerryStore) => s.readNotificationIds,
  open: (s: FerryStore) => s.notificationsOpen,
};
