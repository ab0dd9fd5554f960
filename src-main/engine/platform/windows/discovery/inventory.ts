// Builds Ferry's inventory from the facts of every configured server: hosts, clusters with nodes, CSVs with
// their owner, SAN volumes that hold VM files, VMs with their VHDX/AVHDX chains and RCT reference points.
// The Windows view (WindowsInventory) keeps what the snapshot steps need (shadow paths, provider ids, chains);
// toDomainInventory() reduces it to the shared domain model.
import type { Inventory } from '../../../../../src-shared/domain';
import { ensureTrailingBackslash, relativeToRoot, stripTrailingBackslash } from '../paths';
import type { DriveFacts, ReferencePointFacts, ServerFacts, VhdFacts, VssProviderFacts } from './server-facts';

export type ServerRole = 'hyperv-host' | 'server';

export interface ServerReport {
  /** the name the executor reaches it by (as configured) */
  connectName: string;
  role: ServerRole;
  facts: ServerFacts;
}

export interface WinHost {
  id: string;
  connectName: string;
  role: ServerRole;
  facts: ServerFacts;
  clusterId: string | null;
  /** the hardware (Type 3) provider used for snapshots on this server, if any */
  hardwareProvider: VssProviderFacts | null;
}

export interface WinCluster {
  id: string;
  name: string;
  nodeIds: string[];
  csvIds: string[];
}

export interface WinVolume {
  id: string;
  kind: 'csv' | 'local';
  /** shown to admins: "C:\ClusterStorage\Volume1" or "D:\" */
  displayPath: string;
  /** given to DiskShadow `add volume`, with trailing backslash */
  shadowPath: string;
  /** "\\?\Volume{…}\" where known */
  guidPath: string | null;
  /** roots under which files of this volume appear on the host (drive letter, mount folders, CSV path) */
  roots: string[];
  clusterId: string | null;
  ownerHostId: string;
  sizeBytes: number;
  usedBytes: number;
  /** normalized LUN unique id, '' when it could not be determined */
  lun: string;
}

export interface WinVmDisk {
  index: number;
  /** the file the VM writes to now (an .avhdx when checkpoints exist) */
  topPath: string;
  format: 'vhdx' | 'vhd';
  chain: VhdFacts[];
  /** volume of the top file */
  volumeId: string | null;
  /** volumes of every file of the chain */
  chainVolumeIds: string[];
  virtualSizeBytes: number;
  /** bytes of all files of the chain (what a full read of the disk touches) */
  fileSizeBytes: number;
}

export interface WinVm {
  id: string;
  name: string;
  hostId: string;
  clusterId: string | null;
  state: 'Running' | 'Off';
  rawState: string;
  configVersion: string;
  /** RCT needs configuration version 6.2 or later (Windows Server 2016+) */
  rctCapable: boolean;
  referencePoints: ReferencePointFacts[];
  checkpointCount: number;
  disks: WinVmDisk[];
  /** volume holding the configuration files (null if unknown) */
  configVolumeId: string | null;
  /** disks the off-host path cannot read: pass-through, VHD Set, unreadable chains */
  skipped: Array<{ drive: string; reason: string }>;
}

export interface WindowsInventory {
  hosts: WinHost[];
  clusters: WinCluster[];
  volumes: WinVolume[];
  vms: WinVm[];
  warnings: string[];
}

export function serverId(computerName: string): string {
  return computerName.trim().toLowerCase();
}

export function buildWindowsInventory(reports: ServerReport[]): WindowsInventory {
  const warnings: string[] = [];
  const hosts = new Map<string, WinHost>();
  const clusters = new Map<string, WinCluster>();
  const volumes = new Map<string, WinVolume>();
  const vms = new Map<string, WinVm>();

  for (const r of reports) {
    const id = serverId(r.facts.computerName || r.connectName);
    const clusterId = r.facts.cluster ? serverId(r.facts.cluster.name) : null;
    const hardware = r.facts.providers.filter((p) => p.type === 'hardware').sort((a, b) => a.name.localeCompare(b.name));
    if (hardware.length > 1) warnings.push(`${id}: several VSS hardware providers installed; using ${hardware[0].name}`);
    hosts.set(id, { id, connectName: r.connectName, role: r.role, facts: r.facts, clusterId, hardwareProvider: hardware[0] ?? null });

    if (r.facts.cluster && clusterId) {
      const c = clusters.get(clusterId) ?? { id: clusterId, name: r.facts.cluster.name, nodeIds: [], csvIds: [] };
      for (const n of r.facts.cluster.nodes) if (!c.nodeIds.includes(serverId(n.name))) c.nodeIds.push(serverId(n.name));
      clusters.set(clusterId, c);
      for (const csv of r.facts.csvs) {
        const vol = csvVolume(csv, clusterId, r.facts);
        if (!volumes.has(vol.id)) volumes.set(vol.id, vol);
        else if (!volumes.get(vol.id)!.lun && vol.lun) volumes.set(vol.id, vol);
        if (!c.csvIds.includes(vol.id)) c.csvIds.push(vol.id);
      }
    }
  }

  for (const r of reports) {
    if (r.role !== 'hyperv-host') continue;
    const host = hosts.get(serverId(r.facts.computerName || r.connectName))!;
    for (const vmFacts of r.facts.vms) {
      if (vms.has(vmFacts.id)) continue; // a clustered VM reported twice: keep the first (its owner)
      const vm = mapVm(vmFacts, host, volumes, warnings);
      vms.set(vm.id, vm);
    }
  }

  return {
    hosts: [...hosts.values()],
    clusters: [...clusters.values()],
    volumes: [...volumes.values()],
    vms: [...vms.values()],
    warnings,
  };
}

function csvVolume(csv: ServerFacts['csvs'][number], clusterId: string, facts: ServerFacts): WinVolume {
  const guid = /Volume\{([0-9a-fA-F-]{36})\}/.exec(csv.volumeGuidPath)?.[1]?.toLowerCase();
  const id = guid ? `csv-${guid}` : `csv-${clusterId}-${csv.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`;
  const disk =
    facts.disks.find((d) => csv.diskGuid !== null && d.guid === csv.diskGuid) ??
    facts.disks.find((d) => csv.diskSignature !== null && d.signature === csv.diskSignature);
  return {
    id,
    kind: 'csv',
    displayPath: csv.path,
    shadowPath: ensureTrailingBackslash(csv.path),
    guidPath: csv.volumeGuidPath || null,
    roots: [csv.path],
    clusterId,
    ownerHostId: serverId(csv.ownerNode),
    sizeBytes: csv.sizeBytes,
    usedBytes: Math.max(0, csv.sizeBytes - csv.freeBytes),
    lun: disk?.uniqueId ?? '',
  };
}

/** Finds (or registers) the volume that holds `file` on `host`: CSV prefix first, then the volume facts. */
function volumeForFile(file: string, host: WinHost, volumes: Map<string, WinVolume>, hintGuidPath: string | null): WinVolume | null {
  // CSVs: a case-insensitive prefix match on the mount path with a "\" boundary (reference §2.3)
  const csv = [...volumes.values()]
    .filter((v) => v.kind === 'csv' && v.clusterId === host.clusterId && relativeToRoot(v.displayPath, file) !== null)
    .sort((a, b) => b.displayPath.length - a.displayPath.length)[0];
  if (csv) return csv;

  const facts = host.facts;
  const byGuid = hintGuidPath ? facts.volumes.find((v) => v.guidPath.toLowerCase() === hintGuidPath.toLowerCase()) : undefined;
  const byRoot = facts.volumes
    .flatMap((v) => localRoots(v).map((root) => ({ v, root })))
    .filter(({ root }) => relativeToRoot(root, file) !== null)
    .sort((a, b) => b.root.length - a.root.length)[0]?.v;
  const v = byGuid ?? byRoot;
  if (!v) return null;
  const guid = /Volume\{([0-9a-fA-F-]{36})\}/.exec(v.guidPath)?.[1]?.toLowerCase();
  const id = guid ? `vol-${guid}` : `vol-${host.id}-${(v.driveLetter ?? 'x').toLowerCase()}`;
  const existing = volumes.get(id);
  if (existing) return existing;
  const roots = localRoots(v);
  const display = roots[0] ?? v.guidPath;
  const vol: WinVolume = {
    id,
    kind: 'local',
    displayPath: display,
    shadowPath: ensureTrailingBackslash(display),
    guidPath: v.guidPath || null,
    roots,
    clusterId: null,
    ownerHostId: host.id,
    sizeBytes: v.sizeBytes,
    usedBytes: Math.max(0, v.sizeBytes - v.freeBytes),
    lun: v.diskUniqueId,
  };
  volumes.set(id, vol);
  return vol;
}

/** Drive letter first (the path admins know), then mount folders; never the \\?\Volume GUID path. */
function localRoots(v: ServerFacts['volumes'][number]): string[] {
  const roots: string[] = v.driveLetter ? [`${v.driveLetter}:\\`] : [];
  for (const p of v.accessPaths) {
    if (p.startsWith('\\\\?\\')) continue;
    const root = /^[A-Za-z]:\\?$/.test(p) ? `${p[0].toUpperCase()}:\\` : stripTrailingBackslash(p);
    if (!roots.some((r) => r.toLowerCase() === root.toLowerCase())) roots.push(root);
  }
  return roots;
}

const RUNNING_STATES = new Set(['running', 'paused', 'pausing', 'resuming', 'starting', 'stopping', 'saving', 'reset', 'fastsaving', 'runningcritical', 'pausedcritical']);

function mapVm(f: ServerFacts['vms'][number], host: WinHost, volumes: Map<string, WinVolume>, warnings: string[]): WinVm {
  const skipped: WinVm['skipped'] = [];
  const disks: WinVmDisk[] = [];
  f.drives.forEach((d) => {
    const label = driveLabel(d);
    if (!d.path) {
      skipped.push({ drive: label, reason: 'pass-through disk: not visible to the host, cannot be backed up' });
      return;
    }
    if (d.chainError || d.chain.length === 0) {
      skipped.push({ drive: label, reason: `cannot read the disk chain: ${d.chainError ?? 'Get-VHD returned nothing'}` });
      return;
    }
    const top = d.chain[0];
    const base = d.chain[d.chain.length - 1];
    if (d.chain.some((c) => c.format === 'vhdset' || c.format === 'unknown')) {
      skipped.push({ drive: label, reason: 'VHD Set (.vhds) or unknown format: not supported off-host' });
      return;
    }
    const topVolume = volumeForFile(d.path, host, volumes, d.volumeGuidPath);
    const chainVolumeIds = [
      ...new Set(d.chain.map((c) => volumeForFile(c.path, host, volumes, null)?.id).filter((id): id is string => !!id)),
    ];
    if (!topVolume) warnings.push(`${f.name}: no volume found for ${d.path}`);
    disks.push({
      index: disks.length,
      topPath: d.path,
      format: base.format === 'vhd' ? 'vhd' : 'vhdx',
      chain: d.chain,
      volumeId: topVolume?.id ?? null,
      chainVolumeIds,
      virtualSizeBytes: top.sizeBytes,
      fileSizeBytes: d.chain.reduce((sum, c) => sum + c.fileSizeBytes, 0),
    });
  });
  for (const s of skipped) warnings.push(`${f.name}: ${s.drive} skipped (${s.reason})`);
  const [major, minor] = f.configVersion.split('.').map((n) => Number.parseInt(n, 10));
  return {
    id: f.id,
    name: f.name,
    hostId: host.id,
    clusterId: f.isClustered ? host.clusterId : null,
    state: RUNNING_STATES.has(f.state.toLowerCase()) ? 'Running' : 'Off',
    rawState: f.state,
    configVersion: f.configVersion,
    rctCapable: major > 6 || (major === 6 && (minor || 0) >= 2),
    referencePoints: f.referencePoints,
    checkpointCount: f.checkpointCount,
    disks,
    configVolumeId: f.configurationLocation ? (volumeForFile(f.configurationLocation, host, volumes, null)?.id ?? null) : null,
    skipped,
  };
}

function driveLabel(d: DriveFacts): string {
  return `${d.controllerType} ${d.controllerNumber}:${d.controllerLocation}`;
}

/** Every volume that holds a file of the VM: disk chains and configuration. */
export function volumesOfVm(vm: WinVm): string[] {
  const ids = new Set<string>();
  for (const d of vm.disks) for (const id of d.chainVolumeIds) ids.add(id);
  if (vm.configVolumeId) ids.add(vm.configVolumeId);
  return [...ids];
}

export function toDomainInventory(w: WindowsInventory): Inventory {
  return {
    hosts: w.hosts.map((h) => ({
      id: h.id,
      name: h.facts.domain && h.facts.domain.toUpperCase() !== 'WORKGROUP' ? `${h.facts.computerName}.${h.facts.domain}`.toLowerCase() : h.id,
      clusterId: h.clusterId,
      os: `${h.facts.os.caption} (${h.facts.os.version})`.trim(),
      hyperV: h.facts.hyperV,
      vssHardwareProvider: h.hardwareProvider?.name ?? null,
      visibleLuns: [...new Set(h.facts.disks.filter((d) => !d.isBoot && !d.isSystem && d.uniqueId).map((d) => d.uniqueId))],
      cpuCores: Math.max(1, h.facts.cpuCores),
      freeDiskBytes: h.facts.systemDriveFreeBytes,
      role: h.role,
    })),
    clusters: w.clusters.map((c) => ({ id: c.id, name: c.name, nodeIds: c.nodeIds, csvIds: c.csvIds })),
    volumes: w.volumes.map((v) => ({
      id: v.id,
      path: v.displayPath,
      kind: v.kind,
      clusterId: v.clusterId,
      ownerHostId: v.ownerHostId,
      sizeBytes: v.sizeBytes,
      usedBytes: v.usedBytes,
      lun: v.lun,
    })),
    vms: w.vms.map((vm) => ({
      id: vm.id,
      name: vm.name,
      hostId: vm.hostId,
      clusterId: vm.clusterId,
      state: vm.state,
      disks: vm.disks
        .filter((d): d is WinVmDisk & { volumeId: string } => d.volumeId !== null)
        .map((d) => ({
          index: d.index,
          path: d.topPath,
          format: d.format,
          virtualSizeBytes: d.virtualSizeBytes,
          fileSizeBytes: d.fileSizeBytes,
          volumeId: d.volumeId,
        })),
    })),
  };
}
