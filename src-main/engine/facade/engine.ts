// The engine's facade: assembles store, platform, repositories, data mover and orchestrator for one data folder,
// and offers the operations the contract needs, one object per namespace (jobs, sessions, proxies, …). Hosts
// create exactly one Engine; the service calls only these operations. The parts (store, platform, orchestrator,
// …) stay reachable for the CLI's repository tools and for tests that look below the operations.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { Platform } from '../platform/types';
import type { LabPlatform } from '../platform/lab/lab-platform';
import type { AgentCommand } from '../platform/lab/agent-launcher';
import { createPlatform, type PlatformKind } from '../platform/create-platform';
import { platformForDataFolder, rememberPlatform } from '../platform/data-folder-platform';
import { labMoverHooks, type LabFaults } from '../platform/lab/faults';
import { Store } from '../store/store';
import { RepoPool } from '../repository/repo-pool';
import { InProcessDataMover } from '../datamover/in-process-mover';
import type { DataMover } from '../datamover/task';
import { RoutingDataMover } from '../datamover/remote/agent-mover';
import { Orchestrator } from '../orchestrator/orchestrator';
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
import type { ChangeListener } from '../util/changes';

// What a host needs to name to create an engine, from the facade (hosts need not know where it lives inside).
export type { AgentCommand, PlatformKind, SecretStore };

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
}

/** The operations, one object per contract namespace. */
export interface EngineOperations {
  readonly jobs: Jobs;
  readonly sessions: Sessions;
  readonly proxies: Proxies;
  readonly repositories: Repositories;
  readonly restorePoints: RestorePoints;
  /** snapshots whose release failed, still on the storage: listed, retried on a schedule and on request */
  readonly snapshots: Pick<LeftoverCleanup, 'list' | 'retryNow'>;
  /** managed servers: add, change, rescan, remove */
  readonly servers: ServerManagement;
  /** stored WinRM accounts (passwords only in the secret store) */
  readonly credentials: Credentials;
  readonly tasks: TaskManager;
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
  close(): Promise<void>;
}

export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const secrets = opts.secrets ?? defaultSecretStore(join(opts.dataDir, 'secrets'));
  const dbPath = join(opts.dataDir, 'ferry.db');
  const kind = platformForDataFolder(dbPath, opts.platform);
  // First: a platform that cannot work here (windows off Windows, no platform.json) fails before anything is written.
  const { platform, lab, labCreatedNow } = await createPlatform({
    kind,
    dataDir: opts.dataDir,
    secrets,
    labAgentCommand: opts.agentCommand ?? null,
    labStepDelayMs: opts.labStepDelayMs,
    agentPackageDir: opts.agentPackageDir,
    defaultAgentPackageDir: opts.defaultAgentPackageDir,
    version: opts.version,
  });
  mkdirSync(opts.dataDir, { recursive: true });
  const store = new Store(dbPath);
  rememberPlatform(store, kind);
  const repos = new RepoPool();
  // The lab's injectable faults reach into the data path too (read error mid-disk, repository write failure).
  const local = new InProcessDataMover(repos, lab ? labMoverHooks(lab.faults) : {});
  // Off-host tasks run in the proxy's agent; on-host ones here (the lab's stand-in for the host's mover).
  const mover = new RoutingDataMover(local, (serverId) => platform.agentEndpoint(serverId), opts.version, lab !== null && !opts.agentCommand);
  // hosts read their VSS settings (software-provider failover, snapshots per volume) from the managed servers
  const changed = opts.onChanged ?? (() => undefined);
  const orchestrator = new Orchestrator({
    store,
    platform,
    mover,
    repos,
    sink: opts.sink,
    hostVss: hostVssFrom(() => store.listManagedServers()),
    // a clean-up also writes into the session that took the snapshot (its card, its log)
    onLeftoversChanged: () => {
      changed('snapshots');
      changed('sessions');
    },
  });
  if (!store.getRepository(DEFAULT_REPOSITORY_ID)) {
    store.putRepository({ id: DEFAULT_REPOSITORY_ID, name: 'Default backup repository', path: join(opts.dataDir, 'repository'), capacityBytes: 0, usedBytes: 0, restorePoints: 0 });
  }
  const vault = new CredentialVault(secrets);
  const servers = new ManagedServers(store, platform, platform, vault);
  // First start of a data folder: what the platform was configured with becomes managed, once.
  await servers.seedOnce();
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
    dataDir: opts.dataDir,
    changed,
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
    async close() {
      await orchestrator.stopAll();
      await repos.closeAll();
      lab?.close();
      store.close();
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
  dataDir: string;
  changed: ChangeListener;
}

function createOperations(p: OperationParts): EngineOperations {
  const { store, platform, lab, repos, orchestrator, servers, vault, tasks, dataDir, changed } = p;
  const jobs = new Jobs({ store, servers, platform, orchestrator, changed });
  const credentials = new Credentials({ store, servers, vault, changed });
  return {
    jobs,
    sessions: new Sessions({ store, orchestrator, jobs, changed }),
    proxies: new Proxies({ store, platform, orchestrator, servers, tasks, changed }),
    repositories: new Repositories({ store, repos, dataDir, changed }),
    restorePoints: new RestorePoints({ store, repos, tasks, changed }),
    snapshots: orchestrator.leftovers,
    servers: new ServerManagement({ store, platform, servers, credentials, tasks, changed }),
    credentials,
    tasks,
    inventory: () => servers.inventory(),
    labFaults() {
      if (!lab) throw new FerryError(ErrorCode.Conflict, 'Fault injection exists only on the lab platform');
      return lab.faults;
    },
  };
}
