import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const snapshotHandlers = ({ snapshots }: EngineOperations): HandlersOf<'snapshots'> => ({
  'snapshots.leftovers': () => snapshots.list(),
  'snapshots.retryCleanup': ({ snapshotId }) => snapshots.retryNow(snapshotId),
});
