// Snapshots whose release failed and that are still on the storage (the engine retries them; the admin can too).
import type { SnapshotLeftover } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { SnapshotsSlice } from './state';

export const createSnapshotsSlice: SliceCreator<SnapshotsSlice> = (set, get) => ({
  snapshotLeftovers: notLoaded<SnapshotLeftover[]>([]),
  fetchSnapshotLeftovers: () =>
    load(
      'snapshotLeftovers',
      () => get().snapshotLeftovers,
      (snapshotLeftovers) => set({ snapshotLeftovers }),
      () => getClient().call('snapshots.leftovers', {}),
    ),
  async retrySnapshotCleanup(snapshotId) {
    try {
      return await getClient().call('snapshots.retryCleanup', snapshotId === undefined ? {} : { snapshotId });
    } finally {
      void get().fetchSnapshotLeftovers();
    }
  },
});
