// The snapshot plan: which volume snapshots a job needs, which VMs share each one, and who reads it
// (an off-host proxy, or the host itself on failover/on-host). Pure: no I/O, so it is easy to test and to show.
import type { Inventory, JobSpec, Proxy } from '../../../src-shared/domain';

export interface ProxyCandidate {
  proxy: Proxy;
  /** volumes it may serve right now (live readiness), empty when unreachable */
  eligibleVolumeIds: string[];
  /** why it cannot serve, when it is not ready at all */
  notReadyReason: string | null;
  /** task slots in use right now (other sessions), for least-loaded selection */
  tasksInUse: number;
}

export interface PlannedGroup {
  volumeId: string;
  volumePath: string;
  /** the Hyper-V host that creates the snapshot (standalone owner or CSV owner node) */
  hostId: string;
  vmIds: string[];
  mode: 'off-host' | 'on-host' | 'none';
  proxy: Proxy | null;
  /** set when processing differs from what the job asked for (failover) */
  warning: string | null;
  /** set when the group cannot be processed at all */
  failReason: string | null;
}

export function planSnapshots(job: JobSpec, inv: Inventory, candidates: ProxyCandidate[]): PlannedGroup[] {
  const byVolume = new Map<string, string[]>();
  for (const vmId of job.vmIds) {
    const vm = inv.vms.find((v) => v.id === vmId);
    if (!vm || vm.disks.length === 0) continue;
    const volumeId = vm.disks[0].volumeId;
    byVolume.set(volumeId, [...(byVolume.get(volumeId) ?? []), vmId]);
  }
  const load = new Map<string, number>();
  const groups: PlannedGroup[] = [];
  // Several VMs share one snapshot of their volume, up to the job's (hardware provider's) limit.
  const chunks: Array<[string, string[]]> = [];
  for (const [volumeId, vmIds] of byVolume) {
    for (let i = 0; i < vmIds.length; i += job.maxVmsPerSnapshot) chunks.push([volumeId, vmIds.slice(i, i + job.maxVmsPerSnapshot)]);
  }
  for (const [volumeId, vmIds] of chunks) {
    const vol = inv.volumes.find((v) => v.id === volumeId);
    const base = { volumeId, volumePath: vol?.path ?? volumeId, hostId: vol?.ownerHostId ?? '', vmIds };
    const p = job.processing;
    if (p.mode === 'on-host') {
      groups.push({ ...base, mode: 'on-host', proxy: null, warning: null, failReason: null });
      continue;
    }
    const pool = p.proxySelection === 'automatic' ? candidates : candidates.filter((c) => p.pinnedProxyIds.includes(c.proxy.id));
    const eligible = pool.filter((c) => c.eligibleVolumeIds.includes(volumeId));
    if (eligible.length > 0) {
      // Least loaded relative to its task slots; ties → more slots.
      const loadOf = (c: ProxyCandidate) => (c.tasksInUse + (load.get(c.proxy.id) ?? 0)) / c.proxy.maxTasks;
      eligible.sort((a, b) => loadOf(a) - loadOf(b) || b.proxy.maxTasks - a.proxy.maxTasks);
      const chosen = eligible[0].proxy;
      load.set(chosen.id, (load.get(chosen.id) ?? 0) + vmIds.length);
      groups.push({ ...base, mode: 'off-host', proxy: chosen, warning: null, failReason: null });
      continue;
    }
    const reason = noProxyReason(pool, p.proxySelection, base.volumePath, volumeId);
    if (p.failoverToOnHost) {
      groups.push({ ...base, mode: 'on-host', proxy: null, warning: `Failed over to on-host backup: no eligible off-host proxy (${reason})`, failReason: null });
    } else {
      groups.push({ ...base, mode: 'none', proxy: null, warning: null, failReason: `No eligible off-host proxy (${reason}) and failover to on-host is off` });
    }
  }
  return groups;
}

function noProxyReason(pool: ProxyCandidate[], selection: 'automatic' | 'pinned', volumePath: string, volumeId: string): string {
  if (pool.length === 0) return selection === 'automatic' ? 'no off-host proxy is configured' : 'the pinned proxies no longer exist';
  return pool
    .map((c) => `${c.proxy.name}: ${c.notReadyReason ?? (c.eligibleVolumeIds.includes(volumeId) ? 'busy' : `cannot serve ${volumePath}`)}`)
    .join('; ');
}
