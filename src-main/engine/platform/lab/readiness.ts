// Off-host proxy readiness, evaluated against the lab topology. The rules are the real ones
// (reference/offhost-domain.md §1.2–1.3): Hyper-V role, same VSS hardware provider as the hosts,
// the SAN LUN visible, and never a node of the cluster whose CSV it would back up.
import type { ReadinessCheck } from '../../../../src-shared/domain';
import type { LabTopology } from './topology';

const GiB = 1024 ** 3;

/** `volumeIds`: the volumes of managed servers (null = every volume of the lab): a proxy is checked for those only. */
export function labReadiness(topo: LabTopology, serverId: string, reachable: boolean, volumeIds: ReadonlySet<string> | null = null): ReadinessCheck[] {
  const server = topo.hosts.find((h) => h.id === serverId);
  if (!server) {
    return [{ id: 'reachable', title: 'Server is reachable', status: 'fail', reason: `No server with id ${serverId} in the inventory`, fix: 'Add the server to the managed servers first' }];
  }
  const checks: ReadinessCheck[] = [];
  checks.push(
    reachable
      ? { id: 'reachable', title: 'Server is reachable', status: 'pass', reason: `${server.name} answered over WinRM (5985)` }
      : { id: 'reachable', title: 'Server is reachable', status: 'fail', reason: `${server.name} did not answer`, fix: 'Check that the server is on and WinRM is enabled' },
  );
  const osOk = /Windows Server (2016|2019|2022|2025)/.test(server.os);
  checks.push({
    id: 'os',
    title: 'Operating system',
    status: osOk ? 'pass' : 'fail',
    reason: osOk ? server.os : `${server.os} is not supported`,
    fix: osOk ? undefined : 'Use Windows Server 2016 or later',
  });
  checks.push({
    id: 'hyperv-role',
    title: 'Hyper-V role installed',
    status: server.hyperV ? 'pass' : 'fail',
    reason: server.hyperV ? 'The Hyper-V role is enabled' : 'The Hyper-V role is not installed; the proxy cannot import Hyper-V snapshots',
    fix: server.hyperV ? undefined : 'Install-WindowsFeature -Name Hyper-V -IncludeManagementTools -Restart',
  });
  const hostProviders = new Set(topo.hosts.filter((h) => h.role === 'hyperv-host').map((h) => h.vssHardwareProvider));
  const providerOk = server.vssHardwareProvider !== null && hostProviders.has(server.vssHardwareProvider);
  checks.push({
    id: 'vss-provider',
    title: 'VSS hardware provider',
    status: providerOk ? 'pass' : 'fail',
    reason: providerOk
      ? `${server.vssHardwareProvider} installed, same as on the Hyper-V hosts`
      : server.vssHardwareProvider
        ? `${server.vssHardwareProvider} differs from the hosts' provider`
        : 'No VSS hardware provider installed: transportable snapshots cannot be imported',
    fix: providerOk ? undefined : "Install the storage vendor's VSS hardware provider (same version as on the hosts)",
  });
  for (const vol of topo.volumes.filter((v) => volumeIds === null || volumeIds.has(v.id))) {
    const visible = server.visibleLuns.includes(vol.lun);
    const ownNode = vol.clusterId !== null && server.clusterId === vol.clusterId;
    const clusterName = topo.clusters.find((c) => c.id === vol.clusterId)?.name;
    let check: ReadinessCheck;
    if (ownNode) {
      check = {
        id: `volume:${vol.id}`,
        title: `Volume ${vol.path}`,
        status: 'fail',
        reason: `${server.name} is a node of cluster ${clusterName}: it cannot back up that cluster's CSVs off-host`,
        fix: 'Use a server that is not a node of this cluster',
        volumeId: vol.id,
      };
    } else if (!visible) {
      // Not a failure: a proxy serves the LUNs zoned to it, and most servers are not zoned to every LUN.
      check = {
        id: `volume:${vol.id}`,
        title: `Volume ${vol.path}`,
        status: 'not-applicable',
        reason: `SAN LUN ${vol.lun} is not zoned to ${server.name}: this proxy does not serve ${vol.path}`,
        fix: `To back it up from ${server.name}: zone/mask ${vol.lun} to it on the SAN (no need to bring it online)`,
        volumeId: vol.id,
      };
    } else {
      check = { id: `volume:${vol.id}`, title: `Volume ${vol.path}`, status: 'pass', reason: `LUN ${vol.lun} visible`, volumeId: vol.id };
    }
    checks.push(check);
  }
  const lowCpu = server.cpuCores < 4;
  checks.push({
    id: 'resources',
    title: 'CPU and free disk',
    status: lowCpu || server.freeDiskBytes < 10 * GiB ? 'warning' : 'pass',
    reason: `${server.cpuCores} cores, ${(server.freeDiskBytes / GiB).toFixed(0)} GiB free`,
    fix: lowCpu ? 'Plan about one core per concurrent task' : undefined,
  });
  return checks;
}
