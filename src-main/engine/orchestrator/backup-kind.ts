// Full or incremental, per disk, with the reason — pure, so every rule is tested without a lab.
// An incremental needs an unbroken chain: the job's last restore point of this disk, in the job's repository,
// of the same size and block grid, with the change-tracking reference taken with its snapshot, and a
// reference taken with this snapshot (so the next run can build on this one). Whatever the platform then
// says about the changed ranges (reference gone → null) is the last check, made by the caller.
import type { ActiveFull } from '../../../src-shared/domain';
import { fmtBytes } from '../util/format';
import { activeFullDue, describeActiveFull } from './active-full';

/** What the store knows about the job's newest restore point of a disk. */
export interface PreviousDisk {
  pointId: string;
  createdAt: string;
  repositoryId: string;
  virtualSizeBytes: number;
  /** job block size the point was cut with (null: recorded before change tracking existed) */
  blockSize: number | null;
  /** change-tracking reference taken with that point's snapshot (null: none) */
  referenceId: string | null;
}

export interface KindInput {
  /** the job's change-tracking option */
  changeTracking: boolean;
  activeFull: ActiveFull;
  /** "Active full" started by hand (jobs.start activeFull) */
  activeFullRequested: boolean;
  now: Date;
  /** false on the job's very first run (the expected full: logged as information, not as a broken chain) */
  jobHasPoints: boolean;
  previous: PreviousDisk | null;
  /** the newest full point of this disk in this job (active full once per day) */
  lastFullAt: Date | null;
  repositoryId: string;
  virtualSizeBytes: number;
  blockSize: number;
  /** the reference the platform took for this disk with this snapshot (null: none) */
  currentReferenceId: string | null;
}

export type KindDecision =
  | { kind: 'full'; reason: string; /** info: planned (first run, active full); warning: the chain broke or tracking is off */ level: 'info' | 'warning' }
  | { kind: 'incremental'; basePointId: string; sinceReferenceId: string };

export function decideBackupKind(x: KindInput): KindDecision {
  const full = (reason: string, level: 'info' | 'warning' = 'warning'): KindDecision => ({ kind: 'full', reason, level });
  if (!x.changeTracking) return full('change tracking is off in the job');
  // Planned fulls are information; a chain that breaks by itself (or tracking switched off) is a warning.
  if (x.activeFullRequested) return full('active full requested', 'info');
  if (activeFullDue(x.activeFull, x.now, x.lastFullAt)) return full(`active full day (${describeActiveFull(x.activeFull)})`, 'info');
  const p = x.previous;
  if (!p) return x.jobHasPoints ? full('no previous restore point of this disk in this job') : full('first run of the job', 'info');
  if (p.repositoryId !== x.repositoryId) return full(`the previous restore point ${p.pointId} is in another repository`);
  if (p.virtualSizeBytes !== x.virtualSizeBytes) return full(`the disk's virtual size changed (${fmtBytes(p.virtualSizeBytes)} → ${fmtBytes(x.virtualSizeBytes)})`);
  if (p.blockSize !== null && p.blockSize !== x.blockSize) return full(`the job's block size changed (${fmtBytes(p.blockSize)} → ${fmtBytes(x.blockSize)})`);
  if (!p.referenceId) return full(`the previous restore point ${p.pointId} has no change-tracking reference`);
  if (!x.currentReferenceId) return full('the platform took no change-tracking reference of this disk with the snapshot');
  return { kind: 'incremental', basePointId: p.pointId, sinceReferenceId: p.referenceId };
}
