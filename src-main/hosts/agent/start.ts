// The agent host's composition root: the data mover on this proxy (its own repository handles, the lab's
// data-path faults when it simulates a lab proxy) behind the TLS agent server. `ferry agent` comes here.
import { VERSION } from '../../app-paths';
import { InProcessDataMover } from '../../engine/datamover/in-process-mover';
import { LabFaults, labMoverHooks, labWriterHooks } from '../../engine/platform/lab/faults';
import { InProcessDiskWriter } from '../../engine/datamover/restore-writer';
import { replicaVmOfFile } from '../../engine/replication/replica-layout';
import { RepoPool } from '../../engine/repository/repo-pool';
import { startAgentServer } from './agent-server';

export interface AgentOptions {
  serverId: string;
  certPem: string;
  keyPem: string;
  token: string;
  port: number;
  bind: string;
  /** lab only: the file the simulated proxy reads its data-path faults from (read error, repository write failure) */
  labFaultsFile?: string;
  log(text: string): void;
}

export interface RunningAgent {
  port: number;
  version: string;
  close(): Promise<void>;
}

export async function startAgent(opts: AgentOptions): Promise<RunningAgent> {
  const repos = new RepoPool();
  const faults = opts.labFaultsFile !== undefined ? new LabFaults(opts.labFaultsFile) : null;
  const server = await startAgentServer({
    serverId: opts.serverId,
    version: VERSION,
    certPem: opts.certPem,
    keyPem: opts.keyPem,
    token: opts.token,
    mover: new InProcessDataMover(repos, faults ? labMoverHooks(faults) : {}, { version: VERSION }),
    // restores read the repository without its write lock (RepoPool.read) and write the disk on this server
    writer: new InProcessDiskWriter(repos, faults ? labWriterHooks(faults, opts.serverId) : {}),
    targetWriteFault: faults ? (file) => faults.check('target-write', replicaVmOfFile(file)) : undefined,
    port: opts.port,
    bind: opts.bind,
    // The repository has one writer at a time: hand the lock back as soon as this agent is idle.
    onIdle: () => repos.closeAll(),
    log: opts.log,
  });
  return {
    port: server.port,
    version: VERSION,
    async close() {
      await server.close();
      await repos.closeAll();
    },
  };
}
