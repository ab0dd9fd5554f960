// After a session, the change-tracking references no restore point builds on any more are deleted on the host
// (Hyper-V keeps every RCT reference point until someone destroys it). What a job's next incremental needs is the
// reference of its newest restore point of each disk — of every job holding the VM, not only this one. Everything
// else Ferry took goes: this session's references when its point was not made, the previous base once a newer
// point exists, the bases of points retention removed during the session, and leftovers of an earlier retirement
// that failed (all ids stored in restore points are candidates again, and a platform ignores ids already gone).
import type { RestorePoint } from '../../../src-shared/domain';
import { FerryError } from '../../../src-shared/contract/errors';
import type { ChangeReference, Platform, PlatformLog } from '../platform/types';
import type { StoredPointDisk } from './change-chain';

export interface ReferenceRetirement {
  vmId: string;
  /** ids Ferry took that nothing builds on */
  retire: string[];
  /** ids the next incremental of some job still starts from */
  keep: string[];
}

/**
 * Per VM that took references in this session: what to delete and what must stay. `points` are the restore points
 * now (every job); `earlier` those when the session started (retention may have removed some since). Pure.
 */
export function planReferenceRetirement(taken: readonly ChangeReference[], points: readonly RestorePoint[], earlier: readonly RestorePoint[] = []): ReferenceRetirement[] {
  const newestFirst = [...points].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const plans: ReferenceRetirement[] = [];
  for (const vmId of [...new Set(taken.map((r) => r.vmId))].sort()) {
    const keep = new Set<string>();
    const candidates = new Set(taken.filter((r) => r.vmId === vmId).map((r) => r.referenceId));
    for (const p of earlier) for (const d of p.disks as StoredPointDisk[]) if (d.vmId === vmId && d.referenceId) candidates.add(d.referenceId);
    const newestSeen = new Set<string>();
    for (const p of newestFirst) {
      for (const d of p.disks as StoredPointDisk[]) {
        if (d.vmId !== vmId) continue;
        if (d.referenceId) candidates.add(d.referenceId);
        const chain = `${p.jobId}/${d.diskIndex}`;
        if (newestSeen.has(chain)) continue;
        newestSeen.add(chain);
        if (d.referenceId) keep.add(d.referenceId);
      }
    }
    const retire = [...candidates].filter((id) => !keep.has(id)).sort();
    if (retire.length > 0) plans.push({ vmId, retire, keep: [...keep].sort() });
  }
  return plans;
}

/**
 * Runs the retirement; a failure is a warning, never thrown. Returns the VMs whose retirement failed (their
 * references stay pending and are tried again at the next start).
 */
export async function retireChangeReferences(
  platform: Platform,
  taken: readonly ChangeReference[],
  points: readonly RestorePoint[],
  earlier: readonly RestorePoint[],
  log: PlatformLog,
): Promise<string[]> {
  const failed: string[] = [];
  for (const plan of planReferenceRetirement(taken, points, earlier)) {
    try {
      await platform.retireChangeReferences(plan.vmId, plan.retire, plan.keep, log);
    } catch (e) {
      failed.push(plan.vmId);
      log('warning', `Old change-tracking references of VM ${plan.vmId} were not deleted (${FerryError.from(e).message}); tried again at the next start and after its next backup`);
    }
  }
  return failed;
}
