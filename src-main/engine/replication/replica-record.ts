// A replica as the store keeps it: the contract's facts (src-shared/contract/replication.ts) plus what the
// engine needs for the next run — each point disk's change-tracking reference and source path, where the
// target's data mover sees the replica folder, and a merge that was under way.
import type { ByteRange } from '../datamover/task';
import type { Replica, ReplicaPoint, ReplicaPointDisk } from '../../../src-shared/contract/replication';

export type RecordPointDisk = ReplicaPointDisk & {
  /** RCT reference taken with this point's snapshot: the next incremental asks "changed since" it */
  referenceId: string | null;
  /** the source disk's path on its host (names the replica's files) */
  sourcePath: string;
};

export type RecordPoint = Omit<ReplicaPoint, 'disks'> & { disks: RecordPointDisk[] };

export type ReplicaRecord = Omit<Replica, 'jobName' | 'targetHostName' | 'health' | 'pausedReason' | 'points'> & {
  points: RecordPoint[];
  /** the replica folder as the target's data mover sees it (the lab: its files; Windows: the path itself) */
  root: string;
  /** the oldest point being merged away (a crash mid-merge is finished by the next session before it writes) */
  mergingPointId: string | null;
  /** while failed over: per disk, the differencing file the running replica writes to */
  failoverFiles: Array<{ diskIndex: number; path: string }>;
  /** ranges a failback wrote into the source's disks (outside its change tracking): the next run sends them too */
  pendingRanges: Array<{ diskIndex: number; ranges: ByteRange[] }>;
};

/** The newest point (what a replication builds on and a failover uses by default). */
export const newestPoint = (r: ReplicaRecord): RecordPoint | null => r.points[r.points.length - 1] ?? null;
