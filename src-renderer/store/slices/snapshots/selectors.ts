import type { FerryStore } from '../../types';

export const snapshotsSelectors = {
  leftovers: (s: FerryStore) => s.snapshotLeftovers,
};
