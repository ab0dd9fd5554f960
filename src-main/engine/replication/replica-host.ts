// The target host's side of replication, as the engine needs it: where its data mover sees a folder, how to reach
// that mover, and the Hyper-V operations on the replica VM (register with checkpoints, merge the oldest point,
// start / stop for failover, send changes back for failback). The lab implements it on local files
// (platform/lab/lab-replicas.ts); a platform without it cannot run replication jobs (E_REPLICA_OPERATION).
import type { AgentEndpoint, PlatformLog } from '../platform/types';
import type { ByteRange } from '../datamover/task';
import type { RecordPoint, ReplicaRecord } from './replica-record';

export interface FailbackResult {
  /** per disk: the ranges written to production (the next replication reads them again) */
  written: Array<{ diskIndex: number; ranges: ByteRange[] }>;
  bytesSent: number;
  blocksCompared: number;
}

export interface ReplicaHost {
  /** folder `path` of host `hostId` as the target's data mover sees it */
  root(hostId: string, path: string): string;
  /** the target host's data-mover agent; null: the target-side writer runs in the console's process */
  endpoint(hostId: string): Promise<AgentEndpoint | null>;
  /** the replica VM on its host, Off, with one checkpoint per point (created or updated after each run) */
  register(r: ReplicaRecord, log: PlatformLog): Promise<void>;
  /** folds the oldest point into the base disk; the second-oldest becomes the base (idempotent) */
  mergeOldest(r: ReplicaRecord, log: PlatformLog): Promise<void>;
  /** starts the replica from `point`: a differencing disk per disk on top of it (the point stays untouched) */
  startFailover(r: ReplicaRecord, point: RecordPoint, log: PlatformLog): Promise<ReplicaRecord['failoverFiles']>;
  /** powers the replica off and deletes what it wrote since the failover */
  undoFailover(r: ReplicaRecord, log: PlatformLog): Promise<void>;
  /** powers the source VM off and writes into its disks only the blocks that differ from the running replica */
  failback(r: ReplicaRecord, log: PlatformLog, progress: (fraction: number) => void): Promise<FailbackResult>;
  /** the replica VM is powered off (commit failback) or on again (undo failback) */
  setReplicaRunning(r: ReplicaRecord, running: boolean, log: PlatformLog): Promise<void>;
  /** the source VM is powered on or off (planned failover, failback) */
  setSourceRunning(vmId: string, running: boolean, log: PlatformLog): Promise<void>;
}
