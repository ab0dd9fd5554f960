// How a WindowsPlatform is built: the executor, the servers platform.json names, the work folder, the timeouts
// (timeouts.ts), and the collaborators injected for tests and for the agent deployment.
import type { AgentDeployer } from './agent/proxy-admin';
import type { ReadinessPolicy } from './discovery/readiness';
import type { Clock } from './exec/clock';
import type { Executor } from './exec/executor';
import type { ManagedCredentials } from './exec/managed-credentials';
import type { WindowsTimeouts } from './timeouts';

export interface WindowsPlatformOptions {
  executor: Executor;
  /** Hyper-V hosts and cluster nodes, as the executor reaches them (e.g. FQDNs) */
  hosts: string[];
  /** other Windows servers: off-host proxy candidates */
  servers?: string[];
  /** server id of the machine the console runs on (reached without WinRM) */
  localServerId?: string;
  workRoot?: string;
  timeouts?: Partial<WindowsTimeouts>;
  /** how often the host's created.txt is polled during `create` */
  pollIntervalMs?: number;
  clock?: Clock;
  readinessPolicy?: ReadinessPolicy;
  agentDeployer?: AgentDeployer;
  /** the credential provider of the executor, told which stored account reaches each managed server */
  managedCredentials?: ManagedCredentials;
}
