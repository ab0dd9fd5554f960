// Domain model shared by engine and console. Schemas are the single source of truth; types are inferred.
import { z } from 'zod';
import { VmConfig } from './vm-config';

export const Id = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, . _ : - only');

// ---------- inventory ----------

export const Volume = z.object({
  id: Id,
  /** Windows-style label shown to admins, e.g. C:\ClusterStorage\Volume1 or D:\ */
  path: z.string(),
  /** 'csv' volumes belong to a cluster; 'local' SAN LUNs to one standalone host */
  kind: z.enum(['csv', 'local']),
  clusterId: Id.nullable(),
  /** standalone host owning the LUN, or current CSV owner node */
  ownerHostId: Id,
  sizeBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative(),
  lun: z.string(),
});
export type Volume = z.infer<typeof Volume>;

export const VirtualDisk = z.object({
  index: z.number().int().nonnegative(),
  /** path on the host volume */
  path: z.string(),
  format: z.enum(['vhdx', 'vhd', 'raw']),
  virtualSizeBytes: z.number().nonnegative(),
  fileSizeBytes: z.number().nonnegative(),
  volumeId: Id,
});
export type VirtualDisk = z.infer<typeof VirtualDisk>;

export const Vm = z.object({
  id: Id,
  name: z.string(),
  hostId: Id,
  clusterId: Id.nullable(),
  state: z.enum(['Running', 'Off']),
  disks: z.array(VirtualDisk),
  /** generation, CPU, memory, firmware, NICs, disk attachments (what a restore recreates); null/absent when unknown */
  config: VmConfig.nullable().optional(),
});
export type Vm = z.infer<typeof Vm>;

export const Host = z.object({
  id: Id,
  name: z.string(),
  clusterId: Id.nullable(),
  os: z.string(),
  hyperV: z.boolean(),
  vssHardwareProvider: z.string().nullable(),
  /** LUNs this server can see on the SAN */
  visibleLuns: z.array(z.string()),
  cpuCores: z.number().int().positive(),
  freeDiskBytes: z.number().nonnegative(),
  /** role in the lab: Hyper-V host or a plain server usable as a proxy */
  role: z.enum(['hyperv-host', 'server']),
});
export type Host = z.infer<typeof Host>;

export const Cluster = z.object({ id: Id, name: z.string(), nodeIds: z.array(Id), csvIds: z.array(Id) });
export type Cluster = z.infer<typeof Cluster>;

export const Inventory = z.object({
  hosts: z.array(Host),
  clusters: z.array(Cluster),
  volumes: z.array(Volume),
  vms: z.array(Vm),
});
export type Inventory = z.infer<typeof Inventory>;

// ---------- proxies ----------

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour)');
export const Weekday = z.enum(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
export type Weekday = z.infer<typeof Weekday>;

/** Days and hours (console local time); end before start = across midnight. */
export const TimeWindow = z.object({ days: z.array(Weekday).min(1, 'Pick at least one day'), start: HHMM, end: HHMM });
export type TimeWindow = z.infer<typeof TimeWindow>;

/**
 * pass / fail / warning, or not-applicable: the requirement does not concern this server (e.g. a SAN LUN not zoned
 * to it: it simply does not serve that volume). Only 'fail' blocks: a failed server-wide row rules the server out,
 * a failed volume row rules that volume out. Not-applicable rows never count as failures.
 */
export const CheckStatus = z.enum(['pass', 'fail', 'warning', 'not-applicable']);
export type CheckStatus = z.infer<typeof CheckStatus>;
export const ReadinessCheck = z.object({
  id: z.string(),
  title: z.string(),
  status: CheckStatus,
  reason: z.string(),
  fix: z.string().optional(),
  /** for per-volume checks: which volume */
  volumeId: Id.optional(),
});
export type ReadinessCheck = z.infer<typeof ReadinessCheck>;

/** Which volumes a proxy serves: all it can (automatic) or an admin's choice among those. */
export const ConnectedVolumes = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('automatic') }),
  z.object({ mode: z.literal('chosen'), volumeIds: z.array(Id).min(1, 'Choose at least one volume') }),
]);
export type ConnectedVolumes = z.infer<typeof ConnectedVolumes>;

export const Proxy = z.object({
  id: Id,
  serverId: Id,
  name: z.string(),
  description: z.string(),
  maxTasks: z.number().int().min(1).max(64),
  /** traffic rule: cap on what this proxy reads per task, MB/s; 0 = unlimited */
  throttleMBps: z.number().min(0).max(100_000).default(0),
  /** the throttle applies only inside this window (e.g. business hours); null = always */
  throttleWindow: TimeWindow.nullable().default(null),
  /** disabled proxies are skipped by automatic selection and cannot take new tasks */
  enabled: z.boolean().default(true),
  connectedVolumes: ConnectedVolumes.default({ mode: 'automatic' }),
  /** task slots in use right now (filled in by proxies.list) */
  tasksInUse: z.number().int().nonnegative().default(0),
  /** volumes this proxy can back up off-host (visible, not a node of the CSV's cluster) */
  eligibleVolumeIds: z.array(Id),
  status: z.enum(['ready', 'unavailable']),
  lastCheckAt: z.string(),
  createdAt: z.string(),
});
export type Proxy = z.infer<typeof Proxy>;

// ---------- managed servers and credentials ----------

/** A stored account for WinRM. The password lives only in the OS secret store, never here nor in SQLite. */
export const Credential = z.object({
  id: Id,
  /** DOMAIN\\user, user@domain, or .\\Administrator for a workgroup server */
  user: z.string(),
  description: z.string(),
  createdAt: z.string(),
  /** ids of the managed servers that use it */
  usedBy: z.array(Id),
});
export type Credential = z.infer<typeof Credential>;

export const ManagedServerKind = z.enum(['hyperv-host', 'hyperv-cluster', 'windows-server']);
export type ManagedServerKind = z.infer<typeof ManagedServerKind>;

/** Per-host VSS settings (Hyper-V hosts and clusters): the "Manage volumes" knobs admins expect. */
export const HostVssSettings = z.object({
  /** when the hardware provider fails or is absent, take the snapshot with the Microsoft Software Shadow Copy
   *  provider instead: off-host is then impossible for that volume, its VMs are processed on-host (a Warning) */
  failoverToSoftwareProvider: z.boolean().default(true),
  /** concurrent Ferry snapshots per volume of this host */
  maxSnapshotsPerVolume: z.number().int().min(1).max(16).default(4),
});
export type HostVssSettings = z.infer<typeof HostVssSettings>;

/** A server in Ferry's backup infrastructure: a Hyper-V host, a whole cluster (its nodes come with it), or a plain
 *  Windows server that can become an off-host proxy. Only managed servers appear in the inventory. */
export const ManagedServer = z.object({
  /** the inventory id (host id or cluster id) */
  id: Id,
  name: z.string(),
  kind: ManagedServerKind,
  description: z.string(),
  /** null = the console's own Windows identity (Kerberos) */
  credentialId: Id.nullable(),
  /** cluster: its nodes' host ids; otherwise empty */
  memberIds: z.array(Id),
  // absent → the field defaults of HostVssSettings (prefault parses {} through them: one place for the values)
  vss: HostVssSettings.prefault({}),
  addedAt: z.string(),
  lastCheckAt: z.string().nullable(),
  status: z.enum(['ok', 'unreachable', 'access-denied']),
  statusReason: z.string(),
});
export type ManagedServer = z.infer<typeof ManagedServer>;

/** What connecting to a server found, before it is added (the wizard's discovery step). */
export const ServerProbe = z.object({
  /** the id it will have in the inventory */
  id: Id,
  name: z.string(),
  detectedKind: ManagedServerKind,
  os: z.string(),
  hyperV: z.boolean(),
  vssHardwareProvider: z.string().nullable(),
  /** cluster name when the server is a cluster (or a node of one) */
  clusterName: z.string().nullable(),
  nodeNames: z.array(z.string()),
  vmCount: z.number().int().nonnegative(),
  /** kind as in Volume: 'csv' or 'local' (a SAN LUN of this one host); lun: the SAN LUN behind it ('' when unknown) */
  volumes: z.array(z.object({ id: Id, path: z.string(), kind: z.enum(['csv', 'local']), sizeBytes: z.number().nonnegative(), lun: z.string().default('') })),
  /** each requirement with pass/fail/warning, reason and fix */
  checks: z.array(ReadinessCheck),
  alreadyManaged: z.boolean(),
});
export type ServerProbe = z.infer<typeof ServerProbe>;

// ---------- repositories ----------

export const Repository = z.object({
  id: Id,
  name: z.string(),
  path: z.string(),
  capacityBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative(),
  restorePoints: z.number().int().nonnegative(),
});
export type Repository = z.infer<typeof Repository>;

// ---------- jobs ----------

export const ProcessingMode = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('on-host') }),
  z.object({
    mode: z.literal('off-host'),
    proxySelection: z.enum(['automatic', 'pinned']),
    pinnedProxyIds: z.array(Id),
    failoverToOnHost: z.boolean(),
  }),
]);
export type ProcessingMode = z.infer<typeof ProcessingMode>;

export const Compression = z.enum(['none', 'optimal', 'high', 'extreme']);

/** When a job runs by itself (while the console or `ferry serve` runs). Times are the console's local time. */
export const Schedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('daily'), at: HHMM }),
  z.object({ kind: z.literal('weekly'), at: HHMM, days: z.array(Weekday).min(1, 'Pick at least one day') }),
  z.object({ kind: z.literal('periodic'), everyMinutes: z.number().int().min(5).max(24 * 60) }),
]);
export type Schedule = z.infer<typeof Schedule>;

/** Hours in which the job may run; a session still running at the end is stopped (snapshots released). */
export const BackupWindow = z.object({ enabled: z.boolean(), start: HHMM, end: HHMM });
export type BackupWindow = z.infer<typeof BackupWindow>;
export const BlockSize = z.enum(['256K', '512K', '1M', '4M']);

/** Days on which the job reads every disk in full instead of only the blocks changed since its last point. */
export const ActiveFull = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('weekly'), days: z.array(Weekday).min(1, 'Pick at least one day') }),
  z.object({ kind: z.literal('monthly'), dayOfMonth: z.number().int().min(1).max(28) }),
]);
export type ActiveFull = z.infer<typeof ActiveFull>;

/** Which session ends mail the job's report (Settings → Notifications holds the server and recipients). */
export const JobNotify = z.object({
  onSuccess: z.boolean().default(false),
  onWarning: z.boolean().default(true),
  onFailure: z.boolean().default(true),
  /** a failed attempt that the session retries sends nothing: only the session's final result is mailed */
  suppressUntilLastRetry: z.boolean().default(true),
});
export type JobNotify = z.infer<typeof JobNotify>;
/** Replication: a source switch's VMs connect to this target switch (null: not connected). */
export const NetworkMapping = z.object({ sourceSwitch: z.string().trim().min(1).max(128), targetSwitch: z.string().trim().min(1).max(128).nullable() }).strict();
export type NetworkMapping = z.infer<typeof NetworkMapping>;

/** What a replication job adds to a job (kind 'replication'); the replicas themselves: src-shared/replication.ts. */
export const ReplicationSettings = z
  .object({
    /** the Hyper-V host that holds the replica VMs */
    targetHostId: Id,
    /** folder on the target host; each replica VM gets a subfolder named after it */
    path: z.string().trim().min(3, 'A folder on the target host, e.g. C:\\Replicas').max(200),
    networkMapping: z.array(NetworkMapping).max(64).default([]),
    /** restore points on the replica (Hyper-V checkpoints); beyond this the oldest is merged into its parent */
    pointsToKeep: z.number().int().min(1, 'At least 1 restore point').max(28, 'At most 28 restore points').default(7),
    /** replica VM name = source VM name + suffix */
    suffix: z.string().max(32).regex(/^[A-Za-z0-9 ._-]*$/, 'letters, digits, space . _ - only').default('_replica'),
    /** VMs taken out of the job by a permanent failover (their replica became the production VM) */
    excludedVmIds: z.array(Id).default([]),
  })
  .strict();
export type ReplicationSettings = z.infer<typeof ReplicationSettings>;

export const JobKind = z.enum(['backup', 'replication']);
export type JobKind = z.infer<typeof JobKind>;

export const JobSpec = z
  .object({
    /** backup: restore points in the repository; replication: replica VMs on a target host (settings in `replication`) */
    kind: JobKind.default('backup'),
    replication: ReplicationSettings.nullable().default(null),
    name: z.string().trim().min(1, 'Name is required').max(64),
    description: z.string().max(500).default(''),
    vmIds: z.array(Id).min(1, 'Select at least one VM'),
    repositoryId: Id,
    processing: ProcessingMode,
    compression: Compression.default('optimal'),
    blockSize: BlockSize.default('1M'),
    applicationConsistent: z.boolean().default(true),
    /** application-consistent only: when the Hyper-V writer fails for a VM, fail it instead of taking a crash-consistent snapshot */
    requireSuccessfulProcessing: z.boolean().default(false),
    /** incrementals read only the blocks Hyper-V change tracking (RCT) reports since the last restore point */
    changeTracking: z.boolean().default(true),
    activeFull: ActiveFull.default({ kind: 'none' }),
    /** VMs that share one volume snapshot (hardware providers allow at most 8 per shadow copy set) */
    maxVmsPerSnapshot: z.number().int().min(1).max(8).default(8),
    /** disks not backed up, as "vmId/diskIndex" */
    excludedDisks: z.array(z.string().regex(/^[A-Za-z0-9._:-]+\/\d+$/)).default([]),
    /** restore points of this job kept in the repository; older ones are forgotten after a successful run */
    retention: z.object({ keepLast: z.number().int().min(1).max(1000) }).default({ keepLast: 7 }),
    /** automatic retries of failed VMs within the session */
    retries: z.object({ count: z.number().int().min(0).max(10), intervalSec: z.number().int().min(0).max(3600) }).default({ count: 2, intervalSec: 10 }),
    schedule: Schedule.default({ kind: 'none' }),
    window: BackupWindow.default({ enabled: false, start: '22:00', end: '06:00' }),
    enabled: z.boolean().default(true),
    /** e-mail on session end; absent: Settings → Default job options */
    notify: JobNotify.optional(),
  })
  .superRefine((j, ctx) => {
    const p = j.processing;
    if (p.mode === 'off-host' && p.proxySelection === 'pinned' && p.pinnedProxyIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['processing', 'pinnedProxyIds'], message: 'Pick at least one proxy' });
    }
    if (j.kind === 'replication' && !j.replication) ctx.addIssue({ code: 'custom', path: ['replication'], message: 'A replication job needs a destination' });
    if (j.kind === 'backup' && j.replication) ctx.addIssue({ code: 'custom', path: ['replication'], message: 'Only a replication job has a destination' });
  });
export type JobSpec = z.infer<typeof JobSpec>;
export type JobSpecInput = z.input<typeof JobSpec>;

export const SessionResult = z.enum(['Running', 'Success', 'Warning', 'Failed', 'Stopped']);
export type SessionResult = z.infer<typeof SessionResult>;

export const Job = z.object({
  id: Id,
  spec: JobSpec,
  createdAt: z.string(),
  lastResult: SessionResult.nullable(),
  lastRunAt: z.string().nullable(),
  /** next scheduled start (ISO), null when not scheduled or disabled */
  nextRunAt: z.string().nullable().default(null),
});
export type Job = z.infer<typeof Job>;

// ---------- sessions ----------

/** created on host → imported on proxy → exposed → released → deleted */
export const SnapshotStage = z.enum(['planned', 'created', 'imported', 'exposed', 'released', 'deleted', 'failed']);
export type SnapshotStage = z.infer<typeof SnapshotStage>;

/**
 * What a snapshot or a VM did differently from what its job asked for, as a typed fact (the console never reads
 * log text for it). `reason` is the engine's explanation for an admin.
 *  - failover-on-host: read by its Hyper-V host although the job asked for off-host (no eligible proxy, or a
 *    software shadow copy, which cannot leave its host);
 *  - software-provider: the Microsoft Software Shadow Copy provider took the snapshot instead of the hardware one
 *    (the host has none, or it failed);
 *  - crash-consistent: the Hyper-V VSS writer failed, so the point is crash-consistent, not application-consistent;
 *  - retake: the snapshot was taken again (alone, or without the VMs whose writer failed) after a failed one;
 *  - throttled: the disk reads were capped by the proxy's traffic rule.
 */
export const DepartureKind = z.enum(['failover-on-host', 'software-provider', 'crash-consistent', 'retake', 'throttled']);
export type DepartureKind = z.infer<typeof DepartureKind>;
export const Departure = z.object({ kind: DepartureKind, reason: z.string() });
export type Departure = z.infer<typeof Departure>;

export const SnapshotView = z.object({
  id: Id,
  volumeId: Id,
  volumePath: z.string(),
  hostId: Id,
  /** proxy server that imported it; null for on-host processing */
  proxyServerId: Id.nullable(),
  vmIds: z.array(Id),
  /** VSS provider that took it: hardware (transportable) or the Microsoft software provider (on-host only) */
  provider: z.enum(['hardware', 'software']).nullable().default(null),
  stage: SnapshotStage,
  history: z.array(
    z.object({
      stage: SnapshotStage,
      at: z.string(),
      note: z.string().optional(),
      /** true on the entries start-up recovery wrote: the session was interrupted and Ferry cleaned the snapshot at its next start */
      startupCleanup: z.boolean().optional(),
      /** true on the entries a later clean-up wrote: the session's own release failed, a retry deleted the snapshot */
      cleanupRetry: z.boolean().optional(),
    }),
  ),
  /** how this snapshot departs from the job's plan (failover, software provider, crash-consistent, retake); [] = as planned */
  departures: z.array(Departure).default([]),
});
export type SnapshotView = z.infer<typeof SnapshotView>;

/**
 * A volume snapshot whose release failed (the session's own, or start-up's clean-up after a crash): it is still on
 * the storage (and maybe imported on its proxy), holding space and one of the volume's snapshot slots. The engine
 * retries the clean-up on a schedule with backoff and before the next snapshot of the same volume.
 */
export const SnapshotLeftover = z.object({
  snapshotId: Id,
  /** the session that took it (its snapshot card shows the clean-up once it succeeds) */
  sessionId: Id,
  jobName: z.string().nullable(),
  volumeId: Id,
  /** as the session named it (e.g. D:\ or a cluster shared volume); the volume id when the session is gone */
  volumePath: z.string(),
  hostId: Id,
  /** where it is still imported/exposed (the proxy, or the host when processed on-host); null: only on the storage */
  exposedOn: Id.nullable(),
  /** the last lifecycle stage the ledger confirmed */
  stage: SnapshotStage,
  takenAt: z.string(),
  /** when its release (or a clean-up) first failed */
  since: z.string(),
  /** failed clean-up attempts so far, the session's own release included */
  attempts: z.number().int().nonnegative(),
  lastError: z.string(),
  lastAttemptAt: z.string(),
  /** when the engine tries again by itself */
  nextRetryAt: z.string(),
});
export type SnapshotLeftover = z.infer<typeof SnapshotLeftover>;

/** Stopped: the admin (or the backup window, or a shutdown) stopped the session before this VM was finished — not a failure. */
export const VmTaskStatus = z.enum(['Pending', 'Running', 'Success', 'Warning', 'Failed', 'Stopped']);
export type VmTaskStatus = z.infer<typeof VmTaskStatus>;
export const VmTaskView = z.object({
  vmId: Id,
  vmName: z.string(),
  status: VmTaskStatus,
  /** 0..1 */
  progress: z.number().min(0).max(1),
  processingMode: z.enum(['off-host', 'on-host']),
  proxyServerId: Id.nullable(),
  bytesTotal: z.number().nonnegative(),
  bytesRead: z.number().nonnegative(),
  /** what this VM's disks wrote to the repository (after dedupe and compression); absent in sessions recorded before it */
  bytesTransferred: z.number().nonnegative().optional(),
  message: z.string(),
  /** what the VM's point holds: application-consistent (Hyper-V writer) or crash-consistent; null before its snapshot */
  consistency: z.enum(['application', 'crash']).nullable().default(null),
  /** full read, or only the changed blocks (RCT); null before it starts */
  backupKind: z.enum(['full', 'incremental']).nullable().default(null),
  /** how this VM's processing departs from the job (failover, software provider, crash-consistent, retake, throttled); [] = as asked */
  departures: z.array(Departure).default([]),
  /** when its processing started (first snapshot step) and ended (its final status); null before / while running */
  startedAt: z.string().nullable().default(null),
  endedAt: z.string().nullable().default(null),
});
export type VmTaskView = z.infer<typeof VmTaskView>;

/** Throttling: time the data mover waited on the proxy's traffic rule (a cap, not a slow component) */
export const BottleneckStage = z.enum(['Source', 'Proxy', 'Network', 'Target', 'Throttling']);
export type BottleneckStage = z.infer<typeof BottleneckStage>;

export const SessionStats = z.object({
  bytesRead: z.number().nonnegative(),
  bytesProcessed: z.number().nonnegative(),
  bytesTransferred: z.number().nonnegative(),
  ratePerSec: z.number().nonnegative(),
  dedupeRatio: z.number().nonnegative(),
  compressionRatio: z.number().nonnegative(),
  /** busy % of each pipeline stage, measured in the data mover (not guessed); throttle: % of the time reads waited on the traffic rule */
  busy: z
    .object({ source: z.number(), proxy: z.number(), network: z.number(), target: z.number(), throttle: z.number().default(0) })
    .default({ source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }),
  /** the stage that was busiest, as admins know it; null before any data moved */
  bottleneck: BottleneckStage.nullable().default(null),
});
export type SessionStats = z.infer<typeof SessionStats>;

/** Who or what started a session: the job's schedule, someone in the console (app or web), or the `ferry` CLI. */
export const SessionStartedBy = z.enum(['schedule', 'console', 'cli']);
export type SessionStartedBy = z.infer<typeof SessionStartedBy>;
/** Who starts a session by hand (a schedule starts the others). */
export type ManualStarter = Exclude<SessionStartedBy, 'schedule'>;

export const SessionView = z.object({
  id: Id,
  /** 'restore': a restore session (its typed facts: restore.session); jobId/jobName then name the source job. Absent = backup */
  kind: z.enum(['backup', 'restore']).optional(),
  jobId: Id,
  jobName: z.string(),
  result: SessionResult,
  reason: z.string(),
  startedBy: SessionStartedBy.default('console'),
  /** a retry: the session whose failed VMs this one processes again; null = a run of the job */
  retryOf: Id.nullable().default(null),
  /** "Active full" was asked for: every disk is read in full (a retry of an active full is one too) */
  activeFull: z.boolean().default(false),
  /** incremental when at least one VM was read incrementally, full when every VM read was read in full; null before any */
  backupKind: z.enum(['full', 'incremental']).nullable().default(null),
  /** Ferry stopped (crash, kill) while this session ran: start-up recovery ended it and cleaned its snapshots */
  interrupted: z.boolean().default(false),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** 0..1 over all disks */
  progress: z.number().min(0).max(1),
  stats: SessionStats,
  vms: z.array(VmTaskView),
  snapshots: z.array(SnapshotView),
  restorePointId: Id.nullable(),
  /** a stop was asked for and the session is winding down (graceful: VMs in flight finish); null otherwise */
  stopping: z.object({ mode: z.enum(['graceful', 'immediate']), at: z.string(), reason: z.string() }).nullable().default(null),
});
export type SessionView = z.infer<typeof SessionView>;

export const LogLevel = z.enum(['info', 'warning', 'error']);
export const LogLine = z.object({
  seq: z.number().int().nonnegative(),
  at: z.string(),
  level: LogLevel,
  vmId: Id.nullable(),
  text: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;

// ---------- restore points ----------

export const RestorePointDisk = z.object({
  vmId: Id,
  vmName: z.string(),
  diskIndex: z.number().int().nonnegative(),
  sourcePath: z.string(),
  virtualSizeBytes: z.number().nonnegative(),
  storedBytes: z.number().nonnegative(),
  kind: z.enum(['full', 'incremental']).default('full'),
  consistency: z.enum(['application', 'crash']).default('application'),
});
export const RestorePoint = z.object({
  id: Id,
  jobId: Id,
  /** the job's name when the point was made (a deleted job's points keep it) */
  jobName: z.string().default(''),
  /** the job was deleted and its points kept: still listed, verifiable and restorable */
  jobDeleted: z.boolean().default(false),
  sessionId: Id,
  repositoryId: Id,
  createdAt: z.string(),
  disks: z.array(RestorePointDisk),
  /** each VM's configuration when the point was made (empty for points made before Ferry kept it) */
  vms: z.array(z.object({ vmId: Id, vmName: z.string(), hostId: Id, clusterId: Id.nullable(), config: VmConfig.nullable() })).optional(),
  lastVerify: z.object({ at: z.string(), ok: z.boolean(), summary: z.string() }).nullable(),
});
export type RestorePoint = z.infer<typeof RestorePoint>;

// ---------- long operations ----------

export const TaskView = z.object({
  id: Id,
  title: z.string(),
  state: z.enum(['running', 'succeeded', 'failed']),
  progress: z.number().min(0).max(1),
  log: z.array(z.object({ at: z.string(), level: LogLevel, text: z.string() })),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** operation-specific result (e.g. the created proxy id, verify summary) */
  result: z.record(z.string(), z.unknown()).nullable(),
});
export type TaskView = z.infer<typeof TaskView>;

export const AppInfo = z.object({
  version: z.string(),
  platform: z.enum(['lab', 'windows']),
  dataDir: z.string(),
  labCreatedNow: z.boolean(),
  host: z.enum(['electron', 'web', 'cli', 'test']),
});
export type AppInfo = z.infer<typeof AppInfo>;
