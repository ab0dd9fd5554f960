// The bound store's full shape: the intersection of every slice.
import type { StateCreator } from 'zustand';
import type { ConnectionSlice } from './slices/connection/slice';
import type { NavigationSlice } from './slices/navigation/slice';
import type { InventorySlice } from './slices/inventory/slice';
import type { ProxiesSlice } from './slices/proxies/slice';
import type { ServersSlice } from './slices/servers/slice';
import type { CredentialsSlice } from './slices/credentials/slice';
import type { RepositoriesSlice } from './slices/repositories/slice';
import type { JobsSlice } from './slices/jobs/slice';
import type { SessionsSlice } from './slices/sessions/slice';
import type { RestorePointsSlice } from './slices/restorePoints/slice';
import type { TasksSlice } from './slices/tasks/slice';
import type { SnapshotsSlice } from './slices/snapshots/slice';
import type { NotificationsSlice } from './slices/notifications/slice';

export type FerryStore = ConnectionSlice &
  NavigationSlice &
  InventorySlice &
  ProxiesSlice &
  ServersSlice &
  CredentialsSlice &
  RepositoriesSlice &
  JobsSlice &
  SessionsSlice &
  RestorePointsSlice &
  TasksSlice &
  SnapshotsSlice &
  NotificationsSlice;

export type SliceCreator<S> = StateCreator<FerryStore, [['zustand/subscribeWithSelector', never]], [], S>;
