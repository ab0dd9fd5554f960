// Snapshots whose release failed and that are still on the storage (the engine retries them; the admin can too).
import type { SnapshotLeftover } from '../../../../src-shared/domain';
import type { ResultOf } from '../../../../src-shared/contract';
import { getClient } from '../../../backend/client';
import { load, notLoaded, type Loadable } from '../../loadable';
import type { SliceCreator } from '../../types';

export type CleanupResult = ResultOf<'snapshots.retryCleanup'>;

export interface SnapshotsSlice {
  snapshotLeftovers: Loadable<SnapshotLeftover[]>;
  fetchSnapshotLeftovers(): Promise<void>;
  /** "Retry clean-up now": one leftover, or all of them; the list is refetched after */
  retrySnapshotCleanup(snapshotId?: string): Promise<CleanupResult>;
}

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
