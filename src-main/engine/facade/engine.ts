// The engine's facade: assembles store, platform, repositories, data mover and orchestrator for one data folder,
// and offers the operations the contract needs, one object per namespace (jobs, sessions, proxies, …). Hosts
// create exactly one Engine; the service calls only these operations. The parts (store, platform, orchestrator,
// …) stay reachable for the CLI's repository tools and for tests that look below the operations.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { Platform } from '../platform/types';
import type { LabPlatform } from '../platform/lab/lab-platform';
import type { AgentCommand } from '../platform/lab/agent-launcher';
import { assertWindowsUsable, createPlatform, type PlatformKind } from '../platform/create-platform';
import { platformForDataFolder, rememberPlatform } from '../platform/data-folder-platform';
import { labMoverHooks, labWriterHooks, type LabFaults } from '../platform/lab/faults';
import type { RestorePlatform } from '../platform/restore-types';
import type { DiskWriter } from '../datamover/restore-task';
import { InProcessDiskWriter } from '../datamover/restore-writer';
import { RoutingDiskWriter } from '../datamover/remote/agent-writer';
import { Store } from '../store/store';
import { RepoPool } from '../repository/repo-pool';
import { InProcessDataMover } from '../datamover/in-process-mover';
import type { DataMover } from '../datamover/task';
import { RoutingDataMover } from '../datamover/remote/agent-mover';
import { Orchestrator, type StopAll } from '../orchestrator/orchestrator';
import type { LeftoverCleanup } from '../orchestrator/leftover-cleanup';
import type { SessionSink } from '../orchestrator/session-recorder';
import { hostVssFrom } from '../orchestrator/host-vss';
import { TaskManager } from '../tasks/task-manager';
import { defaultSecretStore, type SecretStore } from '../secrets/secret-store';
import { CredentialVault } from '../secrets/credential-vault';
import { ManagedServers } from '../servers/managed-servers';
import { Credentials } from '../servers/credentials';
import { ServerManagement } from '../servers/server-management';
import { Proxies } from '../infrastructure/proxies';
import { Repositories } from '../infrastructure/repositories';
import { Jobs } from '../jobs/jobs';
import { Sessions } from '../jobs/sessions';
import { RestorePoints } from '../restore-points/restore-points';
import { Recovery } from '../recovery/recovery';
import { newId } from '../util/ids';
import { Mounts } from '../mount/mounts';
import { Replicas } from '../replication/replicas';
import { LabReplicas } from '../platform/lab/lab-replicas';
import type { ReplicaHost } from '../replication/replica-host';
import { GuestFiles } from '../restore-points/guest-files';
import type { ChangeListener } from '../util/changes';
import { EngineLock, type EngineProbe } from '../data-folder/engine-lock';
import { SettingsService } from '../settings/settings';
import { Notifier } from '../notifications/notifier';
import { Housekeeping } from '../notifications/housekeeping';
import { channelSenders } from '../notifications/channels/senders';
import { WindowsEventLog } from '../platform/windows/eventlog/windows-event-log';
import { LocalExecutor } from '../platform/windows/exec/local-executor';
import { engineBusy, readOwner, type EngineEndpoint, type EngineOwner, type EngineRole } from '../data-folder/engine-owner';

// What a host needs to name to create an engine, from the facade (hosts need not know where it lives inside).
export type { AgentCommand, EngineEndpoint, EngineOwner, EngineProbe, EngineRole, PlatformKind, SecretStore };
export type { UserRow, UserRows } from '../store/user-rows';
export type { AuditRows } from '../store/audit-rows';

/** Is an engine running on the data folder (without taking it)? With its owner record when it wrote one. */
export const probeDataFolder = (dataDir: string): EngineProbe => EngineLock.probe(dataDir);

/** E_ENGINE_BUSY naming the engine that owns the folder and how to reach it; `what` says what it refuses. */
export const dataFolderBusy = (dataDir: string, what?: string) => engineBusy(dataDir, readOwner(dataDir), what);

/**
 * 'owner': this engine takes the data folder (its lock, for its whole life) and may change anything, recover after a
 * crash and run sessions; E_ENGINE_BUSY when another engine has it. 'read-only': a look at a folder without taking
 * it — the store opened read-only, no lab created, no agents, nothing recovered (read-only commands).
 */
export type EngineAccess = 'owner' | 'read-only';

/** What closing does with running sessions: graceful for graceMs (VMs in flight finish), then immediate. */
export type EngineStop = StopAll;

export const DEFAULT_REPOSITORY_ID = 'repo-default';

export interface EngineOptions {
  dataDir: string;
  /** pause per lab step so people can watch the lifecycle (ms); 0 for tests */
  labStepDelayMs?: number;
  sink: SessionSink;
  onTask: TaskManager['onUpdate'];
  /** told after each change a console must refetch (a job saved, a proxy registered, …) */
  onChanged?: ChangeListener;
  /** console version, checked against agents */
  version: string;
  /** how to start `ferry agent` for lab proxies; null/undefined = data moves in this process */
  agentCommand?: AgentCommand;
  secrets?: SecretStore;
  /** 'lab': the embedded simulated datacenter; 'windows': the servers in <dataDir>/platform.json (Windows only).
   *  Default: the platform the data folder was used with, else 'lab'. */
  platform?: PlatformKind;
  /** windows: the agent package folder the user named (wins over platform.json's "agentPackage") */
  agentPackageDir?: string;
  /** windows: the host's own agent package folder, used when nothing names one */
  defaultAgentPackageDir?: string;
  /** default 'owner' */
  access?: EngineAccess;
  /** who this engine is, as others are told when they find the folder taken (default: a test engine) */
  role?: EngineRole;
  /** e.g. "ferry serve", "ferry job run" */
  command?: string;
  /** what the engine does by itself and the admin should see in the host's output (a notification not delivered, history removed) */
  onLog?: (level: 'info' | 'warning' | 'error', text: string) => void;
}

/** The operations, one object per contract namespace. */
export interface EngineOperations {
  readonly jobs: Jobs;
  readonly sessions: Sessions;
  readonly proxies: Proxies;
  readonly repositories: Repositories;
  readonly restorePoints: RestorePoints;
  /** restores: the Backups view, targets, plans, restore sessions */
  readonly restore: Recovery;
  /** restore point disks served read-only over NBD on 127.0.0.1 */
  readonly mounts: Mounts;
  /** replicas of replication jobs and their failover / failback */
  readonly replicas: Replicas;
  /** guest file restore: browse the file systems inside a point's disks, restore or download files */
  readonly guestFiles: GuestFiles;
  /** snapshots whose release failed, still on the storage: listed, retried on a schedule and on request */
  readonly snapshots: Pick<LeftoverCleanup, 'list' | 'retryNow'>;
  /** managed servers: add, change, rescan, remove */
  readonly servers: ServerManagement;
  /** stored WinRM accounts (passwords only in the secret store) */
  readonly credentials: Credentials;
  readonly tasks: TaskManager;
  /** Settings → notifications, history retention, default job options (the SMTP password in the secret store) */
  readonly settings: SettingsService;
  /** session reports and alerts: queued, delivered per channel, retried; deliveries and tests */
  readonly notifications: Notifier;
  /** history retention and the daily summary (started by hosts that run schedules) */
  readonly housekeeping: Housekeeping;
  /** the platform's inventory, narrowed to the managed servers */
  inventory(): Promise<Inventory>;
  /** the lab's fault injection; E_CONFLICT on any other platform */
  labFaults(): LabFaults;
}

export interface Engine extends EngineOperations {
  readonly dataDir: string;
  readonly platformKind: PlatformKind;
  readonly labCreatedNow: boolean;
  readonly store: Store;
  readonly platform: Platform;
  readonly lab: LabPlatform | null;
  readonly repos: RepoPool;
  readonly mover: DataMover;
  readonly orchestrator: Orchestrator;
  readonly access: EngineAccess;
  /** owner: tells other Ferry processes where to send their commands (the web host's address and token) */
  publishEndpoint(endpoint: EngineEndpoint): void;
  /** Stops running sessions (their snapshots released), closes everything and gives the data folder back. */
  close(stop?: EngineStop): Promise<void>;
}

export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const access = opts.access ?? 'owner';
  const secrets = opts.secrets ?? defaultSecretStore(join(opts.dataDir, 'secrets'));
  const dbPath = join(opts.dataDir, 'ferry.db');
  const kind = platformForDataFolder(dbPath, opts.platform);
  // First: a platform that cannot work here (windows off Windows, no platform.json) fails before anything is written.
  if (kind === 'windows') assertWindowsUsable(opts.dataDir);
  // Then the data folder's lock, before anything is created or changed in it: one engine owns a data folder.
  const lock = access === 'owner' ? EngineLock.acquire(opts.dataDir, opts.role ?? 'test', opts.command) : null;
  try {
    return await assemble(opts, { access, secrets, dbPath, kind, lock });
  } catch (e) {
    lock?.release();
    throw e;
  }
}

interface Opening {
  access: EngineAccess;
  secrets: SecretStore;
  dbPath: string;
  kind: PlatformKind;
  lock: EngineLock | null;
}

async function assemble(opts: EngineOptions, o: Opening): Promise<Engine> {
  const readOnly = o.access === 'read-only';
  const { platform, lab, labCreatedNow, restore } = await createPlatform({
    kind: o.kind,
    dataDir: opts.dataDir,
    secrets: o.secrets,
    // a read-only look starts no agent processes: it runs nothing
    labAgentCommand: readOnly ? null : (opts.agentCommand ?? null),
    labStepDelayMs: opts.labStepDelayMs,
    agentPackageDir: opts.agentPackageDir,
    defaultAgentPackageDir: opts.defaultAgentPackageDir,
    version: opts.version,
    readOnly,
  });
  if (readOnly && !existsSync(o.dbPath)) throw new FerryError(ErrorCode.NotFound, `No Ferry data in ${opts.dataDir}`);
  if (!readOnly) mkdirSync(opts.dataDir, { recursive: true });
  const store = new Store(o.dbPath, readOnly ? 'read-only' : 'read-write');
  const repos = new RepoPool();
  // The lab's injectable faults reach into the data path too (read error mid-disk, repository write failure).
  const local = new InProcessDataMover(repos, lab ? labMoverHooks(lab.faults) : {}, { version: opts.version });
  // the target hosts of replication jobs: the lab's; the windows platform has none yet
  const replicaHost = lab ? new LabReplicas(lab) : null;
  // Off-host tasks run in the proxy's agent; on-host ones here (the lab's stand-in for the host's mover).
  const mover = new RoutingDataMover(local, (serverId) => platform.agentEndpoint(serverId), opts.version, lab !== null && !opts.agentCommand);
  // hosts read their VSS settings (software-provider failover, snapshots per volume) from the managed servers
  const changed = opts.onChanged ?? (() => undefined);
  const settings = new SettingsService(store, o.secrets, () => changed('settings'));
  // the event log is this machine's: written only where Ferry runs on Windows with the Windows platform
  const eventLog = o.kind === 'windows' && process.platform === 'win32' ? new WindowsEventLog(new LocalExecutor()) : null;
  const notifier = new Notifier({ store, settings, senders: channelSenders(eventLog), changed: () => changed('notifications'), log: opts.onLog });
  const orchestrator = new Orchestrator({
    store,
    platform,
    mover,
    repos,
    // every session end (start-up recovery's included) also queues its report
    sink: readOnly ? opts.sink : notifyingSink(opts.sink, notifier),
    replicaHost,
    hostVss: hostVssFrom(() => store.listManagedServers()),
    // a clean-up also writes into the session that took the snapshot (its card, its log)
    onLeftoversChanged: () => {
      changed('snapshots');
      changed('sessions');
    },
  });
  const vault = new CredentialVault(o.secrets);
  const servers = new ManagedServers(store, platform, platform, vault);
  if (!readOnly) await firstStart(store, servers, o.kind, opts.dataDir);
  servers.sync();
  const operations = createOperations({
    store,
    platform,
    lab,
    repos,
    orchestrator,
    servers,
    vault,
    tasks: new TaskManager(opts.onTask),
    replicaHost,
    dataDir: opts.dataDir,
    changed,
    restorePlatform: restore,
    // restore writes run in the target server's agent; in this process only where the lab has no agent processes
    diskWriter: new RoutingDiskWriter(new InProcessDiskWriter(repos, lab ? labWriterHooks(lab.faults) : {}), (serverId) => platform.agentEndpoint(serverId), opts.version, lab !== null && !opts.agentCommand),
    sink: opts.sink,
    settings,
    notifier,
    log: opts.onLog,
  });
  return {
    ...operations,
    dataDir: opts.dataDir,
    platformKind: platform.kind,
    labCreatedNow,
    store,
    platform,
    lab,
    repos,
    mover,
    orchestrator,
    access: o.access,
    publishEndpoint: (endpoint) => o.lock?.publish(endpoint),
    async close(stop = {}) {
      try {
        operations.housekeeping.stop();
        await orchestrator.stopAll(stop);
        await operations.mounts.stopAll();
        // a report of a session that just ended gets a moment to go out; what is left goes at the next start
        await notifier.close();
        await operations.guestFiles.closeAll();
        await repos.closeAll();
        lab?.close();
        store.close();
      } finally {
        o.lock?.release();
      }
    },
  };
}

/** What the owner records on every start (once each): the platform, the default repository, the configured servers. */
async function firstStart(store: Store, servers: ManagedServers, kind: PlatformKind, dataDir: string): Promise<void> {
  rememberPlatform(store, kind);
  if (!store.getRepository(DEFAULT_REPOSITORY_ID)) {
    store.putRepository({ id: DEFAULT_REPOSITORY_ID, name: 'Default backup repository', path: join(dataDir, 'repository'), capacityBytes: 0, usedBytes: 0, restorePoints: 0 });
  }
  // First start of a data folder: what the platform was configured with becomes managed, once.
  await servers.seedOnce();
}

function notifyingSink(sink: SessionSink, notifier: Notifier): SessionSink {
  return {
    ...sink,
    ended(view) {
      sink.ended?.(view);
      notifier.sessionEnded(view);
    },
    attemptFailed(view, attempt, retries) {
      sink.attemptFailed?.(view, attempt, retries);
      notifier.attemptFailed(view, attempt, retries);
    },
  };
}

interface OperationParts {
  store: Store;
  platform: Platform;
  lab: LabPlatform | null;
  repos: RepoPool;
  orchestrator: Orchestrator;
  servers: ManagedServers;
  vault: CredentialVault;
  tasks: TaskManager;
  replicaHost: ReplicaHost | null;
  dataDir: string;
  changed: ChangeListener;
  restorePlatform: RestorePlatform | null;
  diskWriter: DiskWriter;
  sink: SessionSink;
  settings: SettingsService;
  notifier: Notifier;
  log?: (level: 'info' | 'warning' | 'error', text: string) => void;
}

function createOperations(p: OperationParts): EngineOperations {
  const { store, platform, lab, repos, orchestrator, servers, vault, tasks, dataDir, changed, replicaHost } = p;
  const vmNames = async () => new Map((await servers.inventory()).vms.map((v) => [v.id, v.name]));
  const jobs = new Jobs({ store, servers, platform, orchestrator, changed });
  const credentials = new Credentials({ store, servers, vault, changed });
  return {
    jobs,
    sessions: new Sessions({ store, orchestrator, jobs, changed }),
    proxies: new Proxies({ store, platform, orchestrator, servers, tasks, changed }),
    repositories: new Repositories({ store, repos, dataDir, changed }),
    restorePoints: new RestorePoints({ store, repos, tasks, changed }),
    restore: new Recovery({ store, servers, platform: p.restorePlatform, writer: p.diskWriter, orchestrator, sink: p.sink, changed, newSessionId: () => newId('rs') }),
    mounts: new Mounts(store),
    replicas: new Replicas({
      store,
      host: replicaHost,
      orchestrator,
      tasks,
      changed,
      hostName: (id) => lab?.topology.hosts.find((h) => h.id === id)?.name ?? store.listManagedServers().find((m) => m.id === id)?.name ?? id,
      vmHostId: (vmId) => lab?.topology.vms.find((v) => v.id === vmId)?.hostId ?? '',
    }),
    guestFiles: new GuestFiles({ store, tasks }),
    snapshots: orchestrator.leftovers,
    servers: new ServerManagement({ store, platform, servers, credentials, tasks, changed }),
    credentials,
    tasks,
    settings: p.settings,
    notifications: p.notifier,
    housekeeping: new Housekeeping({ store, settings: p.settings, notifier: p.notifier, tasks, vmNames, changed, log: p.log }),
    inventory: () => servers.inventory(),
    labFaults() {
      if (!lab) throw new FerryError(ErrorCode.Conflict, 'Fault injection exists only on the lab platform');
      return lab.faults;
    },
  };
}
