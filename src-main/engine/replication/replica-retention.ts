// Restore points to keep: beyond the limit the oldest point is merged away (Hyper-V: deleting the oldest
// checkpoint). The record says which point is being merged before any file changes, so a crash mid-merge is
// finished by the next session (the merge is idempotent) and never shows a damaged point: while it runs, the
// oldest point is already gone from the list, and every kept point reads the same as before.
import type { PlatformLog } from '../platform/types';
import type { Store } from '../store/store';
import type { ReplicaHost } from './replica-host';
import type { ReplicaRecord } from './replica-record';

export interface RetentionDeps {
  store: Store;
  host: ReplicaHost;
}

export async function mergeBeyondLimit(deps: RetentionDeps, r: ReplicaRecord, keep: number, log: PlatformLog): Promise<ReplicaRecord> {
  let current = r;
  while (current.points.length > keep && !current.mergingPointId) {
    const oldest = current.points[0];
    current = { ...current, mergingPointId: oldest.id };
    deps.store.putReplica(current);
    log('info', `Restore points to keep: ${keep}; merging the oldest point ${oldest.id} of ${r.name} into its successor`);
    current = await finishPendingMerge(deps, current, log);
  }
  return current;
}

/** Folds the point named by mergingPointId into the base; the record then lists the next point on the base files. */
export async function finishPendingMerge(deps: RetentionDeps, r: ReplicaRecord, log: PlatformLog): Promise<ReplicaRecord> {
  if (!r.mergingPointId) return r;
  await deps.host.mergeOldest(r, log);
  const [oldest, next, ...rest] = r.points;
  const base = new Map(oldest.disks.map((d) => [d.diskIndex, d.path]));
  const merged = { ...next, disks: next.disks.map((d) => ({ ...d, path: base.get(d.diskIndex) ?? d.path })) };
  const done: ReplicaRecord = { ...r, points: [merged, ...rest], mergingPointId: null };
  deps.store.putReplica(done);
  await deps.host.register(done, log);
  return done;
}
