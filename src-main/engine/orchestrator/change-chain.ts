// One session's view of the job's backup chains: per disk, full or incremental (backup-kind.ts), the changed
// ranges from the platform's change tracking, and what the new restore point must remember for the next run
// (the reference taken with this snapshot, the block size). Those extras live in the stored restore point
// document (StoredPointDisk), not in the API contract.
import type { Job, RestorePoint } from '../../../src-shared/domain';
import { FerryError } from '../../../src-shared/contract/errors';
import type { ByteRange } from '../datamover/task';
import type { ChangedRanges, CreatedSnapshot, Platform, PlatformLog } from '../platform/types';
import { fmtBytes } from '../util/format';
import { decideBackupKind, type PreviousDisk } from './backup-kind';
import { blockSizeBytes } from './job-options';

/** A restore point disk as stored: the contract's fields plus the chain bookkeeping. */
export type StoredPointDisk = RestorePoint['disks'][number] & {
  /** change-tracking reference taken with this point's snapshot; the next incremental asks "changed since" it */
  referenceId?: string | null;
  /** job block size the disk was cut with (an incremental must use the same grid) */
  blockSize?: number;
};

/** How one disk is read in this session. */
export interface DiskReadPlan {
  kind: 'full' | 'incremental';
  /** DiskTask fields of an incremental */
  task: { changedRanges?: ByteRange[]; basePointId?: string };
  /** to record with the new point */
  referenceId: string | null;
  /** the session log line (prefixed with the VM name and disk by the caller) */
  level: 'info' | 'warning';
  text: string;
}

export class ChangeChain {
  private readonly points: RestorePoint[];

  constructor(
    private readonly job: Job,
    /** the job's restore points, newest first (as the store lists them) */
    points: RestorePoint[],
    private readonly activeFullRequested: boolean,
    private readonly now: () => Date,
  ) {
    this.points = [...points].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async plan(platform: Platform, snap: CreatedSnapshot, vmId: string, diskIndex: number, virtualSizeBytes: number, log: PlatformLog): Promise<DiskReadPlan> {
    const spec = this.job.spec;
    const blockSize = blockSizeBytes(spec.blockSize);
    const currentReferenceId = snap.references?.find((r) => r.vmId === vmId && r.diskIndex === diskIndex)?.referenceId ?? null;
    const decision = decideBackupKind({
      changeTracking: spec.changeTracking,
      activeFull: spec.activeFull,
      activeFullRequested: this.activeFullRequested,
      now: this.now(),
      jobHasPoints: this.points.length > 0,
      previous: this.previous(vmId, diskIndex),
      lastFullAt: this.lastFullAt(vmId, diskIndex),
      repositoryId: spec.repositoryId,
      virtualSizeBytes,
      blockSize,
      currentReferenceId,
    });
    const full = (level: 'info' | 'warning', reason: string): DiskReadPlan => ({ kind: 'full', task: {}, referenceId: currentReferenceId, level, text: `full: ${reason}` });
    if (decision.kind === 'full') return full(decision.level, decision.reason);

    let answer: ChangedRanges;
    try {
      answer = await platform.changedRanges(snap, vmId, diskIndex, decision.sinceReferenceId, log);
    } catch (e) {
      // Unknown changes are a full read with the reason, never a failed VM: the snapshot holds the whole disk.
      return full('warning', `change tracking unavailable: ${FerryError.from(e).message}`);
    }
    if (answer.ranges === null) return full('warning', answer.reason);
    const changed = answer.ranges.reduce((n, r) => n + r.length, 0);
    return {
      kind: 'incremental',
      task: { changedRanges: answer.ranges, basePointId: decision.basePointId },
      referenceId: currentReferenceId,
      level: 'info',
      text: `incremental: ${answer.ranges.length} changed range(s), ${fmtBytes(changed)} of ${fmtBytes(virtualSizeBytes)} (since RCT reference ${decision.sinceReferenceId}, restore point ${decision.basePointId})`,
    };
  }

  /** The job's newest restore point holding this disk. */
  private previous(vmId: string, diskIndex: number): PreviousDisk | null {
    for (const p of this.points) {
      const d = p.disks.find((x) => x.vmId === vmId && x.diskIndex === diskIndex) as StoredPointDisk | undefined;
      if (!d) continue;
      return {
        pointId: p.id,
        createdAt: p.createdAt,
        repositoryId: p.repositoryId,
        virtualSizeBytes: d.virtualSizeBytes,
        blockSize: d.blockSize ?? null,
        referenceId: d.referenceId ?? null,
      };
    }
    return null;
  }

  private lastFullAt(vmId: string, diskIndex: number): Date | null {
    for (const p of this.points) {
      const d = p.disks.find((x) => x.vmId === vmId && x.diskIndex === diskIndex);
      if (d && (d.kind ?? 'full') === 'full') return new Date(p.createdAt);
    }
    return null;
  }
}
