// The bound store's full shape: the intersection of every slice.
import type { StateCreator } from 'zustand';
import type { ConnectionSlice } from './slices/connection/state';
import type { NavigationSlice } from './slices/navigation/state';
import type { InventorySlice } from './slices/inventory/state';
import type { ProxiesSlice } from './slices/proxies/state';
import type { ServersSlice } from './slices/servers/state';
import type { CredentialsSlice } from './slices/credentials/state';
import type { RepositoriesSlice } from './slices/repositories/state';
import type { JobsSlice } from './slices/jobs/state';
import type { SessionsSlice } from './slices/sessions/state';
import type { RestorePointsSlice } from './slices/restorePoints/state';
import type { TasksSlice } from './slices/tasks/state';
import type { SnapshotsSlice } from './slices/snapshots/state';
import type { NotificationsSlice } from './slices/notifications/state';
import type { SettingsSlice } from './slices/settings/state';
import type { ReplicasSlice } from './slices/replicas/state';
import type { AuditSlice } from './slices/audit/state';

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
  NotificationsSlice &
  SettingsSlice &
  ReplicasSlice &
  AuditSlice;

export type SliceCreator<S> = StateCreator<FerryStore, [['zustand/subscribeWithSelector', never]], [], S>;
