// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { SnapshotLeftover } from '../../../../src-shared/domain';
import type { ResultOf } from '../../../../src-shared/contract';
import type { Loadable } from '../../loadable';

export type CleanupResult = ResultOf<'snapshots.retryCleanup'>;

export interface SnapshotsSlice {
  snapshotLeftovers: Loadable<SnapshotLeftover[]>;
  fetchSnapshotLeftovers(): Promise<void>;
  /** "Retry clean-up now": one leftover, or all of them; the list is refetched after */
  retrySnapshotCleanup(snapshotId?: string): Promise<CleanupResult>;
}
