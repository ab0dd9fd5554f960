// Every command the console can send: name → params schema + result schema. The dispatcher's allowlist is this map.
import { z } from 'zod';
import { replicationMethods } from './replication';
import {
  AppInfo,
  ConnectedVolumes,
  Credential,
  HostVssSettings,
  Id,
  Inventory,
  Job,
  JobSpec,
  LogLine,
  ManagedServer,
  ManagedServerKind,
  Proxy,
  ReadinessCheck,
  Repository,
  RestorePoint,
  ServerProbe,
  SessionView,
  SnapshotLeftover,
  TaskView,
  TimeWindow,
} from '../domain';
import { restoreMethods } from './restore';
import { mountMethods } from './mount';
import { settingsMethods } from './settings';
import { filesMethods } from './files';
import { accountMethods, auditMethods } from './accounts';

const none = z.object({}).strict();
const byId = z.object({ id: Id }).strict();
const ok = z.object({ ok: z.literal(true) });
const taskRef = z.object({ taskId: Id });

export const ProxyDraft = z
  .object({
    serverId: Id,
    description: z.string().max(500).default(''),
    maxTasks: z.number().int().min(1, 'At least 1 task').max(64, 'At most 64 tasks'),
    throttleMBps: z.number().min(0).max(100_000).default(0),
    throttleWindow: TimeWindow.nullable().default(null),
    connectedVolumes: ConnectedVolumes.default({ mode: 'automatic' }),
  })
  .strict();

export const ProxyPatch = z
  .object({
    id: Id,
    description: z.string().max(500).optional(),
    maxTasks: z.number().int().min(1, 'At least 1 task').max(64, 'At most 64 tasks').optional(),
    throttleMBps: z.number().min(0).max(100_000).optional(),
    throttleWindow: TimeWindow.nullable().optional(),
    enabled: z.boolean().optional(),
    connectedVolumes: ConnectedVolumes.optional(),
  })
  .strict();

/** As an admin types a server: a short name or an FQDN (no URL, no port, no spaces). */
export const ServerName = z
  .string()
  .trim()
  .min(1, 'Enter the server name')
  .max(253)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9-]{1,63})*$/, 'A DNS name or NetBIOS name, e.g. hv03 or hv03.contoso.local');

export const CredentialDraft = z
  .object({
    user: z
      .string()
      .trim()
      .min(1, 'Enter the account')
      .max(256)
      .regex(/^[^\s"/[\]:;|=,+*?<>]+(\\[^\s"/[\]:;|=,+*?<>]+)?$|^[^\s@]+@[^\s@]+$/, 'Use DOMAIN\\user, user@domain or .\\Administrator'),
    password: z.string().min(1, 'Enter the password').max(1024),
    description: z.string().max(500).default(''),
  })
  .strict();

export const ServerDraft = z
  .object({
    name: ServerName,
    /** what the admin means to add; the probe must agree (a cluster node is added through its cluster) */
    kind: ManagedServerKind,
    credentialId: Id.nullable(),
    description: z.string().max(500).default(''),
    // absent → the field defaults of HostVssSettings (prefault parses {} through them: one place for the values)
    vss: HostVssSettings.prefault({}),
  })
  .strict();
export type ServerDraft = z.input<typeof ServerDraft>;

export const PlannedSnapshot = z.object({
  volumeId: Id,
  volumePath: z.string(),
  hostName: z.string(),
  vmNames: z.array(z.string()),
  mode: z.enum(['off-host', 'on-host', 'none']),
  proxyName: z.string().nullable(),
  warning: z.string().nullable(),
  failReason: z.string().nullable(),
});
export type PlannedSnapshot = z.infer<typeof PlannedSnapshot>;

export const RateSample = z.object({ at: z.string(), readPerSec: z.number(), transferredPerSec: z.number() });
export type RateSample = z.infer<typeof RateSample>;

/** hw-provider: the hardware VSS provider fails on the target volume; writer: the Hyper-V VSS writer fails for the target VM */
export const LabFaultStep = z.enum(['create', 'import', 'expose', 'read', 'write', 'unexpose', 'delete', 'install', 'proxy-unreachable', 'hw-provider', 'writer', 'target-write', 'merge', 'failover-start', 'failback']);
export type ProxyDraft = z.input<typeof ProxyDraft>;

export const methods = {
  'app.info': { params: none, result: AppInfo },

  'inventory.get': { params: none, result: Inventory },

  'proxies.list': { params: none, result: z.array(Proxy) },
  /** Readiness of a server as an off-host proxy: one row per requirement, per volume where it matters. */
  'proxies.check': { params: z.object({ serverId: Id }).strict(), result: z.array(ReadinessCheck) },
  /** Installs and registers the proxy; progress and log on the returned task. */
  'proxies.create': { params: ProxyDraft, result: taskRef },
  'proxies.update': { params: ProxyPatch, result: Proxy },
  /** Re-runs readiness: refreshes status, eligible volumes and last check time. */
  'proxies.recheck': { params: byId, result: Proxy },
  'proxies.remove': { params: byId, result: ok },

  /** Stored WinRM accounts (never the password). */
  'credentials.list': { params: none, result: z.array(Credential) },
  'credentials.create': { params: CredentialDraft, result: Credential },
  /** New password (rotation) or description; the account name stays. */
  'credentials.update': { params: z.object({ id: Id, password: z.string().min(1).max(1024).optional(), description: z.string().max(500).optional() }).strict(), result: Credential },
  /** Refused (E_IN_USE) while a managed server uses it. */
  'credentials.remove': { params: byId, result: ok },

  'servers.list': { params: none, result: z.array(ManagedServer) },
  /** Connects with the given account and reports what the server is, without changing anything. */
  'servers.probe': { params: z.object({ name: ServerName, credentialId: Id.nullable() }).strict(), result: ServerProbe },
  /** Adds a Hyper-V host, a cluster (with its nodes) or a Windows server; progress and log on the task (result.serverId). */
  'servers.add': { params: ServerDraft, result: taskRef },
  'servers.update': { params: z.object({ id: Id, credentialId: Id.nullable().optional(), description: z.string().max(500).optional(), vss: HostVssSettings.optional() }).strict(), result: ManagedServer },
  /** Reconnects and refreshes status and the inventory it brings. */
  'servers.rescan': { params: byId, result: ManagedServer },
  /** Refused (E_IN_USE) while a job protects its VMs or it is an off-host proxy, naming them. */
  'servers.remove': { params: byId, result: ok },

  'repositories.list': { params: none, result: z.array(Repository) },
  /** Registers a folder as a backup repository (created if empty; an existing Ferry repository is adopted). */
  'repositories.create': {
    params: z.object({ name: z.string().trim().min(1, 'Name is required').max(64), path: z.string().min(1, 'Path is required').max(1024) }).strict(),
    result: Repository,
  },

  'jobs.list': { params: none, result: z.array(Job) },
  'jobs.get': { params: byId, result: Job },
  'jobs.create': { params: JobSpec, result: Job },
  /**
   * restorePoints (required): 'delete' removes the job's restore points from the repository (their chunks are then
   * collected), 'keep' leaves them listed (restorePoints.list, jobDeleted: true), verifiable and restorable.
   */
  'jobs.delete': {
    params: z.object({ id: Id, restorePoints: z.enum(['keep', 'delete'], { error: "choose 'keep' or 'delete' for the job's restore points" }) }).strict(),
    result: z.object({ ok: z.literal(true), restorePointsDeleted: z.number().int().nonnegative(), restorePointsKept: z.number().int().nonnegative() }),
  },
  'jobs.update': { params: z.object({ id: Id, spec: JobSpec }).strict(), result: Job },
  'jobs.setEnabled': { params: z.object({ id: Id, enabled: z.boolean() }).strict(), result: Job },
  /** activeFull: read every disk in full this time instead of only the changed blocks (starts a new chain) */
  'jobs.start': { params: z.object({ id: Id, activeFull: z.boolean().optional() }).strict(), result: z.object({ sessionId: Id }) },
  /** The snapshot plan a job would run now: volumes, shared snapshots, proxy or on-host, warnings. */
  'jobs.plan': { params: z.object({ spec: JobSpec }).strict(), result: z.array(PlannedSnapshot) },

  'sessions.list': {
    params: z.object({ jobId: Id.optional() }).strict(),
    result: z.array(SessionView),
  },
  /** Snapshot for the session streams; apply events with seq > this seq. */
  'sessions.get': {
    params: byId,
    result: z.object({ session: SessionView, log: z.array(LogLine), seq: z.number().int().nonnegative(), samples: z.array(RateSample) }),
  },
  /** graceful: VMs in flight finish, nothing new starts; immediate: in-flight VMs get no restore point. Snapshots are released either way. */
  'sessions.stop': { params: z.object({ id: Id, mode: z.enum(['graceful', 'immediate']).default('immediate') }).strict(), result: ok },
  /** A new session of the same job for the VMs that failed in this one. */
  'sessions.retry': { params: byId, result: z.object({ sessionId: Id }) },

  /** Snapshots whose release failed and that are still on the storage, oldest first ([] when all is clean). */
  'snapshots.leftovers': { params: none, result: z.array(SnapshotLeftover) },
  /**
   * Tries the clean-up (dismount, delete on the storage) now instead of at the next scheduled retry: one leftover, or
   * all of them. E_NOT_FOUND for an id that is not a leftover; a clean-up that fails again is in `failed`.
   */
  'snapshots.retryCleanup': {
    params: z.object({ snapshotId: Id.optional() }).strict(),
    result: z.object({ cleaned: z.array(Id), failed: z.array(z.object({ snapshotId: Id, error: z.string() })) }),
  },

  'restorePoints.list': { params: z.object({ jobId: Id.optional() }).strict(), result: z.array(RestorePoint) },
  'restorePoints.verify': { params: byId, result: taskRef },
  /** Restores one disk to a new file on the console's machine (raw image or dynamic VHDX); progress on the task. */
  'restorePoints.restore': {
    params: z
      .object({ id: Id, vmId: Id, diskIndex: z.number().int().min(0).max(255), format: z.enum(['raw', 'vhdx']), outPath: z.string().min(1).max(1024) })
      .strict(),
    result: taskRef,
  },

  /** Lab only: make a step fail (or the proxy vanish) to see how Ferry handles it. */
  'lab.injectFault': {
    params: z.object({ step: LabFaultStep, target: Id.optional(), times: z.number().int().min(1).max(1000).default(1) }).strict(),
    result: ok,
  },
  'lab.clearFaults': { params: none, result: ok },

  'tasks.get': { params: byId, result: TaskView },

  ...restoreMethods,
  ...mountMethods,
  ...settingsMethods,
  ...replicationMethods,
  ...filesMethods,
  ...accountMethods,
  ...auditMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = z.input<Methods[M]['params']>;
export type ParsedParamsOf<M extends MethodName> = z.output<Methods[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<Methods[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
