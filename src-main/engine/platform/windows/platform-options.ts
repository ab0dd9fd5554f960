// How a WindowsPlatform is built: the executor, the servers platform.json names, the work folder, the timeouts of
// each kind of step, and the collaborators injected for tests and for the agent deployment.
import type { AgentDeployer } from './agent/proxy-admin';
import type { ReadinessPolicy } from './discovery/readiness';
import type { Clock } from './exec/clock';
import type { Executor } from './exec/executor';
import type { ManagedCredentials } from './exec/managed-credentials';

export interface WindowsTimeouts {
  /** short PowerShell/DiskShadow steps */
  commandMs: number;
  /** one server's inventory probe */
  inventoryMs: number;
  /** from starting DiskShadow until the gate reports `create` done (Hyper-V writer with many VMs is slow) */
  createMs: number;
  /** longest a host session may be held open (must exceed the longest backup) */
  holdMs: number;
  importMs: number;
  /** from release until DiskShadow has run `end backup` and exited */
  releaseMs: number;
  /** from abort until DiskShadow has quit, before the process is killed */
  abortMs: number;
}

export const DEFAULT_TIMEOUTS: WindowsTimeouts = {
  commandMs: 5 * 60_000,
  inventoryMs: 10 * 60_000,
  createMs: 30 * 60_000,
  holdMs: 24 * 3_600_000,
  importMs: 30 * 60_000,
  releaseMs: 15 * 60_000,
  abortMs: 2 * 60_000,
};

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
