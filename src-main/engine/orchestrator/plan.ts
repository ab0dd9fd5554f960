// The snapshot plan: which volume snapshots a job needs, which VMs share each one, and who reads it
// (an off-host proxy, or the host itself on failover/on-host). Pure: no I/O, so it is easy to test and to show.
import type { Departure, Inventory, JobSpec, Proxy } from '../../../src-shared/domain';
import { defaultHostVss, type HostVssLookup } from './host-vss';

/** VMs per shadow copy set: hardware providers take up to 8, the Microsoft software provider 4. */
export const MAX_VMS_HARDWARE = 8;
export const MAX_VMS_SOFTWARE = 4;

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
  /** VSS provider asked for: 'software' (on-host only) when the host has no hardware provider */
  provider: 'hardware' | 'software';
  /** set when processing differs from what the job asked for (failover) */
  warning: string | null;
  /** the same as facts: failover to on-host, software provider instead of hardware */
  departures: Departure[];
  /** set when the group cannot be processed at all */
  failReason: string | null;
}

export function planSnapshots(job: JobSpec, inv: Inventory, candidates: ProxyCandidate[], opts: { hostVss?: HostVssLookup } = {}): PlannedGroup[] {
  const hostVss = opts.hostVss ?? defaultHostVss;
  const byVolume = new Map<string, string[]>();
  for (const vmId of job.vmIds) {
    const vm = inv.vms.find((v) => v.id === vmId);
    if (!vm || vm.disks.length === 0) continue;
    const volumeId = vm.disks[0].volumeId;
    byVolume.set(volumeId, [...(byVolume.get(volumeId) ?? []), vmId]);
  }
  const load = new Map<string, number>();
  const groups: PlannedGroup[] = [];
  // Several VMs share one snapshot of their volume, up to the job's limit and the provider's.
  const chunks: Array<[string, string[], 'hardware' | 'software']> = [];
  for (const [volumeId, vmIds] of byVolume) {
    const provider = providerOf(inv, volumeId);
    const size = Math.min(job.maxVmsPerSnapshot, provider === 'software' ? MAX_VMS_SOFTWARE : MAX_VMS_HARDWARE);
    for (let i = 0; i < vmIds.length; i += size) chunks.push([volumeId, vmIds.slice(i, i + size), provider]);
  }
  for (const [volumeId, vmIds, provider] of chunks) {
    const vol = inv.volumes.find((v) => v.id === volumeId);
    const base = { volumeId, volumePath: vol?.path ?? volumeId, hostId: vol?.ownerHostId ?? '', vmIds, provider };
    const p = job.processing;
    if (p.mode === 'on-host') {
      // on-host with the software provider is the ordinary on-host case: nothing to warn about
      groups.push({ ...base, mode: 'on-host', proxy: null, warning: null, failReason: null, departures: [] });
      continue;
    }
    if (provider === 'software') {
      // a software shadow copy cannot leave its host: off-host is impossible for this volume
      const hostName = inv.hosts.find((h) => h.id === base.hostId)?.name ?? base.hostId;
      if (hostVss(base.hostId).failoverToSoftwareProvider) {
        const warning = `${hostName} has no VSS hardware provider: the Microsoft Software Shadow Copy provider takes the snapshot of ${base.volumePath}, which cannot leave the host — processed on-host`;
        const departures: Departure[] = [
          { kind: 'software-provider', reason: warning },
          { kind: 'failover-on-host', reason: warning },
        ];
        groups.push({ ...base, mode: 'on-host', proxy: null, warning, failReason: null, departures });
      } else {
        const failReason = `${hostName} has no VSS hardware provider for ${base.volumePath}, and failover to the software provider is off for it`;
        groups.push({ ...base, mode: 'none', proxy: null, warning: null, failReason, departures: [] });
      }
      continue;
    }
    const pool = p.proxySelection === 'automatic' ? candidates : candidates.filter((c) => p.pinnedProxyIds.includes(c.proxy.id));
    // disabled proxies take no new work, pinned or not
    const eligible = pool.filter((c) => c.proxy.enabled !== false && c.eligibleVolumeIds.includes(volumeId));
    if (eligible.length > 0) {
      // Least loaded relative to its task slots; ties → more slots.
      const loadOf = (c: ProxyCandidate) => (c.tasksInUse + (load.get(c.proxy.id) ?? 0)) / c.proxy.maxTasks;
      eligible.sort((a, b) => loadOf(a) - loadOf(b) || b.proxy.maxTasks - a.proxy.maxTasks);
      const chosen = eligible[0].proxy;
      load.set(chosen.id, (load.get(chosen.id) ?? 0) + vmIds.length);
      groups.push({ ...base, mode: 'off-host', proxy: chosen, warning: null, failReason: null, departures: [] });
      continue;
    }
    const reason = noProxyReason(pool, p.proxySelection, base.volumePath, volumeId);
    if (p.failoverToOnHost) {
      const warning = `Failed over to on-host backup: no eligible off-host proxy (${reason})`;
      groups.push({ ...base, mode: 'on-host', proxy: null, warning, failReason: null, departures: [{ kind: 'failover-on-host', reason: warning }] });
    } else {
      groups.push({ ...base, mode: 'none', proxy: null, warning: null, failReason: `No eligible off-host proxy (${reason}) and failover to on-host is off`, departures: [] });
    }
  }
  return groups;
}

function noProxyReason(pool: ProxyCandidate[], selection: 'automatic' | 'pinned', volumePath: string, volumeId: string): string {
  if (pool.length === 0) return selection === 'automatic' ? 'no off-host proxy is configured' : 'the pinned proxies no longer exist';
  return pool
    .map((c) =>
      c.proxy.enabled === false
        ? `proxy ${c.proxy.name} is disabled`
        : `${c.proxy.name}: ${c.notReadyReason ?? (c.eligibleVolumeIds.includes(volumeId) ? 'busy' : `cannot serve ${volumePath}`)}`,
    )
    .join('; ');
}

/** Software when the inventory knows the volume's host and it has no hardware provider; else hardware. */
function providerOf(inv: Inventory, volumeId: string): 'hardware' | 'software' {
  const hostId = inv.volumes.find((v) => v.id === volumeId)?.ownerHostId;
  const host = inv.hosts.find((h) => h.id === hostId);
  return host && !host.vssHardwareProvider ? 'software' : 'hardware';
}
