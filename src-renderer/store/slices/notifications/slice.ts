// Which notifications the admin has read. The list itself is derived (see derive.ts); the read marks
// survive a reload so old failures are not announced again.
import type { SliceCreator } from '../../types';
import type { NotificationsSlice } from './state';

const STORAGE_KEY = 'ferry.notifications.read';
const MAX_REMEMBERED = 500;

function loadRead(): string[] {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function saveRead(ids: string[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(ids));
  } catch {
    // private mode or a full quota: read marks just do not persist
  }
}

export const createNotificationsSlice: SliceCreator<NotificationsSlice> = (set, get) => ({
  readNotificationIds: loadRead(),
  notificationsOpen: false,
  markNotificationsRead(ids) {
    const next = [...new Set([...get().readNotificationIds, ...ids])].slice(-MAX_REMEMBERED);
    saveRead(next);
    set({ readNotificationIds: next });
  },
  setNotificationsOpen: (notificationsOpen) => set({ notificationsOpen }),
});
