// Reads the JSON printed by serverFactsPs into typed facts. Defensive against ConvertTo-Json's habits even though
// the script avoids them: a list may arrive as a bare object or null, an enum as a number, a date as
// "\/Date(ms)\/", a UInt64 as a string, a GUID without braces or in upper case.
import { z } from 'zod';
import { extractPsJson, normalizeGuid, psList } from './exec/parse';

// ---------- pitfall normalizers ----------


const num = z.preprocess((v) => {
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (v === null || v === undefined || v === '') return 0;
  return v;
}, z.number());

const optNum = z.preprocess((v) => {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string' && Number.isFinite(Number(v))) return Number(v);
  return v;
}, z.number().nullable());

const str = z.preprocess((v) => (v === null || v === undefined ? '' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string());
const optStr = z.preprocess((v) => (v === null || v === undefined || v === '' ? null : v), z.string().nullable());
const bool = z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() === 'true' : v ?? false), z.boolean());

/** ISO 8601 from either an ISO string or 5.1's "\/Date(1326441600000)\/". */
export function normalizeDate(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const legacy = /^\/?Date\((-?\d+)(?:[+-]\d{4})?\)\/?$/.exec(value.replace(/\\/g, ''));
  if (legacy) return new Date(Number(legacy[1])).toISOString();
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
const date = z.preprocess(normalizeDate, z.string().nullable());

/** An enum that should be a string but may arrive as its integer value. */
function enumText(names: Record<number, string>) {
  return z.preprocess((v) => (typeof v === 'number' ? (names[v] ?? String(v)) : v ?? ''), z.string());
}

// Integer values of the .NET enums, used only if a cast to [string] was lost (values from the public enum
// definitions; see the report for the ones to confirm on a real host).
const VM_STATE: Record<number, string> = {
  1: 'Other', 2: 'Running', 3: 'Off', 4: 'Stopping', 6: 'Saved', 9: 'Paused', 10: 'Starting', 11: 'Reset',
  32773: 'Saving', 32776: 'Pausing', 32777: 'Resuming', 32779: 'FastSaved', 32780: 'FastSaving',
};
const VHD_FORMAT: Record<number, string> = { 2: 'VHD', 3: 'VHDX', 4: 'VHDSet' };
const VHD_TYPE: Record<number, string> = { 2: 'Fixed', 3: 'Dynamic', 4: 'Differencing' };
const CONTROLLER: Record<number, string> = { 0: 'IDE', 1: 'SCSI', 2: 'PMEM' };
const SERVICE_STATUS: Record<number, string> = { 1: 'Stopped', 2: 'StartPending', 3: 'StopPending', 4: 'Running' };
const CLUSTER_NODE_STATE: Record<number, string> = { [-1]: 'Unknown', 0: 'Up', 1: 'Down', 2: 'Paused', 3: 'Joining' };
const CLUSTER_RESOURCE_STATE: Record<number, string> = { [-1]: 'Unknown', 0: 'Inherited', 1: 'Initializing', 2: 'Online', 3: 'Offline', 4: 'Failed' };

// ---------- schema of serverFactsPs output ----------

const Provider = z.object({ Id: str, Name: str, Version: str, Type: num });
const Disk = z.object({
  Number: num,
  UniqueId: str,
  SerialNumber: str,
  FriendlyName: str,
  BusType: str,
  Guid: str,
  Signature: str,
  IsOffline: bool,
  IsBoot: bool,
  IsSystem: bool,
  IsClustered: bool,
  Size: num,
});
const Volume = z.object({
  Path: str,
  DriveLetter: str,
  FileSystem: str,
  Label: str,
  Size: num,
  SizeRemaining: num,
  AccessPaths: psList(str),
  DiskUniqueId: str,
});
const Csv = z.object({
  Name: str,
  Id: str,
  OwnerNode: str,
  State: enumText(CLUSTER_RESOURCE_STATE),
  Path: str,
  VolumeName: str,
  Size: num,
  FreeSpace: num,
  DiskIdGuid: str,
  DiskSignature: str,
});
const Vhd = z.object({
  Path: str,
  Format: enumText(VHD_FORMAT),
  Type: enumText(VHD_TYPE),
  Size: num,
  FileSize: num,
  BlockSize: num,
  LogicalSectorSize: num,
  PhysicalSectorSize: num,
  DiskIdentifier: str,
  ParentPath: optStr,
});
const Drive = z.object({
  ControllerType: enumText(CONTROLLER),
  ControllerNumber: num,
  ControllerLocation: num,
  Path: optStr,
  DiskNumber: optNum,
  VolumePath: optStr,
  Chain: psList(Vhd),
  ChainError: optStr.optional(),
});
const ReferencePoint = z.object({
  InstanceId: str,
  ReferencePointType: num,
  ConsistencyLevel: num,
  RctIds: psList(str),
  VirtualDiskIds: psList(str),
});
const Vm = z.object({
  Name: str,
  Id: str,
  State: enumText(VM_STATE),
  Generation: num,
  Version: str,
  Path: str,
  ConfigurationLocation: str,
  SnapshotFileLocation: str,
  IsClustered: bool,
  CheckpointCount: num,
  Drives: psList(Drive),
  ReferencePoints: psList(ReferencePoint),
});
const Report = z.object({
  SchemaVersion: num,
  CollectedAt: date,
  ComputerName: str,
  Domain: str,
  Os: z.object({
    Caption: str,
    Version: str,
    BuildNumber: str,
    ProductType: num,
    Architecture: str,
    LastBootUpTime: date,
  }),
  HyperV: bool,
  IsAdmin: bool,
  CpuCores: num,
  MemoryBytes: num,
  SystemDriveFreeBytes: num,
  ClusterService: enumText(SERVICE_STATUS),
  Cluster: z
    .object({ Name: str, Nodes: psList(z.object({ Name: str, State: enumText(CLUSTER_NODE_STATE) })) })
    .nullable()
    .optional(),
  ClusterError: optStr.optional(),
  Csvs: psList(Csv),
  Volumes: psList(Volume),
  Disks: psList(Disk),
  Providers: psList(Provider),
  Vms: psList(Vm),
});

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
    csvs: r.Csvs.map((c) => ({
      name: c.Name,
      ownerNode: c.OwnerNode,
      state: c.State,
      path: c.Path.replace(/\\+$/, ''),
      volumeGuidPath: c.VolumeName,
      sizeBytes: c.Size,
      freeBytes: c.FreeSpace,
      diskGuid: maybeGuid(c.DiskIdGuid),
      diskSignature: parseSignature(c.DiskSignature),
    })),
    volumes: r.Volumes.map((v) => ({
      guidPath: v.Path,
      driveLetter: /^[A-Za-z]$/.test(v.DriveLetter) ? v.DriveLetter.toUpperCase() : null,
      fileSystem: v.FileSystem,
      label: v.Label,
      sizeBytes: v.Size,
      freeBytes: v.SizeRemaining,
      accessPaths: v.AccessPaths,
      diskUniqueId: normalizeLun(v.DiskUniqueId),
    })),
    disks: r.Disks.map((d) => ({
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
    })),
    providers: r.Providers.map((p) => ({
      id: maybeGuid(p.Id) ?? p.Id,
      name: p.Name,
      version: p.Version,
      type: PROVIDER_TYPES[p.Type] ?? 'unknown',
    })),
    vms: r.Vms.map((vm) => ({
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
      drives: vm.Drives.map((d) => ({
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
      })),
      referencePoints: vm.ReferencePoints.map((rp) => ({
        instanceId: rp.InstanceId,
        type: rp.ReferencePointType,
        consistencyLevel: rp.ConsistencyLevel,
        rctIds: rp.RctIds,
        virtualDiskIds: rp.VirtualDiskIds,
      })),
    })),
    collectedAt: r.CollectedAt,
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
