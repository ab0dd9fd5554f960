// One bound store built from slices (zustand slices pattern). Non-React code uses getFerryState().
import { create } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import type { FerryStore } from './types';
import { createConnectionSlice } from './slices/connection/slice';
import { createNavigationSlice } from './slices/navigation/slice';
import { createInventorySlice } from './slices/inventory/slice';
import { createProxiesSlice } from './slices/proxies/slice';
import { createServersSlice } from './slices/servers/slice';
import { createCredentialsSlice } from './slices/credentials/slice';
import { createRepositoriesSlice } from './slices/repositories/slice';
import { createJobsSlice } from './slices/jobs/slice';
import { createSessionsSlice } from './slices/sessions/slice';
import { createRestorePointsSlice } from './slices/restorePoints/slice';
import { createTasksSlice } from './slices/tasks/slice';
import { createSnapshotsSlice } from './slices/snapshots/slice';
import { createNotificationsSlice } from './slices/notifications/slice';
import { createSettingsSlice } from './slices/settings/slice';
import { createReplicasSlice } from './slices/replicas/slice';
import { createAuditSlice } from './slices/audit/slice';

export const useFerryStore = create<FerryStore>()(
  subscribeWithSelector((...a) => ({
    ...createConnectionSlice(...a),
    ...createNavigationSlice(...a),
    ...createInventorySlice(...a),
    ...createProxiesSlice(...a),
    ...createServersSlice(...a),
    ...createCredentialsSlice(...a),
    ...createRepositoriesSlice(...a),
    ...createJobsSlice(...a),
    ...createSessionsSlice(...a),
    ...createRestorePointsSlice(...a),
    ...createTasksSlice(...a),
    ...createSnapshotsSlice(...a),
    ...createNotificationsSlice(...a),
    ...createSettingsSlice(...a),
    ...createReplicasSlice(...a),
    ...createAuditSlice(...a),
  })),
);

export const getFerryState = () => useFerryStore.getState();

/** Tests start each case from a fresh store. */
export function resetFerryStore(): void {
  useFerryStore.setState(useFerryStore.getInitialState(), true);
}

export type { FerryStore } from './types';
