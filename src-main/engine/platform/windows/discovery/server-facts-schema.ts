// The schema of what serverFactsPs prints, defensive against ConvertTo-Json's habits even though the script avoids
// them: a list may arrive as a bare object or null, an enum as a number, a date as "\/Date(ms)\/", a UInt64 as a
// string. server-facts.ts maps the parsed report to typed facts.
import { z } from 'zod';
import { psList } from '../exec/parse';

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
export const Report = z.object({
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

export type Report = z.infer<typeof Report>;
