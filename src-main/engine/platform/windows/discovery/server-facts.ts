// Reads the JSON printed by serverFactsPs into typed facts (the schema and its ConvertTo-Json pitfalls:
// server-facts-schema.ts): a GUID without braces or in upper case, LUN ids with separators, enum names in any case.
import { WinCode } from '../error-codes';
import { winError } from '../errors';
import { extractPsJson, normalizeGuid } from '../exec/parse';
import { Report } from './server-facts-schema';

// ---------- typed facts ----------

export type ProviderType = 'unknown' | 'system' | 'software' | 'hardware' | 'fileshare';
const PROVIDER_TYPES: ProviderType[] = ['unknown', 'system', 'software', 'hardware', 'fileshare'];

export interface VssProviderFacts {
  /** "{guid}", lower-case */
  id: string;
  name: string;
  version: string;
  type: ProviderType;
}

export interface DiskFacts {
  number: number;
  /** page-83 identifier as Windows reports it, upper-case; the LUN identity across machines */
  uniqueId: string;
  serial: string;
  friendlyName: string;
  busType: string;
  /** GPT disk GUID "{…}" or null */
  guid: string | null;
  /** MBR signature or null */
  signature: number | null;
  isOffline: boolean;
  isBoot: boolean;
  isSystem: boolean;
  isClustered: boolean;
  sizeBytes: number;
}

export interface VolumeFacts {
  /** "\\?\Volume{…}\" */
  guidPath: string;
  driveLetter: string | null;
  fileSystem: string;
  label: string;
  sizeBytes: number;
  freeBytes: number;
  accessPaths: string[];
  diskUniqueId: string;
}

export interface CsvFacts {
  name: string;
  ownerNode: string;
  state: string;
  /** "C:\ClusterStorage\Volume1" */
  path: string;
  volumeGuidPath: string;
  sizeBytes: number;
  freeBytes: number;
  diskGuid: string | null;
  diskSignature: number | null;
}

export interface VhdFacts {
  path: string;
  format: 'vhd' | 'vhdx' | 'vhdset' | 'unknown';
  type: 'fixed' | 'dynamic' | 'differencing' | 'unknown';
  sizeBytes: number;
  fileSizeBytes: number;
  blockSize: number;
  logicalSectorSize: number;
  physicalSectorSize: number;
  diskIdentifier: string;
  parentPath: string | null;
}

export interface DriveFacts {
  controllerType: string;
  controllerNumber: number;
  controllerLocation: number;
  /** null for a pass-through disk */
  path: string | null;
  passThroughDiskNumber: number | null;
  volumeGuidPath: string | null;
  /** top (current file, maybe .avhdx) first, base disk last */
  chain: VhdFacts[];
  chainError: string | null;
}

export interface ReferencePointFacts {
  instanceId: string;
  type: number;
  consistencyLevel: number;
  rctIds: string[];
  virtualDiskIds: string[];
}

export interface VmFacts {
  id: string;
  name: string;
  state: string;
  generation: number;
  configVersion: string;
  path: string;
  configurationLocation: string;
  snapshotFileLocation: string;
  isClustered: boolean;
  checkpointCount: number;
  drives: DriveFacts[];
  referencePoints: ReferencePointFacts[];
}

export interface ServerFacts {
  computerName: string;
  domain: string;
  os: { caption: string; version: string; build: number; productType: number; architecture: string; lastBootUpTime: string | null };
  hyperV: boolean;
  isAdmin: boolean;
  cpuCores: number;
  memoryBytes: number;
  systemDriveFreeBytes: number;
  clusterService: 'absent' | 'running' | 'stopped' | 'other';
  cluster: { name: string; nodes: Array<{ name: string; state: string }> } | null;
  clusterError: string | null;
  csvs: CsvFacts[];
  volumes: VolumeFacts[];
  disks: DiskFacts[];
  providers: VssProviderFacts[];
  vms: VmFacts[];
  collectedAt: string | null;
}

export function parseServerFacts(stdout: string): ServerFacts {
  return serverFactsFromJson(extractPsJson(stdout));
}

export function serverFactsFromJson(value: unknown): ServerFacts {
  const r = Report.parse(value);
  return {
    computerName: r.ComputerName,
    domain: r.Domain,
    os: {
      caption: r.Os.Caption,
      version: r.Os.Version,
      build: Number.parseInt(r.Os.BuildNumber || r.Os.Version.split('.')[2] || '0', 10) || 0,
      productType: r.Os.ProductType,
      architecture: r.Os.Architecture,
      lastBootUpTime: r.Os.LastBootUpTime,
    },
    hyperV: r.HyperV,
    isAdmin: r.IsAdmin,
    cpuCores: r.CpuCores,
    memoryBytes: r.MemoryBytes,
    systemDriveFreeBytes: r.SystemDriveFreeBytes,
    clusterService: serviceState(r.ClusterService),
    cluster: r.Cluster ? { name: r.Cluster.Name, nodes: r.Cluster.Nodes.map((n) => ({ name: n.Name, state: n.State })) } : null,
    clusterError: r.ClusterError ?? null,
    csvs: r.Csvs.map(csvFacts),
    volumes: r.Volumes.map(volumeFacts),
    disks: r.Disks.map(diskFacts),
    providers: r.Providers.map((p) => ({
      id: maybeGuid(p.Id) ?? p.Id,
      name: p.Name,
      version: p.Version,
      type: PROVIDER_TYPES[p.Type] ?? 'unknown',
    })),
    vms: r.Vms.map(vmFacts),
    collectedAt: r.CollectedAt,
  };
}

/**
 * The probe's FERRY_JSON value as facts; data that does not fit is E_WIN_BAD_OUTPUT naming the step and server.
 * `output` names what the admin should keep for a report ("inventory", "probe").
 */
export function readServerFacts(value: unknown, step: string, serverName: string, output: string): ServerFacts {
  try {
    return serverFactsFromJson(value);
  } catch (e) {
    throw winError(WinCode.BadOutput, `${step} of ${serverName}: unexpected data (${e instanceof Error ? e.message.split('\n')[0] : String(e)}).`, {
      hint: `Keep the server's ${output} output and report it (a newer Windows or PowerShell version?).`,
      server: serverName,
      step,
    });
  }
}

type Reported<K extends 'Csvs' | 'Volumes' | 'Disks' | 'Vms'> = Report[K][number];
type ReportedDrive = Reported<'Vms'>['Drives'][number];

function csvFacts(c: Reported<'Csvs'>): CsvFacts {
  return {
    name: c.Name,
    ownerNode: c.OwnerNode,
    state: c.State,
    path: c.Path.replace(/\\+$/, ''),
    volumeGuidPath: c.VolumeName,
    sizeBytes: c.Size,
    freeBytes: c.FreeSpace,
    diskGuid: maybeGuid(c.DiskIdGuid),
    diskSignature: parseSignature(c.DiskSignature),
  };
}

function volumeFacts(v: Reported<'Volumes'>): VolumeFacts {
  return {
    guidPath: v.Path,
    driveLetter: /^[A-Za-z]$/.test(v.DriveLetter) ? v.DriveLetter.toUpperCase() : null,
    fileSystem: v.FileSystem,
    label: v.Label,
    sizeBytes: v.Size,
    freeBytes: v.SizeRemaining,
    accessPaths: v.AccessPaths,
    diskUniqueId: normalizeLun(v.DiskUniqueId),
  };
}

function diskFacts(d: Reported<'Disks'>): DiskFacts {
  return {
    number: d.Number,
    uniqueId: normalizeLun(d.UniqueId),
    serial: d.SerialNumber.trim(),
    friendlyName: d.FriendlyName,
    busType: d.BusType,
    guid: maybeGuid(d.Guid),
    signature: parseSignature(d.Signature),
    isOffline: d.IsOffline,
    isBoot: d.IsBoot,
    isSystem: d.IsSystem,
    isClustered: d.IsClustered,
    sizeBytes: d.Size,
  };
}

function vmFacts(vm: Reported<'Vms'>): VmFacts {
  return {
    id: maybeGuid(vm.Id)?.slice(1, -1) ?? vm.Id.toLowerCase(),
    name: vm.Name,
    state: vm.State,
    generation: vm.Generation,
    configVersion: vm.Version,
    path: vm.Path,
    configurationLocation: vm.ConfigurationLocation,
    snapshotFileLocation: vm.SnapshotFileLocation,
    isClustered: vm.IsClustered,
    checkpointCount: vm.CheckpointCount,
    drives: vm.Drives.map(driveFacts),
    referencePoints: vm.ReferencePoints.map((rp) => ({
      instanceId: rp.InstanceId,
      type: rp.ReferencePointType,
      consistencyLevel: rp.ConsistencyLevel,
      rctIds: rp.RctIds,
      virtualDiskIds: rp.VirtualDiskIds,
    })),
  };
}

function driveFacts(d: ReportedDrive): DriveFacts {
  return {
    controllerType: d.ControllerType,
    controllerNumber: d.ControllerNumber,
    controllerLocation: d.ControllerLocation,
    path: d.Path,
    passThroughDiskNumber: d.Path ? null : d.DiskNumber,
    volumeGuidPath: d.VolumePath,
    chain: d.Chain.map((c) => ({
      path: c.Path,
      format: vhdFormat(c.Format),
      type: vhdType(c.Type),
      sizeBytes: c.Size,
      fileSizeBytes: c.FileSize,
      blockSize: c.BlockSize,
      logicalSectorSize: c.LogicalSectorSize,
      physicalSectorSize: c.PhysicalSectorSize,
      diskIdentifier: c.DiskIdentifier,
      parentPath: c.ParentPath,
    })),
    chainError: d.ChainError ?? null,
  };
}

function serviceState(text: string): ServerFacts['clusterService'] {
  const t = text.toLowerCase();
  if (t === 'absent') return 'absent';
  if (t === 'running') return 'running';
  if (t === 'stopped') return 'stopped';
  return 'other';
}

function maybeGuid(text: string): string | null {
  try {
    return text ? normalizeGuid(text) : null;
  } catch {
    return null;
  }
}

/** "305419896", "0x12345678" or "12345678" (hex from cluster parameters) → number. */
function parseSignature(text: string): number | null {
  const t = text.trim();
  if (t === '' || t === '0') return null;
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  if (/^\d+$/.test(t)) return Number(t);
  if (/^[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  return null;
}

/** LUN ids are compared across machines: trim, upper-case, drop separators some tools add. */
export function normalizeLun(text: string): string {
  return text.trim().toUpperCase().replace(/[\s:-]/g, '');
}

function vhdFormat(text: string): VhdFacts['format'] {
  const t = text.toLowerCase();
  return t === 'vhd' || t === 'vhdx' || t === 'vhdset' ? t : 'unknown';
}

function vhdType(text: string): VhdFacts['type'] {
  const t = text.toLowerCase();
  return t === 'fixed' || t === 'dynamic' || t === 'differencing' ? t : 'unknown';
}
