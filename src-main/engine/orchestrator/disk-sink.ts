// Where a session's data mover writes, and what the session does before and after: the one thing a backup
// (repository writer), a replication (replica writer on the target host) and a restore differ in. The session
// runner (session-runner.ts) owns everything they share: the off-host snapshot lifecycle and its ledger, task
// slots and throttling, stats, stop and retries.
import type { Inventory } from '../../../src-shared/domain';
import type { DiskTask } from '../datamover/task';
import type { ChangeReference, CreatedSnapshot, PlatformLog } from '../platform/types';
import type { DiskReadPlan } from './change-chain';
import type { DiskOutcome } from './restore-point-commit';
import type { SessionRecorder } from './session-recorder';

/** The DiskTask fields a sink decides: where the blocks go and how they are cut (the runner adds the source). */
export type SinkTaskFields = Omit<DiskTask, 'taskId' | 'sourcePath' | 'displayPath' | 'diskKey' | 'runOn' | 'throttleMBps' | 'throttleSchedule'>;

/** What a sink knows of the session that uses it. */
export interface SinkSession {
  rec: SessionRecorder;
  /** no other session runs (a repository may be garbage-collected) */
  isOnlySession: () => boolean;
}

/** A VM the sink does not take this time: dropped from the session, or listed as a Warning with the reason. */
export interface VmSkip {
  drop: boolean;
  reason: string;
}

export interface DiskSink {
  /** once, after the inventory was read and before any snapshot (e.g. the chain of earlier points) */
  open(inv: Inventory): Promise<void>;
  /** after open: a VM of the job this sink does not take now (e.g. a replica not Ready); default: every VM */
  skip?(vmId: string): VmSkip | null;
  /** before a snapshot's disks are moved: throws when the destination is gone (the snapshot's VMs fail) */
  checkDestination(): void;
  /** full or incremental for one disk of this snapshot */
  planDisk(created: CreatedSnapshot, vmId: string, diskIndex: number, virtualSizeBytes: number, log: PlatformLog): Promise<DiskReadPlan>;
  /** where the mover writes this disk */
  taskFields(vmId: string, diskIndex: number, plan: DiskReadPlan): SinkTaskFields;
  /** after every pass: the disks of the VMs that succeeded become one point (complete or absent) */
  commit(inv: Inventory, outcomes: DiskOutcome[]): Promise<void>;
  /**
   * always, last (also after a failure): the change-tracking references taken with this session's snapshots that no
   * point builds on are retired. Returns the VMs whose retirement failed (kept pending for the next start).
   */
  close(taken: readonly ChangeReference[]): Promise<string[]>;
}
