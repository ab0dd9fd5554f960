// What in a session must stand out: failovers to on-host (with the reason), software-provider fallbacks,
// VMs backed up crash-consistent because their writer failed, and VM failures.
import type { SnapshotView, VmTaskView } from '../../../src-shared/domain';

const FAILOVER = /failed over to on-host/i;

/**
 * One line per volume snapshot that fell back to on-host, with its reason: the log's warnings (kept by
 * the sessions slice as lines arrive), else the VMs' messages (a log cut short still shows them).
 */
export function failoverWarnings(vms: VmTaskView[], fromLog: string[]): string[] {
  if (fromLog.length > 0) return fromLog;
  return [...new Set(vms.filter((v) => FAILOVER.test(v.message)).map((v) => `${v.vmName}: ${v.message}`))];
}

/**
 * Volumes whose snapshot the Microsoft software provider took because the hardware provider failed. The
 * snapshot says which provider took it; it was a fallback when the job wanted off-host (a software snapshot
 * cannot be transported) or when the log's hardware-provider warning names the volume (an on-host job).
 */
export function softwareFallbackVolumes(snapshots: Pick<SnapshotView, 'volumePath' | 'provider'>[], fromLog: string[], offHostJob: boolean): Set<string> {
  return new Set(
    snapshots
      .filter((snap) => snap.provider === 'software' && (offHostJob || fromLog.some((l) => l.includes(snap.volumePath))))
      .map((snap) => snap.volumePath),
  );
}

/** One line per such volume, with its VMs and, when the log has it, the reason the hardware provider gave. */
export function providerFallbacks(
  snapshots: Pick<SnapshotView, 'volumePath' | 'provider' | 'vmIds'>[],
  vms: Pick<VmTaskView, 'vmId' | 'vmName'>[],
  fromLog: string[],
  offHostJob: boolean,
): string[] {
  return [...softwareFallbackVolumes(snapshots, fromLog, offHostJob)].map((volumePath) => {
    // A volume with more VMs than one snapshot takes has several snapshots: one line for it.
    const ids = snapshots.filter((snap) => snap.volumePath === volumePath && snap.provider === 'software').flatMap((snap) => snap.vmIds);
    const names = [...new Set(ids.map((id) => vms.find((v) => v.vmId === id)?.vmName ?? id))];
    const warning = fromLog.find((l) => l.includes(volumePath));
    const reason = warning ? ` Reason: ${reasonOf(warning, volumePath)}` : '';
    return `Hardware VSS provider failed on ${volumePath}; fell back to the software provider — VMs processed on-host: ${names.join(', ')}.${reason}`;
  });
}

/** "…on <volume>: <reason>; fell back…" → the reason (which may hold a "; " of its own); a line in another shape is shown whole. */
function reasonOf(warning: string, volumePath: string): string {
  const at = warning.indexOf(`${volumePath}: `);
  if (at < 0) return warning;
  const rest = warning.slice(at + volumePath.length + 2);
  const end = rest.lastIndexOf('; ');
  return end < 0 ? rest : rest.slice(0, end);
}

/** VMs whose Hyper-V VSS writer failed and that were backed up crash-consistent in an application-consistent job. */
export function writerFallbacks(vms: VmTaskView[], appConsistentJob: boolean): { name: string; message: string }[] {
  if (!appConsistentJob) return [];
  return vms.filter((v) => v.consistency === 'crash' && v.status !== 'Failed').map((v) => ({ name: v.vmName, message: v.message }));
}

export function failedVms(vms: VmTaskView[]): { name: string; message: string }[] {
  return vms.filter((v) => v.status === 'Failed').map((v) => ({ name: v.vmName, message: v.message }));
}
