// What in a session must stand out: failovers to on-host (with the reason; departures.ts), software-provider
// fallbacks, VMs backed up crash-consistent because their writer failed, and VM failures.
import type { SnapshotView, VmTaskView } from '../../../src-shared/domain';

/**
 * One line per volume and reason whose snapshot the Microsoft software provider took instead of the hardware one
 * the plan wanted: its VMs, then the reason in the engine's own words (from the snapshot, not the log: a host
 * with no hardware provider says so, a hardware provider that failed says how).
 */
export function providerFallbacks(
  snapshots: Pick<SnapshotView, 'id' | 'volumePath' | 'vmIds'>[],
  vms: Pick<VmTaskView, 'vmId' | 'vmName'>[],
  softwareFallbacks: ReadonlyMap<string, string>,
): string[] {
  // A volume with more VMs than one snapshot takes has several snapshots with the same reason: one line for them.
  const byLine = new Map<string, { reason: string; ids: string[] }>();
  for (const snap of snapshots) {
    const reason = softwareFallbacks.get(snap.id);
    if (reason === undefined) continue;
    const key = `${snap.volumePath}\u0000${reason}`;
    const entry = byLine.get(key) ?? { reason, ids: [] };
    entry.ids.push(...snap.vmIds);
    byLine.set(key, entry);
  }
  return [...byLine.values()].map(({ reason, ids }) => {
    const names = [...new Set(ids.map((id) => vms.find((v) => v.vmId === id)?.vmName ?? id))];
    return `${names.join(', ')}: ${reason}`;
  });
}

/** VMs whose Hyper-V VSS writer failed and that were backed up crash-consistent (see departures.ts). */
export function writerFallbacks(vms: VmTaskView[], writerFallbackVmIds: ReadonlySet<string>): { name: string; message: string }[] {
  return vms.filter((v) => writerFallbackVmIds.has(v.vmId) && v.status !== 'Failed').map((v) => ({ name: v.vmName, message: v.message }));
}

export function failedVms(vms: VmTaskView[]): { name: string; message: string }[] {
  return vms.filter((v) => v.status === 'Failed').map((v) => ({ name: v.vmName, message: v.message }));
}
