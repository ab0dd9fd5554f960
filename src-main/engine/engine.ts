// Assembles the engine for one data folder: store, platform, repositories, data mover, orchestrator.
// Hosts (Electron, web, CLI) create exactly one Engine and never reach below it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from './platform/types';
import { LabPlatform } from './platform/lab/lab-platform';
import { ensureLab } from './platform/lab/create-lab';
import { Store } from './store/store';
import { RepoPool } from './repo-pool';
import { InProcessDataMover } from './datamover/in-process-mover';
import type { DataMover } from './datamover/task';
import { Orchestrator } from './orchestrator/orchestrator';
import type { SessionSink } from './orchestrator/session-recorder';
import { TaskManager } from './tasks';
import { FileSecretStore, type SecretStore } from './secrets';
import { LabAgents } from './platform/lab/lab-agents';
import { labMoverHooks } from './platform/lab/faults';
import { RoutingDataMover } from './datamover/remote/agent-mover';

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
  agentCommand?: string[] | null;
  secrets?: SecretStore;
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
  readonly labCreatedNow: boolean;
  close(): Promise<void>;
}

export async function createEngine(opts: EngineOptions): Promise<Engine> {
  mkdirSync(opts.dataDir, { recursive: true });
  const labCreatedNow = await ensureLab(opts.dataDir);
  const store = new Store(join(opts.dataDir, 'ferry.db'));
  const secrets = opts.secrets ?? new FileSecretStore(join(opts.dataDir, 'secrets'));
  const lab = new LabPlatform(opts.dataDir, new LabAgents(opts.dataDir, secrets, opts.agentCommand ?? null), { stepDelayMs: opts.labStepDelayMs ?? 0 });
  const repos = new RepoPool();
  // The lab's injectable faults reach into the data path too (read error mid-disk, repository write failure).
  const local = new InProcessDataMover(repos, labMoverHooks(lab.faults));
  // Off-host tasks run in the proxy's agent; on-host ones here (the lab's stand-in for the host's mover).
  const mover = new RoutingDataMover(local, (serverId) => lab.agentEndpoint(serverId), opts.version);
  const orchestrator = new Orchestrator({ store, platform: lab, mover, repos, sink: opts.sink });
  const tasks = new TaskManager(opts.onTask);
  if (!store.getRepository(DEFAULT_REPOSITORY_ID)) {
    store.putRepository({ id: DEFAULT_REPOSITORY_ID, name: 'Default backup repository', path: join(opts.dataDir, 'repository'), capacityBytes: 0, usedBytes: 0, restorePoints: 0 });
  }
  return {
    dataDir: opts.dataDir,
    store,
    platform: lab,
    lab,
    repos,
    mover,
    orchestrator,
    tasks,
    labCreatedNow,
    async close() {
      await orchestrator.stopAll();
      await repos.closeAll();
      lab.close();
      store.close();
    },
  };
}
