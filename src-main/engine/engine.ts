// Assembles the engine for one data folder: store, platform, repositories, data mover, orchestrator.
// Hosts (Electron, web, CLI) create exactly one Engine and never reach below it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from './platform/types';
import type { LabPlatform } from './platform/lab/lab-platform';
import type { AgentCommand } from './platform/lab/agent-launcher';
import { createPlatform, type PlatformKind } from './platform/create-platform';
import { Store } from './store/store';
import { RepoPool } from './repo-pool';
import { InProcessDataMover } from './datamover/in-process-mover';
import type { DataMover } from './datamover/task';
import { Orchestrator } from './orchestrator/orchestrator';
import type { SessionSink } from './orchestrator/session-recorder';
import { TaskManager } from './tasks';
import { defaultSecretStore, type SecretStore } from './secrets';
import { labMoverHooks } from './platform/lab/faults';
import { RoutingDataMover } from './datamover/remote/agent-mover';
import { platformForDataFolder, rememberPlatform } from './data-folder-platform';
import { hostVssFrom } from './orchestrator/host-vss';
import { CredentialVault } from './credential-vault';
import { ManagedServers } from './servers/managed-servers';

export const DEFAULT_REPOSITORY_ID = 'repo-default';

export interface EngineOptions {
  dataDir: string;
  /** pause per lab step so people can watch the lifecycle (ms); 0 for tests */
  labStepDelayMs?: number;
  sink: SessionSink;
  onTask: TaskManager['onUpdate'];
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

export interface Engine {
  readonly dataDir: string;
  readonly store: Store;
  readonly platform: Platform;
  readonly lab: LabPlatform | null;
  readonly repos: RepoPool;
  readonly mover: DataMover;
  readonly orchestrator: Orchestrator;
  readonly tasks: TaskManager;
  /** the backup infrastructure: managed servers, narrowing the inventory to them */
  readonly servers: ManagedServers;
  /** passwords of stored credentials (never in SQLite) */
  readonly vault: CredentialVault;
  readonly labCreatedNow: boolean;
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
  const orchestrator = new Orchestrator({ store, platform, mover, repos, sink: opts.sink, hostVss: hostVssFrom(() => store.listManagedServers()) });
  const tasks = new TaskManager(opts.onTask);
  if (!store.getRepository(DEFAULT_REPOSITORY_ID)) {
    store.putRepository({ id: DEFAULT_REPOSITORY_ID, name: 'Default backup repository', path: join(opts.dataDir, 'repository'), capacityBytes: 0, usedBytes: 0, restorePoints: 0 });
  }
  const vault = new CredentialVault(secrets);
  const servers = new ManagedServers(store, platform, platform, vault);
  // First start of a data folder: what the platform was configured with becomes managed, once.
  await servers.seedOnce();
  servers.sync();
  return {
    dataDir: opts.dataDir,
    store,
    platform,
    lab,
    repos,
    mover,
    orchestrator,
    tasks,
    servers,
    vault,
    labCreatedNow,
    async close() {
      await orchestrator.stopAll();
      await repos.closeAll();
      lab?.close();
      store.close();
    },
  };
}
