// The Windows implementation of Platform: DiskShadow and PowerShell through an injected Executor.
//
// Snapshot lifecycle, one volume per snapshot (several VMs share it):
//   createSnapshot  host:  prepare folder + gate → start DiskShadow (create, then exec gate, held open) → poll created.txt
//   importSnapshot  host → proxy: .cab carried by the console; proxy: DiskShadow load metadata + import
//   exposeSnapshot  proxy: empty mount folder → DiskShadow expose {shadow} <folder>
//   unexposeSnapshot proxy: DiskShadow unexpose (only if something is mounted there)
//   deleteSnapshot  proxy: delete shadows set → host: release gate (end backup = BackupComplete) →
//                   host: delete shadows set if the proxy never had it → remove folders
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { Inventory, ReadinessCheck } from '../../../../src-shared/domain';
import type { AgentEndpoint, ChangedRanges, ChangeReference, CreatedSnapshot, ExposedSnapshot, Leftover, Platform, PlatformLog, SnapshotRequest } from '../types';
import { WindowsChangeTracking } from './rct/change-tracking';
import type { ManagedServerRef, PreconfiguredServer, ProbedServer, ServerAdmin, ServerCredential } from '../types';
import type { ManagedServerKind } from '../../../../src-shared/domain';
import type { ManagedCredentials } from './exec/managed-credentials';
import { domainSuffix } from './exec/managed-credentials';
import { probeWindowsServer } from './discovery/server-probe';
import { systemClock, type Clock } from './exec/clock';
import { exposedDisks } from './snapshot/disk-mapping';
import { deleteShadowsScript, exposeScript, hostCreateScript, listShadowsScript, proxyImportScript, unexposeScript, type DeleteTarget } from './snapshot/dsh-scripts';
import { WinCode } from './error-codes';
import { SOFTWARE_PROVIDER, classifyCreateFailure, noHardwareProviderError, notTransportableError, providerKindOf } from './snapshot/snapshot-provider';
import { isObjectNotFound, vssFailureError, winError } from './errors';
import type { Executor } from './exec/executor';
import { gateScript } from './snapshot/gate-script';
import { HostSession, type CreatedOutcome, type SessionEnd } from './snapshot/host-session';
import {
  buildWindowsInventory,
  serverId,
  toDomainInventory,
  volumesOfVm,
  type ServerReport,
  type WinHost,
  type WinVm,
  type WinVolume,
  type WindowsInventory,
} from './discovery/inventory';
import { parseDiskShadow, type DiskShadowTranscript } from './exec/parse';
import { DEFAULT_WORK_ROOT, assertScriptSafePath, stripTrailingBackslash } from './paths';
import { snapshotPaths, snapshotsRoot } from './snapshot/snapshot-paths';
import {
  listFerryRecordsPs,
  mountPointStatePs,
  prepareHostSnapshotPs,
  readCabPs,
  removeWorkPs,
  signalGatePs,
  writeProxyCabPs,
  type MountPointState,
} from './snapshot/ps-scripts';
import { serverFactsPs } from './discovery/ps-server-facts';
import { ProxyAdmin, type AgentDeployer } from './agent/proxy-admin';
import { DEFAULT_READINESS_POLICY, evaluateProxyReadiness, type ProxyProbe, type ReadinessPolicy } from './discovery/readiness';
import { parseFolderRecords, type HostRecord, type ProxyRecord } from './snapshot/records';
import { leftoversFrom, stateFromRecords, type ServerRecords } from './snapshot/recovery';
import { ScriptRunner, type Target } from './exec/script-runner';
import { ServerDirectory } from './discovery/server-directory';
import { serverFactsFromJson, type ServerFacts } from './discovery/server-facts';
import { SnapshotRegistry, VOLUME_ALIAS, formatMetadataRef, newSnapshotState, parseMetadataRef, type SnapshotState } from './snapshot/snapshot-state';

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

export type { AgentDeployer } from './agent/proxy-admin';

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


const CabPayload = z.object({ length: z.number(), sha256: z.string(), base64: z.string() });
const MountState = z.object({ state: z.enum(['absent', 'created', 'empty', 'not-empty', 'mounted']) });
const Removed = z.object({ removed: z.array(z.string()).nullable().optional(), kept: z.array(z.string()).nullable().optional() });

export class WindowsPlatform implements Platform, ServerAdmin {
  readonly kind = 'windows' as const;
  private readonly run: ScriptRunner;
  private readonly directory: ServerDirectory;
  private readonly registry = new SnapshotRegistry();
  private readonly timeouts: WindowsTimeouts;
  private readonly clock: Clock;
  private readonly workRoot: string;
  private readonly pollIntervalMs: number;
  private readonly proxies: ProxyAdmin;
  private readonly rct: WindowsChangeTracking;
  private win: WindowsInventory | null = null;

  constructor(private readonly options: WindowsPlatformOptions) {
    this.run = new ScriptRunner(options.executor);
    this.directory = new ServerDirectory(
      [...options.hosts.map((connectName) => ({ connectName, role: 'hyperv-host' as const })), ...(options.servers ?? []).map((connectName) => ({ connectName, role: 'server' as const }))],
      options.localServerId,
    );
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.clock = options.clock ?? systemClock;
    this.workRoot = options.workRoot ?? DEFAULT_WORK_ROOT;
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    assertScriptSafePath(this.workRoot, 'Ferry work folder');
    this.rct = new WindowsChangeTracking({ run: this.run, timeoutMs: this.timeouts.commandMs });
    this.proxies = new ProxyAdmin({ run: this.run, workRoot: this.workRoot, commandTimeoutMs: this.timeouts.commandMs, deployer: options.agentDeployer, now: () => this.isoNow() });
  }

  /** The Windows view of the last inventory (chains, providers, RCT), or null before the first one. */
  windowsInventory(): WindowsInventory | null {
    return this.win;
  }

  // ---------- inventory and proxies ----------

  async inventory(): Promise<Inventory> {
    type Outcome = { ok: true; report: ServerReport } | { ok: false; name: string; error: FerryError };
    const outcomes = await Promise.all(
      this.directory.inventoried().map(async (c): Promise<Outcome> => {
        try {
          const facts = await this.facts(this.directory.target(c.connectName), c.role === 'hyperv-host', this.timeouts.inventoryMs, 'Inventory');
          return { ok: true, report: { connectName: c.connectName, role: c.role, facts } };
        } catch (e) {
          return { ok: false, name: c.connectName, error: FerryError.from(e) };
        }
      }),
    );
    const reports: ServerReport[] = [];
    const failures: Array<{ name: string; error: FerryError }> = [];
    for (const o of outcomes) {
      if (o.ok) reports.push(o.report);
      else failures.push(o);
    }
    if (reports.length === 0 && failures.length > 0) throw failures[0].error;
    for (const r of reports) this.directory.learn(serverId(r.facts.computerName || r.connectName), r.connectName);
    const win = buildWindowsInventory(reports);
    win.warnings.unshift(...failures.map((f) => `${f.name}: not inventoried (${f.error.message})`));
    this.win = win;
    return toDomainInventory(win);
  }

  async checkProxy(serverIdOrName: string): Promise<ReadinessCheck[]> {
    const inv = await this.ensureInventory();
    const target = this.directory.target(serverIdOrName);
    let probe: ProxyProbe;
    try {
      const facts = await this.facts(target, false, this.timeouts.commandMs, 'Readiness check');
      this.directory.learn(serverId(facts.computerName || target.id), target.name);
      probe = { serverId: target.id, reachable: true, facts };
    } catch (e) {
      const err = FerryError.from(e);
      probe = { serverId: target.id, reachable: false, reason: err.message, fix: hintOf(err) ?? 'Check that the server is on and reachable over WinRM, then run the check again.' };
    }
    return evaluateProxyReadiness(probe, inv, this.options.readinessPolicy ?? DEFAULT_READINESS_POLICY);
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
    return probeWindowsServer({ run: this.run, targetFor: (n) => this.directory.target(n), timeoutMs: this.timeouts.commandMs, now: () => this.clock.now() }, name, credential, log);
  }

  /**
   * platform.json's hosts (cluster nodes included, one by one) and other servers, each with the id the last
   * inventory found behind that name: an IP address or alias in platform.json is not the computer name.
   */
  async preconfiguredServers(): Promise<PreconfiguredServer[]> {
    const idOf = (name: string) => this.win?.hosts.find((h) => h.connectName.toLowerCase() === name.toLowerCase())?.id;
    const entry = (name: string, kind: ManagedServerKind): PreconfiguredServer => {
      const id = idOf(name);
      return id === undefined ? { name, kind } : { name, kind, id };
    };
    return [...this.options.hosts.map((name) => entry(name, 'hyperv-host')), ...(this.options.servers ?? []).map((name) => entry(name, 'windows-server'))];
  }

  /** From now on the managed servers are inventoried (a cluster through its nodes), each with its stored account. */
  setManagedServers(servers: ManagedServerRef[]): void {
    this.directory.setManaged(
      servers.flatMap((s) =>
        s.kind === 'hyperv-cluster'
          ? s.memberIds.map((m) => ({ connectName: this.nodeConnectName(m, s.name), role: 'hyperv-host' as const }))
          : [{ connectName: s.name, role: s.kind === 'hyperv-host' ? ('hyperv-host' as const) : ('server' as const) }],
      ),
    );
    this.options.managedCredentials?.setServers(servers);
    this.win = null; // the next step that needs the inventory reads it with the new list
  }

  /** A node as platform.json or an earlier inventory spells it, else its name in the cluster's domain. */
  private nodeConnectName(nodeId: string, clusterName: string): string {
    const known = this.directory.target(nodeId).name;
    return known.toLowerCase() !== nodeId.toLowerCase() ? known : `${nodeId}${domainSuffix(clusterName)}`;
  }

  // ---------- snapshot lifecycle ----------

  async createSnapshot(req: SnapshotRequest, log: PlatformLog): Promise<CreatedSnapshot> {
    const known = this.registry.get(req.snapshotId);
    if (known && !known.deleted) {
      if (known.shadowIds.length > 0 && known.session?.end === null) return this.createdSnapshot(known);
      throw new FerryError(ErrorCode.Conflict, `Snapshot ${req.snapshotId} was already attempted; delete it before creating it again.`, {
        hint: 'Call deleteSnapshot for this id first (it cleans up whatever the earlier attempt left).',
      });
    }
    const inv = await this.ensureInventory();
    const host = this.hostOf(inv, req.hostId);
    const target = this.directory.target(host.id);
    const volume = this.volumeOf(inv, req.volumeId);
    // software: the Microsoft provider every Windows host has; the snapshot stays on the host (on-host processing)
    const provider = req.provider === 'software' ? SOFTWARE_PROVIDER : host.hardwareProvider;
    if (!provider) throw noHardwareProviderError(target.name, volume.displayPath);
    const transportable = req.provider !== 'software';
    this.assertVmsOnVolume(inv, req, volume);

    const paths = snapshotPaths(this.workRoot, req.snapshotId);
    const record: HostRecord = {
      ferry: 1,
      role: 'host',
      snapshotId: req.snapshotId,
      hostId: host.id,
      volumeId: volume.id,
      volumePath: volume.shadowPath,
      vmIds: req.vmIds,
      applicationConsistent: req.applicationConsistent,
      providerId: provider.id,
      alias: VOLUME_ALIAS,
      createdAt: this.isoNow(),
    };
    const label = `snapshot ${req.snapshotId} of ${volume.shadowPath} on ${host.id}`;
    await this.run.ps(
      target,
      'Prepare snapshot',
      prepareHostSnapshotPs({
        dir: paths.dir,
        gatePath: paths.gate,
        gateText: gateScript({ label, dir: paths.dir, aliases: [VOLUME_ALIAS], holdSeconds: Math.max(60, Math.floor(this.timeouts.holdMs / 1000) - 60) }),
        recordPath: paths.record,
        recordJson: JSON.stringify(record),
      }),
      this.timeouts.commandMs,
    );

    const state = this.registry.put(
      newSnapshotState({
        snapshotId: req.snapshotId,
        hostId: host.id,
        paths,
        volumeId: volume.id,
        volumePath: volume.shadowPath,
        vmIds: [...req.vmIds],
        applicationConsistent: req.applicationConsistent,
        providerId: provider.id,
        alias: VOLUME_ALIAS,
      }),
    );
    const consistency = req.applicationConsistent ? 'application-consistent (Hyper-V VSS writer)' : 'crash-consistent';
    log('info', `${target.name}: creating a ${transportable ? 'transportable' : 'software (on-host only)'} snapshot of ${volume.displayPath} with ${provider.name}, ${consistency}, ${req.vmIds.length} VM(s)`);

    // RCT reference points before the snapshot: a write racing it is read twice, never missed (change-tracking.ts).
    if (req.changeTracking) state.references = await this.takeReferences(inv, req.vmIds, log);

    const session = HostSession.start({
      executor: this.options.executor,
      clock: this.clock,
      server: target.server,
      serverName: target.name,
      paths,
      script: hostCreateScript({ label, cabPath: paths.cab, gatePath: paths.gate, volumes: [{ path: volume.shadowPath, alias: VOLUME_ALIAS }], providerId: provider.id, applicationConsistent: req.applicationConsistent, transportable }),
      holdTimeoutMs: this.timeouts.holdMs,
      commandTimeoutMs: this.timeouts.commandMs,
      pollIntervalMs: this.pollIntervalMs,
    });
    state.session = session;

    let outcome: CreatedOutcome;
    try {
      outcome = await session.waitForCreated(this.clock.now() + this.timeouts.createMs);
    } catch (e) {
      await this.abortSession(state, log);
      throw e;
    }
    if (outcome.kind === 'created') {
      const setId = outcome.vars.VSS_SHADOW_SET ?? null;
      const shadowId = outcome.vars[VOLUME_ALIAS] ?? null;
      if (setId && shadowId) {
        state.setId = setId;
        state.shadowIds = [shadowId];
        log('info', `${target.name}: shadow copy ${shadowId} created (set ${setId}); the VSS session stays open until the proxy is done`);
        return this.createdSnapshot(state);
      }
      await this.abortSession(state, log);
      throw winError(WinCode.GateNoIds, `${target.name}: DiskShadow created the snapshot but the gate could not read its ids.`, {
        hint: 'Ferry aborted the session and will delete the snapshot. Report this: the DiskShadow version on the host does not export aliases as environment variables.',
        server: target.name,
        step: 'Snapshot',
        shadowIds: state.shadowIds,
      });
    }
    if (outcome.kind === 'timeout') {
      await this.abortSession(state, log);
      throw winError(WinCode.CreateTimeout, `${target.name}: the snapshot of ${volume.displayPath} was not created within ${Math.round(this.timeouts.createMs / 60_000)} min.`, {
        hint: 'A VSS writer or the hardware provider hangs: check "vssadmin list writers" and the provider on the host. Ferry aborted the session.',
        server: target.name,
        step: 'Snapshot',
        retryable: true,
      });
    }
    throw this.sessionEndedError(state, outcome.end, target.name);
  }

  async importSnapshot(snap: CreatedSnapshot, proxyServerId: string, log: PlatformLog): Promise<void> {
    const state = await this.stateOf(snap);
    const proxy = this.directory.target(proxyServerId);
    if (providerKindOf(state.providerId) === 'software') throw notTransportableError(state.snapshotId, this.directory.target(state.hostId).name, proxy.name, 'Import');
    if (state.importedOn === proxy.id) {
      log('info', `${proxy.name}: snapshot ${state.snapshotId} is already imported`);
      return;
    }
    if (state.importedOn) {
      throw winError(WinCode.AlreadyImported, `Snapshot ${state.snapshotId} is already imported on ${state.importedOn}; a transportable snapshot can be imported only once.`, {
        hint: 'Expose it on the server that imported it, or delete it and take a new one.',
        server: proxy.name,
        step: 'Import',
      });
    }
    const inv = await this.ensureInventory();
    this.assertOutsideCluster(inv, state, proxy);
    const host = this.directory.target(state.hostId);
    // on-host import (standalone host): the .cab and the host's own record are already where DiskShadow needs them
    if (proxy.id !== host.id) await this.shipCab(state, host, proxy);
    log('info', `${proxy.name}: importing snapshot ${state.snapshotId} from ${host.name}`);
    state.importAttemptedOn = [...new Set([...state.importAttemptedOn, proxy.id])];
    const t = await this.run.dsh(proxy, 'Import', proxyImportScript({ label: `snapshot ${state.snapshotId} from ${state.hostId}`, cabPath: state.paths.cab }), this.timeouts.importMs);
    if (t.failures.length > 0) throw vssFailureError('Import', proxy.name, t.failures[0]);
    const ids = t.shadows.map((s) => s.shadowId);
    // nothing listed after a "successful" import is the same situation as VSS_E_NO_SNAPSHOTS_IMPORTED
    if (ids.length === 0) throw vssFailureError('Import', proxy.name, { hresult: 0x80042320, errorText: null });
    if (state.shadowIds.length > 0 && !state.shadowIds.every((id) => ids.includes(id))) {
      log('warning', `${proxy.name}: imported shadow ids ${ids.join(', ')} differ from the host's ${state.shadowIds.join(', ')}`);
    }
    state.importedOn = proxy.id;
    state.importedShadowIds = ids;
    state.setId ??= t.shadowSetId;
    log('info', `${proxy.name}: imported shadow copy ${ids.join(', ')} (hidden, read-only)`);
  }

  async exposeSnapshot(snap: CreatedSnapshot, serverIdOrName: string, log: PlatformLog): Promise<ExposedSnapshot> {
    const state = await this.stateOf(snap);
    const target = this.directory.target(serverIdOrName);
    if (state.exposed?.serverId === target.id) return state.exposed.result;
    const inv = await this.ensureInventory();
    const volume = this.volumeOf(inv, state.volumeId);
    // a software shadow copy is surfaced on its own host already (no import), and nowhere else
    const software = providerKindOf(state.providerId) === 'software';
    if (software && target.id !== state.hostId) throw notTransportableError(state.snapshotId, this.directory.target(state.hostId).name, target.name, 'Expose');
    if (!software && state.importedOn !== target.id) {
      if (state.importedOn || target.id !== state.hostId) {
        throw winError(WinCode.NotImported, `Snapshot ${state.snapshotId} is not imported on ${target.name}${state.importedOn ? ` (it is on ${state.importedOn})` : ''}.`, {
          hint: 'Import the snapshot on the server first; only the importing server can expose it.',
          server: target.name,
          step: 'Expose',
        });
      }
      // on-host processing: a transportable snapshot still has to be imported, here on its own host
      log('info', `${target.name}: on-host processing, importing the snapshot on its own host first`);
      await this.importSnapshot(snap, serverIdOrName, log);
    }
    const mountPoint = state.paths.mountPoint;
    state.exposeAttemptedOn = [...new Set([...state.exposeAttemptedOn, target.id])];
    const before = MountState.parse(await this.run.ps(target, 'Prepare mount folder', mountPointStatePs({ mountPoint, create: true }), this.timeouts.commandMs));
    if (before.state === 'not-empty') {
      throw winError(WinCode.MountPointBusy, `${target.name}: the mount folder ${mountPoint} is not empty.`, {
        hint: 'Remove the files from that folder (it belongs to Ferry) or run the leftover cleanup, then retry.',
        server: target.name,
        step: 'Expose',
      });
    }
    if (before.state === 'mounted') {
      log('info', `${target.name}: snapshot ${state.snapshotId} is already exposed at ${mountPoint}`);
    } else {
      const shadowId = state.importedShadowIds[0] ?? state.shadowIds[0];
      const t = await this.run.dsh(target, 'Expose', exposeScript({ label: `snapshot ${state.snapshotId}`, exposures: [{ shadowId, mountPoint }] }), this.timeouts.commandMs);
      if (t.failures.length > 0) throw vssFailureError('Expose', target.name, t.failures[0]);
      if (t.exposedAs.length === 0) {
        throw winError(WinCode.ExposeUnconfirmed, `${target.name}: DiskShadow did not confirm that the snapshot is exposed at ${mountPoint}.`, {
          hint: 'Check the mount folder on the server; keep the DiskShadow transcript for support.',
          server: target.name,
          step: 'Expose',
        });
      }
    }
    const root = stripTrailingBackslash(mountPoint);
    const result: ExposedSnapshot = { root, disks: exposedDisks(inv, volume, state.vmIds, root) };
    state.exposed = { serverId: target.id, result };
    log('info', `${target.name}: snapshot exposed read-only at ${root} (${result.disks.length} disk(s))`);
    return result;
  }

  async unexposeSnapshot(snapshotId: string, serverIdOrName: string, log: PlatformLog): Promise<void> {
    const target = this.directory.target(serverIdOrName);
    const state = this.registry.get(snapshotId);
    // nothing was ever exposed there by this console: no call at all
    if (state && !state.exposeAttemptedOn.includes(target.id)) return;
    const mountPoint = state?.paths.mountPoint ?? snapshotPaths(this.workRoot, snapshotId).mountPoint;
    const probe = MountState.parse(await this.run.ps(target, 'Unexpose', mountPointStatePs({ mountPoint, create: false }), this.timeouts.commandMs));
    if (probe.state === 'mounted') {
      const t = await this.run.dsh(target, 'Unexpose', unexposeScript({ label: `snapshot ${snapshotId}`, mountPoints: [mountPoint] }), this.timeouts.commandMs);
      const failure = t.failures[0];
      if (failure && !isObjectNotFound(failure)) throw vssFailureError('Unexpose', target.name, failure);
      log('info', `${target.name}: snapshot ${snapshotId} unexposed from ${stripTrailingBackslash(mountPoint)}`);
    } else {
      log('info', `${target.name}: snapshot ${snapshotId} is not exposed (${describeMount(probe.state)})`);
    }
    if (state) {
      state.exposeAttemptedOn = state.exposeAttemptedOn.filter((id) => id !== target.id);
      if (state.exposed?.serverId === target.id) state.exposed = null;
    }
  }

  async deleteSnapshot(snapshotId: string, log: PlatformLog): Promise<void> {
    const state = this.registry.get(snapshotId) ?? (await this.recover(snapshotId));
    if (!state) {
      log('info', `Snapshot ${snapshotId}: nothing left on any known server`);
      return;
    }
    if (state.deleted) return;
    const errors: FerryError[] = [];
    const attempt = async (what: () => Promise<void>) => {
      try {
        await what();
      } catch (e) {
        errors.push(FerryError.from(e));
      }
    };
    // called while `create` still runs (cancel): stop it first, so its shadow ids are known and can be deleted
    if (state.session && !state.session.end && state.shadowIds.length === 0) await this.abortSession(state, log);
    const target = this.deleteTarget(state);

    // 1. the importing side deletes transported shadow copies (reference §1.2 step 6)
    for (const serverId of state.exposeAttemptedOn) await attempt(() => this.unexposeSnapshot(snapshotId, serverId, log));
    let deleted = false;
    let proxyFailed = false;
    const importers = [...new Set([...(state.importedOn ? [state.importedOn] : []), ...state.importAttemptedOn])];
    if (target) {
      for (const serverId of importers) {
        const before = errors.length;
        await attempt(async () => {
          deleted = (await this.deleteShadows(this.directory.target(serverId), state, target, log)) || deleted;
        });
        proxyFailed ||= errors.length > before;
      }
    }
    // 2. BackupComplete on the host: release the gate, DiskShadow runs `end backup` and exits
    await attempt(() => this.releaseHost(state, log));
    // 3. a set no importer had is deleted where it was made; after a real proxy failure, retry there instead
    if (target && !deleted && !proxyFailed && !importers.includes(state.hostId)) {
      await attempt(async () => {
        await this.deleteShadows(this.directory.target(state.hostId), state, target, log);
      });
    }
    // 4. work folders, never recursing into a mount folder
    if (errors.length === 0) {
      for (const id of [...new Set([state.hostId, ...importers])]) {
        await attempt(async () => {
          Removed.parse(await this.run.ps(this.directory.target(id), 'Clean up', removeWorkPs({ dir: state.paths.dir, mountPoint: state.paths.mountPoint }), this.timeouts.commandMs));
        });
      }
    }
    if (errors.length > 0) {
      log('error', `Snapshot ${snapshotId}: cleanup incomplete: ${errors.map((e) => e.message).join(' | ')}`);
      throw errors[0];
    }
    state.deleted = true;
    state.session = null;
    log('info', `Snapshot ${snapshotId}: deleted`);
  }

  /**
   * RCT: GetVirtualDiskChanges on the host the VM runs on, against the live disk (see change-tracking.ts). Not the
   * snapshot's host: a CSV is snapshotted on its owner node, and its VMs may run on any node of the cluster.
   */
  async changedRanges(snap: CreatedSnapshot, vmId: string, diskIndex: number, sinceReferenceId: string): Promise<ChangedRanges> {
    const state = this.registry.get(snap.snapshotId);
    if (!state?.references?.some((r) => r.vmId === vmId && r.diskIndex === diskIndex)) {
      return { ranges: null, reason: `snapshot ${snap.snapshotId} was taken without an RCT reference point for this disk` };
    }
    const vm = (await this.ensureInventory()).vms.find((v) => v.id === vmId);
    const disk = vm?.disks.find((d) => d.index === diskIndex);
    if (!vm || !disk) return { ranges: null, reason: `disk ${diskIndex} of VM ${vmId} is no longer in the inventory` };
    return this.rct.changedRanges(this.directory.target(vm.hostId), disk.topPath, disk.virtualSizeBytes, sinceReferenceId);
  }

  /** Old RCT reference points of a VM, destroyed on the host it runs on now (see change-tracking.ts). */
  async retireChangeReferences(vmId: string, retire: readonly string[], keep: readonly string[], log: PlatformLog): Promise<void> {
    const vm = (await this.ensureInventory()).vms.find((v) => v.id === vmId);
    if (!vm) return; // gone from the managed hosts: its reference points went with it, or are out of reach
    await this.rct.retire(this.directory.target(vm.hostId), vm, retire, keep, log);
  }

  /**
   * One reference-point call per host the VMs run on (Msvm_ComputerSystem only knows the VMs of its own host),
   * host by host in inventory order; a host that fails costs only its own VMs their incremental.
   */
  private async takeReferences(inv: WindowsInventory, vmIds: readonly string[], log: PlatformLog): Promise<ChangeReference[]> {
    const byHost = new Map<string, WinVm[]>();
    for (const vm of inv.vms) if (vmIds.includes(vm.id)) byHost.set(vm.hostId, [...(byHost.get(vm.hostId) ?? []), vm]);
    const refs: ChangeReference[] = [];
    for (const [hostId, vms] of byHost) refs.push(...(await this.rct.takeReferences(this.directory.target(hostId), vms, log)));
    return refs;
  }

  async listLeftovers(): Promise<Leftover[]> {
    const scans = await this.scanRecords();
    const listed = new Map<string, Set<string> | null>();
    for (const { target, records } of scans) {
      if (records.length === 0) continue;
      try {
        const t = await this.run.dsh(target, 'Leftover scan', listShadowsScript(), this.timeouts.commandMs);
        listed.set(target.id, new Set(t.shadows.map((s) => s.shadowId)));
      } catch {
        listed.set(target.id, null); // report what the records say; deleteSnapshot tolerates shadows that are gone
      }
    }
    return leftoversFrom(scans, listed);
  }

  // ---------- helpers ----------

  /** Carries the .cab from the host to the proxy through the console (no second-hop credentials needed). */
  private async shipCab(state: SnapshotState, host: Target, proxy: Target): Promise<void> {
    const cab = CabPayload.parse(await this.run.ps(host, 'Read snapshot metadata', readCabPs({ cabPath: state.paths.cab }), this.timeouts.commandMs));
    const bytes = Buffer.from(cab.base64, 'base64');
    const sha256 = createHash('sha256').update(bytes).digest('hex').toUpperCase();
    if (bytes.length !== cab.length || sha256 !== cab.sha256.toUpperCase() || bytes.subarray(0, 4).toString('latin1') !== 'MSCF') {
      throw winError(WinCode.BadCab, `${host.name}: the snapshot metadata file ${state.paths.cab} is not a valid .cab.`, {
        hint: 'Delete this snapshot and take a new one; if it repeats, check the host\'s disk and antivirus exclusions for the Ferry work folder.',
        server: host.name,
        step: 'Import',
      });
    }
    const record: ProxyRecord = { ferry: 1, role: 'proxy', snapshotId: state.snapshotId, hostId: state.hostId, setId: state.setId, shadowIds: state.shadowIds, importedAt: this.isoNow() };
    await this.run.ps(
      proxy,
      'Copy snapshot metadata',
      writeProxyCabPs({ dir: state.paths.dir, cabPath: state.paths.cab, recordPath: state.paths.record, recordJson: JSON.stringify(record), base64: cab.base64, sha256 }),
      this.timeouts.commandMs,
    );
  }

  private async facts(target: Target, includeVms: boolean, timeoutMs: number, step: string): Promise<ServerFacts> {
    const value = await this.run.ps(target, step, serverFactsPs({ includeVms }), timeoutMs);
    try {
      return serverFactsFromJson(value);
    } catch (e) {
      throw winError(WinCode.BadOutput, `${step} of ${target.name}: unexpected data (${e instanceof Error ? e.message.split('\n')[0] : String(e)}).`, {
        hint: 'Keep the server\'s inventory output and report it (a newer Windows or PowerShell version?).',
        server: target.name,
        step,
      });
    }
  }

  private async ensureInventory(): Promise<WindowsInventory> {
    if (!this.win) await this.inventory();
    return this.win!;
  }

  private hostOf(inv: WindowsInventory, hostId: string): WinHost {
    const host = inv.hosts.find((h) => h.id === hostId.toLowerCase());
    if (!host) {
      throw winError(WinCode.UnknownServer, `Host ${hostId} is not in the Windows inventory.`, { hint: 'Add the host to the console and refresh the inventory.', server: hostId });
    }
    return host;
  }

  private volumeOf(inv: WindowsInventory, volumeId: string): WinVolume {
    const volume = inv.volumes.find((v) => v.id === volumeId);
    if (!volume) {
      throw winError(WinCode.UnknownVolume, `Volume ${volumeId} is not in the Windows inventory.`, { hint: 'Refresh the inventory; the volume may have been renamed or moved.' });
    }
    return volume;
  }

  /** The Hyper-V writer needs every volume a VM uses in the same set, or the VM is silently left out. */
  private assertVmsOnVolume(inv: WindowsInventory, req: SnapshotRequest, volume: WinVolume): void {
    for (const vmId of req.vmIds) {
      const vm = inv.vms.find((v) => v.id === vmId);
      if (!vm) throw winError(WinCode.UnknownVm, `VM ${vmId} is not in the Windows inventory.`, { hint: 'Refresh the inventory; the VM may have been removed or moved to another host.' });
      const others = volumesOfVm(vm).filter((id) => id !== volume.id);
      if (req.applicationConsistent && others.length > 0) {
        throw winError(WinCode.VmSpansVolumes, `${vm.name} has files on ${others.length + 1} volumes; an application-consistent snapshot of ${volume.displayPath} alone would leave it out.`, {
          hint: 'Move all files of the VM (disks, checkpoints, configuration) to one volume, or back it up crash-consistently.',
          step: 'Snapshot',
        });
      }
    }
  }

  private assertOutsideCluster(inv: WindowsInventory, state: SnapshotState, server: Target): void {
    const volume = inv.volumes.find((v) => v.id === state.volumeId);
    if (!volume || volume.kind !== 'csv') return;
    const cluster = inv.clusters.find((c) => c.id === volume.clusterId);
    if (cluster?.nodeIds.includes(server.id)) {
      throw winError(WinCode.ImportOnClusterNode, `${server.name} is a node of cluster ${cluster.name}; a transportable snapshot of its CSV ${volume.displayPath} must be imported outside the cluster.`, {
        hint: 'Use an off-host proxy that is not a node of this cluster (duplicate disk signatures break the cluster).',
        server: server.name,
        step: 'Import',
      });
    }
  }

  private createdSnapshot(state: SnapshotState): CreatedSnapshot {
    const providerKind = providerKindOf(state.providerId);
    const provider = providerKind === 'software' ? SOFTWARE_PROVIDER : this.win?.hosts.find((h) => h.id === state.hostId)?.hardwareProvider;
    return {
      snapshotId: state.snapshotId,
      shadowIds: [...state.shadowIds],
      provider: provider ? `${provider.name} ${provider.id}` : state.providerId,
      providerKind,
      metadataRef: formatMetadataRef(state.hostId, state.paths.cab),
      ...(state.references ? { references: state.references.map((r) => ({ ...r })) } : {}),
    };
  }

  private async stateOf(snap: CreatedSnapshot): Promise<SnapshotState> {
    const state = this.registry.get(snap.snapshotId) ?? (await this.recover(snap.snapshotId, parseMetadataRef(snap.metadataRef)?.hostId));
    if (!state || state.deleted) {
      throw winError(WinCode.UnknownSnapshot, `Snapshot ${snap.snapshotId} is not known on any server.`, {
        hint: 'It was deleted or never created; take a new snapshot.',
      });
    }
    return state;
  }

  /** After a restart: rebuild a snapshot's state from the records on the servers. */
  private async recover(snapshotId: string, hostHint?: string): Promise<SnapshotState | undefined> {
    const state = stateFromRecords(snapshotId, await this.scanRecords(hostHint), this.workRoot);
    return state ? this.registry.put(state) : undefined;
  }

  private async scanRecords(firstServer?: string): Promise<ServerRecords[]> {
    const all = this.directory.all();
    const targets = firstServer ? [this.directory.target(firstServer), ...all.filter((t) => t.id !== firstServer)] : all;
    const out: ServerRecords[] = [];
    for (const target of targets) {
      try {
        out.push({ target, records: parseFolderRecords(await this.run.ps(target, 'Leftover scan', listFerryRecordsPs({ snapshotsRoot: snapshotsRoot(this.workRoot) }), this.timeouts.commandMs)) });
      } catch {
        // an unreachable server cannot tell; the next scan will
      }
    }
    return out;
  }

  private deleteTarget(state: SnapshotState): DeleteTarget | null {
    if (state.setId) return { setId: state.setId };
    const ids = [...new Set([...state.shadowIds, ...state.importedShadowIds])];
    return ids.length > 0 ? { shadowIds: ids } : null;
  }

  /** `delete shadows` on one server; true when something was deleted, false when it was not there. */
  private async deleteShadows(server: Target, state: SnapshotState, target: DeleteTarget, log: PlatformLog): Promise<boolean> {
    const t = await this.run.dsh(server, 'Delete', deleteShadowsScript({ label: `snapshot ${state.snapshotId}`, target }), this.timeouts.commandMs);
    const failure = t.failures[0];
    if (failure && !isObjectNotFound(failure)) throw vssFailureError('Delete', server.name, failure);
    const deleted = t.deletedCount ?? 0;
    log('info', deleted > 0 ? `${server.name}: deleted ${deleted} shadow copy(ies) of snapshot ${state.snapshotId}` : `${server.name}: no shadow copy of snapshot ${state.snapshotId} left`);
    return deleted > 0;
  }

  private async releaseHost(state: SnapshotState, log: PlatformLog): Promise<void> {
    const host = this.directory.target(state.hostId);
    if (!state.session) {
      // after a restart an orphaned gate may still hold a session: let it finish
      await this.run.ps(host, 'Release snapshot', signalGatePs({ dir: state.paths.dir, flagPath: state.paths.releaseFlag, flag: 'release' }), this.timeouts.commandMs);
      return;
    }
    if (state.session.end) return;
    const end = await state.session.release(this.timeouts.releaseMs);
    if (!end) {
      log('warning', `${host.name}: DiskShadow did not finish "end backup" in time; stopping it`);
      await state.session.abort(this.timeouts.abortMs);
      return;
    }
    if (end.kind === 'failed') {
      log('warning', `${host.name}: the host session ended with an error before BackupComplete: ${FerryError.from(end.error).message}`);
      return;
    }
    const t = parseDiskShadow(end.result.stdout);
    const failure = failureAfter(t, 'end backup');
    if (failure) {
      log('warning', `${host.name}: "end backup" failed (${vssFailureError('End backup', host.name, failure).message}); the VMs' backup state was not marked complete`);
    } else {
      log('info', `${host.name}: backup completed (BackupComplete sent, VSS session closed)`);
    }
  }

  private async abortSession(state: SnapshotState, log: PlatformLog): Promise<void> {
    if (!state.session) return;
    const end = await state.session.abort(this.timeouts.abortMs);
    if (end.kind === 'exited') this.adoptIds(state, parseDiskShadow(end.result.stdout));
    log('warning', `${this.directory.target(state.hostId).name}: snapshot session aborted${state.shadowIds.length ? `; shadow copy ${state.shadowIds.join(', ')} will be deleted` : ''}`);
  }

  /** Ids printed by `create` (readable once DiskShadow has exited), kept so cleanup can target them. */
  private adoptIds(state: SnapshotState, t: DiskShadowTranscript): void {
    const shadowId = t.aliases[state.alias];
    if (shadowId && !state.shadowIds.includes(shadowId)) state.shadowIds = [...state.shadowIds, shadowId];
    state.setId ??= t.shadowSetId;
  }

  private sessionEndedError(state: SnapshotState, end: SessionEnd, hostName: string): FerryError {
    if (end.kind === 'failed') return FerryError.from(end.error);
    const t = parseDiskShadow(end.result.stdout);
    this.adoptIds(state, t);
    if (t.failures.length > 0) return classifyCreateFailure(vssFailureError('Snapshot', hostName, t.failures[0]), state);
    return winError(WinCode.SessionEnded, `${hostName}: DiskShadow ended before the snapshot was reported (exit code ${end.result.exitCode}).`, {
      hint: 'Keep the DiskShadow transcript for support; check that the gate script in the Ferry work folder can run (cmd.exe, antivirus).',
      server: hostName,
      step: 'Snapshot',
      shadowIds: state.shadowIds,
    });
  }

  private isoNow(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

function failureAfter(t: DiskShadowTranscript, command: string): DiskShadowTranscript['failures'][number] | undefined {
  return t.failures.find((f) => f.command?.toLowerCase() === command);
}

function hintOf(e: FerryError): string | undefined {
  const d = e.details;
  return d && typeof d === 'object' && 'hint' in d && typeof d.hint === 'string' ? d.hint : undefined;
}

function describeMount(state: MountPointState): string {
  return state === 'absent' ? 'no mount folder' : state === 'not-empty' ? 'the folder holds files, nothing mounted' : 'empty folder';
}
