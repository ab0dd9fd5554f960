// The Windows implementation of Platform: DiskShadow and PowerShell through an injected Executor. A thin facade:
// discovery/ knows the servers, snapshot/ runs the lifecycle, rct/ the change tracking, agent/ the proxy role.
//
// Snapshot lifecycle, one volume per snapshot (several VMs share it):
//   createSnapshot  host:  prepare folder + gate → start DiskShadow (create, then exec gate, held open) → poll created.txt
//   importSnapshot  host → proxy: .cab carried by the console; proxy: DiskShadow load metadata + import
//   exposeSnapshot  proxy: empty mount folder → DiskShadow expose {shadow} <folder>
//   unexposeSnapshot proxy: DiskShadow unexpose (only if something is mounted there)
//   deleteSnapshot  proxy: delete shadows set → host: release gate (end backup = BackupComplete) →
//                   host: delete shadows set if the proxy never had it → remove folders
import type { Inventory, ReadinessCheck } from '../../../../src-shared/domain';
import type {
  AgentEndpoint,
  ChangedRanges,
  CreatedSnapshot,
  ExposedSnapshot,
  Leftover,
  ManagedServerRef,
  Platform,
  PlatformLog,
  PreconfiguredServer,
  ProbedServer,
  ServerAdmin,
  ServerCredential,
  SnapshotRequest,
} from '../types';
import { ProxyAdmin } from './agent/proxy-admin';
import type { WindowsInventory } from './discovery/inventory';
import { DEFAULT_READINESS_POLICY } from './discovery/readiness';
import { ServerDirectory } from './discovery/server-directory';
import { WindowsDiscovery } from './discovery/windows-discovery';
import { isoNow, systemClock } from './exec/clock';
import { WindowsRestore } from './restore/windows-restore';
import { ScriptRunner } from './exec/script-runner';
import { DEFAULT_WORK_ROOT, assertScriptSafePath } from './paths';
import type { WindowsPlatformOptions } from './platform-options';
import { WindowsChangeTracking } from './rct/change-tracking';
import { VmChangeTracking } from './rct/vm-change-tracking';
import { createSnapshot } from './snapshot/create-snapshot';
import { deleteSnapshot } from './snapshot/delete-snapshot';
import { exposeSnapshot, unexposeSnapshot } from './snapshot/expose-snapshot';
import { importSnapshot } from './snapshot/import-snapshot';
import { listLeftovers } from './snapshot/record-scan';
import type { SnapshotContext } from './snapshot/snapshot-context';
import { SnapshotRegistry } from './snapshot/snapshot-state';
import { DEFAULT_TIMEOUTS } from './timeouts';

export class WindowsPlatform implements Platform, ServerAdmin {
  readonly kind = 'windows' as const;
  private readonly directory: ServerDirectory;
  private readonly discovery: WindowsDiscovery;
  private readonly snapshots: SnapshotContext;
  private readonly changes: VmChangeTracking;
  private readonly proxies: ProxyAdmin;
  /** restores on the hosts (restore-types.ts): facts, VM state, registration, files; disks are written by the agent */
  readonly restore: WindowsRestore;

  constructor(options: WindowsPlatformOptions) {
    const run = new ScriptRunner(options.executor);
    const servers = options.servers ?? [];
    this.directory = new ServerDirectory(
      [...options.hosts.map((connectName) => ({ connectName, role: 'hyperv-host' as const })), ...servers.map((connectName) => ({ connectName, role: 'server' as const }))],
      options.localServerId,
    );
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const clock = options.clock ?? systemClock;
    const workRoot = options.workRoot ?? DEFAULT_WORK_ROOT;
    assertScriptSafePath(workRoot, 'Ferry work folder');
    const directory = this.directory;
    this.discovery = new WindowsDiscovery({
      run,
      directory,
      timeouts,
      clock,
      hosts: options.hosts,
      servers,
      readinessPolicy: options.readinessPolicy ?? DEFAULT_READINESS_POLICY,
      managedCredentials: options.managedCredentials,
    });
    const inventory = () => this.discovery.ensureInventory();
    this.restore = new WindowsRestore({ run, targetOf: (id) => directory.target(id), inventory: () => this.inventory(), agentEndpoint: (id) => this.agentEndpoint(id), timeoutMs: timeouts.commandMs });
    this.changes = new VmChangeTracking({ tracking: new WindowsChangeTracking({ run, timeoutMs: timeouts.commandMs }), targetOf: (id) => directory.target(id), inventory });
    this.snapshots = {
      executor: options.executor,
      run,
      directory,
      registry: new SnapshotRegistry(),
      timeouts,
      clock,
      workRoot,
      pollIntervalMs: options.pollIntervalMs ?? 2_000,
      inventory,
      lastInventory: () => this.discovery.windowsInventory(),
      takeReferences: (inv, vmIds, log) => this.changes.takeReferences(inv, vmIds, log),
    };
    this.proxies = new ProxyAdmin({ run, workRoot, commandTimeoutMs: timeouts.commandMs, deployer: options.agentDeployer, now: () => isoNow(clock) });
  }

  /** The Windows view of the last inventory (chains, providers, RCT), or null before the first one. */
  windowsInventory(): WindowsInventory | null {
    return this.discovery.windowsInventory();
  }

  // ---------- inventory and proxies ----------

  inventory(): Promise<Inventory> {
    return this.discovery.inventory();
  }

  checkProxy(serverIdOrName: string): Promise<ReadinessCheck[]> {
    return this.discovery.checkProxy(serverIdOrName);
  }

  async installProxy(serverIdOrName: string, log: PlatformLog): Promise<void> {
    const checks = await this.checkProxy(serverIdOrName);
    await this.proxies.install(this.directory.target(serverIdOrName), checks, log);
  }

  async uninstallProxy(serverIdOrName: string, log: PlatformLog): Promise<void> {
    await this.proxies.uninstall(this.directory.target(serverIdOrName), log);
  }

  agentEndpoint(serverIdOrName: string): Promise<AgentEndpoint | null> {
    return this.proxies.endpoint(this.directory.target(serverIdOrName));
  }

  // ---------- managed servers ----------

  probeServer(name: string, credential: ServerCredential | null, log: PlatformLog): Promise<ProbedServer> {
    return this.discovery.probeServer(name, credential, log);
  }

  async preconfiguredServers(): Promise<PreconfiguredServer[]> {
    return this.discovery.preconfiguredServers();
  }

  setManagedServers(servers: ManagedServerRef[]): void {
    this.discovery.setManagedServers(servers);
  }

  // ---------- snapshot lifecycle ----------

  createSnapshot(req: SnapshotRequest, log: PlatformLog): Promise<CreatedSnapshot> {
    return createSnapshot(this.snapshots, req, log);
  }

  importSnapshot(snap: CreatedSnapshot, proxyServerId: string, log: PlatformLog): Promise<void> {
    return importSnapshot(this.snapshots, snap, proxyServerId, log);
  }

  exposeSnapshot(snap: CreatedSnapshot, serverIdOrName: string, log: PlatformLog): Promise<ExposedSnapshot> {
    return exposeSnapshot(this.snapshots, snap, serverIdOrName, log);
  }

  unexposeSnapshot(snapshotId: string, serverIdOrName: string, log: PlatformLog): Promise<void> {
    return unexposeSnapshot(this.snapshots, snapshotId, serverIdOrName, log);
  }

  deleteSnapshot(snapshotId: string, log: PlatformLog): Promise<void> {
    return deleteSnapshot(this.snapshots, snapshotId, log);
  }

  listLeftovers(): Promise<Leftover[]> {
    return listLeftovers(this.snapshots);
  }

  // ---------- change tracking ----------

  /** RCT: changed ranges of the live disk since a reference, asked where the VM runs (rct/vm-change-tracking.ts). */
  changedRanges(snap: CreatedSnapshot, vmId: string, diskIndex: number, sinceReferenceId: string): Promise<ChangedRanges> {
    return this.changes.changedRanges(snap.snapshotId, this.snapshots.registry.get(snap.snapshotId)?.references, vmId, diskIndex, sinceReferenceId);
  }

  /** Old RCT reference points of a VM, destroyed on the host it runs on now. */
  retireChangeReferences(vmId: string, retire: readonly string[], keep: readonly string[], log: PlatformLog): Promise<void> {
    return this.changes.retire(vmId, retire, keep, log);
  }
}
