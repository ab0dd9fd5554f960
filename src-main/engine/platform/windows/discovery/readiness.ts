// Proxy readiness (reference offhost-domain §1.2–1.3, pitfalls §4.3): can this Windows server import and read
// transportable snapshots of the inventory's volumes? Pure: facts in, ReadinessCheck[] out.
import type { ReadinessCheck } from '../../../../../src-shared/domain';
import type { WinHost, WinVolume, WindowsInventory } from './inventory';
import { serverId } from './inventory';
import type { ServerFacts } from './server-facts';

export interface ReadinessPolicy {
  /** Windows Server 2016 = build 14393; older servers lack RCT and the tested provider stacks */
  minBuild: number;
  minCores: number;
  minMemoryBytes: number;
  /** below this the proxy cannot even hold its agent and logs */
  minFreeBytes: number;
  /** below this: warning */
  warnFreeBytes: number;
}

export const DEFAULT_READINESS_POLICY: ReadinessPolicy = {
  minBuild: 14393,
  minCores: 2,
  minMemoryBytes: 2 * 1024 ** 3,
  minFreeBytes: 300 * 1024 ** 2,
  warnFreeBytes: 1024 ** 3,
};

export type ProxyProbe =
  | { serverId: string; reachable: true; facts: ServerFacts }
  | { serverId: string; reachable: false; reason: string; fix: string };

type Check = ReadinessCheck;
const pass = (id: string, title: string, reason: string, volumeId?: string): Check => ({ id, title, status: 'pass', reason, ...(volumeId ? { volumeId } : {}) });
const fail = (id: string, title: string, reason: string, fix: string, volumeId?: string): Check => ({ id, title, status: 'fail', reason, fix, ...(volumeId ? { volumeId } : {}) });
const warn = (id: string, title: string, reason: string, fix: string, volumeId?: string): Check => ({ id, title, status: 'warning', reason, fix, ...(volumeId ? { volumeId } : {}) });

const TITLES = {
  reachable: 'Reachable over WinRM',
  admin: 'Administrator rights',
  os: 'Windows Server 2016 or later, 64-bit',
  osMatch: 'Same Windows version as the Hyper-V hosts',
  hyperV: 'Hyper-V role installed',
  provider: 'VSS hardware provider installed',
  providerMatch: 'Same VSS hardware provider as the hosts',
  cpu: 'CPU cores',
  memory: 'Memory',
  disk: 'Free disk space',
  lun: 'SAN LUN of the volume visible',
  cluster: 'Outside the cluster that owns the volume',
} as const;

export function evaluateProxyReadiness(
  probe: ProxyProbe,
  inventory: WindowsInventory,
  policy: ReadinessPolicy = DEFAULT_READINESS_POLICY,
): ReadinessCheck[] {
  if (!probe.reachable) return unreachable(probe, inventory);
  const f = probe.facts;
  const proxyId = serverId(f.computerName || probe.serverId);
  const hosts = relevantHosts(inventory);
  const checks: Check[] = [pass('reachable', TITLES.reachable, `${f.computerName} answered the probe.`)];

  checks.push(
    f.isAdmin
      ? pass('admin', TITLES.admin, 'The account is a member of the local Administrators group.')
      : fail('admin', TITLES.admin, 'The account Ferry uses is not an elevated administrator; DiskShadow refuses to run.', 'Add the account to the local Administrators group on the proxy (UAC remote restrictions apply to local accounts).'),
  );
  checks.push(osCheck(f, policy));
  checks.push(osMatchCheck(f, hosts));
  checks.push(
    f.hyperV
      ? pass('hyperv-role', TITLES.hyperV, 'The Hyper-V role (vmms) is installed.')
      : fail('hyperv-role', TITLES.hyperV, 'The Hyper-V role is not installed; an off-host proxy needs it to read Hyper-V volumes.', 'Install-WindowsFeature -Name Hyper-V -IncludeManagementTools, then restart the server.'),
  );
  checks.push(...providerChecks(f, hosts));
  checks.push(...resourceChecks(f, policy));
  for (const volume of inventory.volumes) checks.push(lunCheck(f, volume), clusterCheck(f, proxyId, volume, inventory));
  return checks;
}

function unreachable(probe: Extract<ProxyProbe, { reachable: false }>, inventory: WindowsInventory): Check[] {
  const why = 'Not checked: the server could not be reached.';
  const again = 'Fix reachability first, then run the check again.';
  const rest = [
    ['admin', TITLES.admin],
    ['os-version', TITLES.os],
    ['os-match', TITLES.osMatch],
    ['hyperv-role', TITLES.hyperV],
    ['vss-hw-provider', TITLES.provider],
    ['vss-provider-match', TITLES.providerMatch],
    ['cpu', TITLES.cpu],
    ['memory', TITLES.memory],
    ['free-disk', TITLES.disk],
  ].map(([id, title]) => fail(id, title, why, again));
  const perVolume = inventory.volumes.flatMap((v) => [
    fail(`lun-visible:${v.id}`, `${TITLES.lun}: ${v.displayPath}`, why, again, v.id),
    fail(`not-cluster-node:${v.id}`, `${TITLES.cluster}: ${v.displayPath}`, why, again, v.id),
  ]);
  return [fail('reachable', TITLES.reachable, probe.reason, probe.fix), ...rest, ...perVolume];
}

/** Hosts that take snapshots: nodes of clusters with CSVs and owners of local volumes. */
function relevantHosts(inv: WindowsInventory): WinHost[] {
  const ids = new Set<string>();
  for (const v of inv.volumes) {
    if (v.kind === 'csv') for (const h of inv.hosts) if (h.clusterId === v.clusterId && h.role === 'hyperv-host') ids.add(h.id);
    if (v.kind === 'local') ids.add(v.ownerHostId);
  }
  return inv.hosts.filter((h) => ids.has(h.id));
}

function osCheck(f: ServerFacts, policy: ReadinessPolicy): Check {
  const name = `${f.os.caption} (build ${f.os.build})`;
  if (f.os.productType === 1) {
    return fail('os-version', TITLES.os, `${name} is a client edition; VSS hardware providers and the proxy role need Windows Server.`, 'Use a Windows Server 2016/2019/2022/2025 machine as proxy.');
  }
  if (f.os.build < policy.minBuild) {
    return fail('os-version', TITLES.os, `${name} is older than Windows Server 2016.`, 'Upgrade the proxy to the Windows Server version the Hyper-V hosts run.');
  }
  if (f.os.architecture && !/64/.test(f.os.architecture)) {
    return fail('os-version', TITLES.os, `${name} is not 64-bit.`, 'Use a 64-bit Windows Server.');
  }
  return pass('os-version', TITLES.os, `${name}.`);
}

function osMatchCheck(f: ServerFacts, hosts: WinHost[]): Check {
  if (hosts.length === 0) return warn('os-match', TITLES.osMatch, 'No Hyper-V host in the inventory to compare with.', 'Add the Hyper-V hosts first, then run the check again.');
  const differ = hosts.filter((h) => h.facts.os.build !== f.os.build);
  const list = differ.map((h) => `${h.id} (build ${h.facts.os.build})`).join(', ');
  if (differ.length === 0) return pass('os-match', TITLES.osMatch, `Build ${f.os.build}, like every Hyper-V host.`);
  const fix = 'Install the same Windows Server version on the proxy as on the hosts (the transportable snapshot metadata is version-specific).';
  if (differ.length === hosts.length) return fail('os-match', TITLES.osMatch, `Proxy build ${f.os.build} differs from every host: ${list}.`, fix);
  return warn('os-match', TITLES.osMatch, `Proxy build ${f.os.build} differs from some hosts: ${list}.`, fix);
}

function providerChecks(f: ServerFacts, hosts: WinHost[]): Check[] {
  const proxyHw = f.providers.filter((p) => p.type === 'hardware');
  const installed: Check =
    proxyHw.length > 0
      ? pass('vss-hw-provider', TITLES.provider, `${proxyHw.map((p) => `${p.name} ${p.version}`).join(', ')}.`)
      : fail('vss-hw-provider', TITLES.provider, 'Only software/system VSS providers are installed; software snapshots cannot be transported.', 'Install and configure the storage vendor\'s VSS hardware provider on the proxy (array address and credentials).');

  const missing: string[] = [];
  const versionDiffers: string[] = [];
  const hostsWithout: string[] = [];
  for (const h of hosts) {
    const hp = h.hardwareProvider;
    if (!hp) {
      hostsWithout.push(h.id);
      continue;
    }
    const match = proxyHw.find((p) => p.id === hp.id);
    if (!match) missing.push(`${h.id} uses ${hp.name} ${hp.id}`);
    else if (match.version !== hp.version) versionDiffers.push(`${h.id} has ${hp.version}, proxy ${match.version}`);
  }
  let same: Check;
  if (missing.length > 0) {
    same = fail('vss-provider-match', TITLES.providerMatch, `Not installed on the proxy: ${missing.join('; ')}.`, 'Install the same hardware provider on the proxy as on the hosts; a snapshot can only be imported through the provider that made it.');
  } else if (hosts.length === hostsWithout.length) {
    same = warn('vss-provider-match', TITLES.providerMatch, hosts.length === 0 ? 'No Hyper-V host to compare with.' : `No host has a VSS hardware provider (${hostsWithout.join(', ')}).`, 'Install the vendor\'s VSS hardware provider on every Hyper-V host.');
  } else if (versionDiffers.length > 0 || hostsWithout.length > 0) {
    const notes = [...versionDiffers.map((v) => `version: ${v}`), ...hostsWithout.map((h) => `${h} has no hardware provider`)];
    same = warn('vss-provider-match', TITLES.providerMatch, `Same provider, but ${notes.join('; ')}.`, 'Keep the provider at the same version on hosts and proxy; install it on every host.');
  } else {
    same = pass('vss-provider-match', TITLES.providerMatch, 'The proxy has the hardware provider every host uses.');
  }
  return [installed, same];
}

function resourceChecks(f: ServerFacts, policy: ReadinessPolicy): Check[] {
  const gib = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GiB`;
  const cpu =
    f.cpuCores >= policy.minCores
      ? pass('cpu', TITLES.cpu, `${f.cpuCores} cores.`)
      : fail('cpu', TITLES.cpu, `${f.cpuCores} core(s); at least ${policy.minCores} are needed.`, 'Give the proxy more cores (one per two concurrent tasks on top of the minimum).');
  const memory =
    f.memoryBytes >= policy.minMemoryBytes
      ? pass('memory', TITLES.memory, `${gib(f.memoryBytes)}.`)
      : warn('memory', TITLES.memory, `${gib(f.memoryBytes)}; at least ${gib(policy.minMemoryBytes)} plus about 0.5 GiB per concurrent task is recommended.`, 'Add memory or lower the proxy\'s maximum concurrent tasks.');
  const free = f.systemDriveFreeBytes;
  const disk =
    free < policy.minFreeBytes
      ? fail('free-disk', TITLES.disk, `${gib(free)} free on the system drive.`, 'Free space on the system drive of the proxy.')
      : free < policy.warnFreeBytes
        ? warn('free-disk', TITLES.disk, `Only ${gib(free)} free on the system drive.`, 'Free space on the system drive of the proxy (logs and snapshot metadata are kept there).')
        : pass('free-disk', TITLES.disk, `${gib(free)} free on the system drive.`);
  return [cpu, memory, disk];
}

function lunCheck(f: ServerFacts, v: WinVolume): Check {
  const id = `lun-visible:${v.id}`;
  const title = `${TITLES.lun}: ${v.displayPath}`;
  if (!v.lun) {
    return warn(id, title, 'The LUN behind this volume could not be identified on its host, so visibility cannot be checked.', 'Check on the host that Get-Disk shows a UniqueId for the volume\'s disk; make sure the proxy is zoned to the same array.', v.id);
  }
  const seen = f.disks.find((d) => d.uniqueId === v.lun);
  if (!seen) {
    // not a failure: a proxy serves the LUNs zoned to it (the volume is left out, the proxy is not blocked)
    const fix = 'To back it up from this proxy: zone/mask the LUN to it (FC zoning or iSCSI target ACL) and rescan disks; leave it offline on the proxy (SAN policy OfflineShared).';
    return { id, title, status: 'not-applicable', reason: `The proxy does not see LUN ${v.lun}: it does not serve this volume.`, fix, volumeId: v.id };
  }
  return pass(id, title, `Disk ${seen.number} (${seen.friendlyName || seen.busType}) is LUN ${v.lun}${seen.isOffline ? ', offline as it should be' : ''}.`, v.id);
}

function clusterCheck(f: ServerFacts, proxyId: string, v: WinVolume, inv: WindowsInventory): Check {
  const id = `not-cluster-node:${v.id}`;
  const title = `${TITLES.cluster}: ${v.displayPath}`;
  if (v.kind === 'local') {
    return v.ownerHostId === proxyId
      ? fail(id, title, 'The proxy is the host that owns this volume; that is on-host processing, not off-host.', 'Pick a different server as proxy for this volume.', v.id)
      : pass(id, title, `The volume belongs to ${v.ownerHostId}, not to the proxy.`, v.id);
  }
  const cluster = inv.clusters.find((c) => c.id === v.clusterId);
  const member = (f.cluster && serverId(f.cluster.name) === v.clusterId) || (cluster?.nodeIds.includes(proxyId) ?? false);
  if (member) {
    return fail(id, title, `The proxy is a node of cluster ${cluster?.name ?? v.clusterId}; a transportable snapshot of its CSV must be imported outside that cluster (duplicate disk signatures).`, 'Use a server that is not a node of this cluster as the proxy.', v.id);
  }
  if (!f.cluster && f.clusterService === 'running') {
    return warn(id, title, `The cluster service runs on the proxy but its cluster could not be read (${f.clusterError ?? 'no detail'}).`, 'Run Get-Cluster on the proxy to see which cluster it belongs to; it must not be this volume\'s cluster.', v.id);
  }
  return pass(id, title, `The proxy is not a node of cluster ${cluster?.name ?? v.clusterId}.`, v.id);
}
