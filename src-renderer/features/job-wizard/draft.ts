// The job being composed in the wizard, and how it maps to and from a JobSpec.
import type { JobKind, JobNotify, JobSpec, JobSpecInput, Weekday } from '../../../src-shared/domain';
import type { JobDefaults } from '../../../src-shared/contract/settings';

export type { JobKind, Weekday };

/** Replication: VMs on sourceSwitch get targetSwitch on the replica (null: not connected). */
export interface NetworkMappingDraft {
  sourceSwitch: string;
  targetSwitch: string | null;
}

export type Compression = 'none' | 'optimal' | 'high' | 'extreme';
export type BlockSize = '256K' | '512K' | '1M' | '4M';
export type ScheduleKind = 'none' | 'daily' | 'weekly' | 'periodic';
export type ActiveFullKind = 'none' | 'weekly' | 'monthly';

export interface JobDraft {
  /** backup (restore points in a repository) or replication (replica VMs on a target host) */
  kind: JobKind;
  name: string;
  description: string;
  vmIds: string[];
  /** disks of selected VMs left out, as "vmId/diskIndex" */
  excludedDisks: string[];
  repositoryId: string;
  keepLast: number | null;
  compression: Compression;
  blockSize: BlockSize;
  mode: 'on-host' | 'off-host';
  proxySelection: 'automatic' | 'pinned';
  pinnedProxyIds: string[];
  failoverToOnHost: boolean;
  applicationConsistent: boolean;
  /** fail a VM whose Hyper-V writer fails instead of taking it crash-consistent (application-consistent only) */
  requireSuccessfulProcessing: boolean;
  /** incrementals read only the blocks RCT reports as changed */
  changeTracking: boolean;
  activeFullKind: ActiveFullKind;
  activeFullDays: Weekday[];
  /** 1..28; null while the box holds no number */
  activeFullDayOfMonth: number | null;
  maxVmsPerSnapshot: number | null;
  scheduleKind: ScheduleKind;
  /** HH:MM for daily and weekly */
  scheduleAt: string;
  scheduleDays: Weekday[];
  everyMinutes: number | null;
  windowEnabled: boolean;
  windowStart: string;
  windowEnd: string;
  retryCount: number | null;
  retryIntervalSec: number | null;
  enabled: boolean;
  /** which session ends mail the report (Settings → Notifications has the server and recipients) */
  notify: JobNotify;
  // ---- replication only ----
  /** the Hyper-V host (a standalone host or a cluster node) that holds the replica VMs */
  targetHostId: string;
  replicaPath: string;
  networkMapping: NetworkMappingDraft[];
  /** 1..28; null while the box holds no number */
  pointsToKeep: number | null;
  suffix: string;
  /** VMs a permanent failover took out of the job: kept as they are when the job is edited */
  excludedVmIds: string[];
}

/** Off-host, automatic, failover on: the product's point, and the documented defaults. */
export function emptyDraft(kind: JobKind = 'backup'): JobDraft {
  return {
    kind,
    name: '',
    description: '',
    vmIds: [],
    excludedDisks: [],
    repositoryId: '',
    keepLast: 7,
    compression: 'optimal',
    blockSize: '1M',
    mode: 'off-host',
    proxySelection: 'automatic',
    pinnedProxyIds: [],
    failoverToOnHost: true,
    applicationConsistent: true,
    requireSuccessfulProcessing: false,
    changeTracking: true,
    activeFullKind: 'none',
    activeFullDays: ['Sat'],
    activeFullDayOfMonth: 1,
    maxVmsPerSnapshot: 8,
    scheduleKind: 'none',
    scheduleAt: '22:00',
    scheduleDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
    everyMinutes: 60,
    windowEnabled: false,
    windowStart: '22:00',
    windowEnd: '06:00',
    retryCount: 2,
    retryIntervalSec: 10,
    enabled: true,
    notify: { onSuccess: false, onWarning: true, onFailure: true, suppressUntilLastRetry: true },
    targetHostId: '',
    replicaPath: DEFAULT_REPLICA_PATH,
    networkMapping: [],
    pointsToKeep: 7,
    suffix: '_replica',
    excludedVmIds: [],
  };
}

/** Where a standalone target host keeps replicas unless the admin says otherwise. */
export const DEFAULT_REPLICA_PATH = 'C:\\Replicas';

function replicationOf(d: JobDraft): JobSpecInput['replication'] {
  if (d.kind !== 'replication') return null;
  return {
    targetHostId: d.targetHostId,
    path: d.replicaPath.trim(),
    networkMapping: d.networkMapping.map((m) => ({ sourceSwitch: m.sourceSwitch.trim(), targetSwitch: m.targetSwitch === null ? null : m.targetSwitch.trim() })),
    pointsToKeep: num(d.pointsToKeep),
    suffix: d.suffix,
    excludedVmIds: d.excludedVmIds,
  };
}

/** NaN tells the schema "not a number" so the field gets its own message. */
const num = (v: number | null) => (v === null ? Number.NaN : v);

function scheduleOf(d: JobDraft): NonNullable<JobSpecInput['schedule']> {
  switch (d.scheduleKind) {
    case 'none':
      return { kind: 'none' };
    case 'daily':
      return { kind: 'daily', at: d.scheduleAt };
    case 'weekly':
      return { kind: 'weekly', at: d.scheduleAt, days: d.scheduleDays };
    case 'periodic':
      return { kind: 'periodic', everyMinutes: num(d.everyMinutes) };
  }
}

function activeFullOf(d: JobDraft): NonNullable<JobSpecInput['activeFull']> {
  switch (d.activeFullKind) {
    case 'none':
      return { kind: 'none' };
    case 'weekly':
      return { kind: 'weekly', days: d.activeFullDays };
    case 'monthly':
      return { kind: 'monthly', dayOfMonth: num(d.activeFullDayOfMonth) };
  }
}

export function draftToSpec(d: JobDraft): JobSpecInput {
  return {
    kind: d.kind,
    replication: replicationOf(d),
    name: d.name.trim(),
    description: d.description,
    vmIds: d.vmIds,
    // Exclusions of VMs no longer selected are leftovers of the picker, not settings.
    excludedDisks: d.excludedDisks.filter((key) => d.vmIds.includes(key.slice(0, key.lastIndexOf('/')))),
    repositoryId: d.repositoryId,
    retention: { keepLast: num(d.keepLast) },
    compression: d.compression,
    blockSize: d.blockSize,
    applicationConsistent: d.applicationConsistent,
    // Without the writer there is nothing to require: a crash-consistent job never sends it on.
    requireSuccessfulProcessing: d.applicationConsistent && d.requireSuccessfulProcessing,
    changeTracking: d.changeTracking,
    activeFull: activeFullOf(d),
    processing:
      d.mode === 'on-host'
        ? { mode: 'on-host' }
        : {
            mode: 'off-host',
            proxySelection: d.proxySelection,
            // A pinned list only means something when pinning is chosen.
            pinnedProxyIds: d.proxySelection === 'pinned' ? d.pinnedProxyIds : [],
            failoverToOnHost: d.failoverToOnHost,
          },
    maxVmsPerSnapshot: num(d.maxVmsPerSnapshot),
    retries: { count: num(d.retryCount), intervalSec: num(d.retryIntervalSec) },
    schedule: scheduleOf(d),
    window: { enabled: d.windowEnabled, start: d.windowStart, end: d.windowEnd },
    enabled: d.enabled,
    notify: d.notify,
  };
}

/** A new job starts from Settings → Default job options. */
export function draftFromDefaults(defaults: JobDefaults): Partial<JobDraft> {
  return {
    retryCount: defaults.retries.count,
    retryIntervalSec: defaults.retries.intervalSec,
    compression: defaults.compression,
    blockSize: defaults.blockSize,
    keepLast: defaults.keepLast,
    notify: { ...defaults.notify },
  };
}

/** For "Clone job": the first free "Copy of <name>" ("Copy of <name> (2)", …). */
export function cloneName(name: string, taken: string[]): string {
  const used = new Set(taken.map((n) => n.trim().toLowerCase()));
  const base = `Copy of ${name}`.slice(0, 60);
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!used.has(`${base} (${i})`.toLowerCase())) return `${base} (${i})`;
}

/** For "Edit job" and "Clone job": the wizard starts from what the job has. */
export function draftFromSpec(spec: JobSpec): JobDraft {
  const base = emptyDraft(spec.kind);
  const p = spec.processing;
  const s = spec.schedule;
  const r = spec.replication;
  return {
    ...base,
    ...(r && {
      targetHostId: r.targetHostId,
      replicaPath: r.path,
      networkMapping: r.networkMapping.map((m) => ({ ...m })),
      pointsToKeep: r.pointsToKeep,
      suffix: r.suffix,
      excludedVmIds: [...r.excludedVmIds],
    }),
    name: spec.name,
    description: spec.description,
    vmIds: [...spec.vmIds],
    excludedDisks: [...spec.excludedDisks],
    repositoryId: spec.repositoryId,
    keepLast: spec.retention.keepLast,
    compression: spec.compression,
    blockSize: spec.blockSize,
    mode: p.mode,
    proxySelection: p.mode === 'off-host' ? p.proxySelection : base.proxySelection,
    pinnedProxyIds: p.mode === 'off-host' ? [...p.pinnedProxyIds] : [],
    failoverToOnHost: p.mode === 'off-host' ? p.failoverToOnHost : base.failoverToOnHost,
    applicationConsistent: spec.applicationConsistent,
    requireSuccessfulProcessing: spec.requireSuccessfulProcessing,
    changeTracking: spec.changeTracking,
    activeFullKind: spec.activeFull.kind,
    activeFullDays: spec.activeFull.kind === 'weekly' ? [...spec.activeFull.days] : base.activeFullDays,
    activeFullDayOfMonth: spec.activeFull.kind === 'monthly' ? spec.activeFull.dayOfMonth : base.activeFullDayOfMonth,
    maxVmsPerSnapshot: spec.maxVmsPerSnapshot,
    scheduleKind: s.kind,
    scheduleAt: s.kind === 'daily' || s.kind === 'weekly' ? s.at : base.scheduleAt,
    scheduleDays: s.kind === 'weekly' ? [...s.days] : base.scheduleDays,
    everyMinutes: s.kind === 'periodic' ? s.everyMinutes : base.everyMinutes,
    windowEnabled: spec.window.enabled,
    windowStart: spec.window.start,
    windowEnd: spec.window.end,
    retryCount: spec.retries.count,
    retryIntervalSec: spec.retries.intervalSec,
    enabled: spec.enabled,
    notify: spec.notify ? { ...spec.notify } : base.notify,
  };
}

export const COMPRESSION_OPTIONS: { value: Compression; label: string; hint: string }[] = [
  { value: 'none', label: 'None', hint: 'No compression; fastest, largest backups' },
  { value: 'optimal', label: 'Optimal (recommended)', hint: 'LZ4: good reduction at low CPU cost' },
  { value: 'high', label: 'High', hint: 'More reduction, about twice the CPU' },
  { value: 'extreme', label: 'Extreme', hint: 'Most reduction, several times the CPU' },
];

export const BLOCK_SIZE_OPTIONS: { value: BlockSize; label: string; hint: string }[] = [
  { value: '4M', label: '4 MB — large blocks', hint: 'Very large disks, deduplicating storage appliances' },
  { value: '1M', label: '1 MB — local target (recommended)', hint: 'SAN, DAS or local storage; fastest' },
  { value: '512K', label: '512 KB — LAN target', hint: 'NAS and on-site backups' },
  { value: '256K', label: '256 KB — WAN target', hint: 'Best deduplication, off-site backups' },
];
