// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).


export interface NotificationsSlice {
  readNotificationIds: string[];
  notificationsOpen: boolean;
  markNotificationsRead(ids: string[]): void;
  setNotificationsOpen(open: boolean): void;
}
