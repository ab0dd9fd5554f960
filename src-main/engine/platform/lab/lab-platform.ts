// The embedded lab platform: simulated hosts, cluster, SAN and proxies over real VHDX files on local disk.
// A snapshot is a real point-in-time copy of the volume (reflink where the file system can, else a copy);
// running VMs keep writing to their live disks while a backup reads the snapshot.
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Host, Inventory, ReadinessCheck, Vm } from '../../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { AgentEndpoint, ChangedRanges, CreatedSnapshot, ExposedSnapshot, Leftover, ManagedServerRef, Platform, PlatformLog, PreconfiguredServer, ProbedServer, ServerAdmin, ServerCredential, SnapshotRequest } from '../types';
import { managedInventory } from '../../servers/managed-inventory';
import { probeLabServer } from './lab-servers';
import { LAB_PRECONFIGURED } from './topology';
import { nowIso, sleep } from '../../util/time';
import { LabChangeTracking } from './lab-change-tracking';
import { LabFaults } from './faults';
import type { LabAgents } from './lab-agents';
import { diskRelPath, liveDiskPath, snapshotDir, snapshotsDir, volumeOf, windowsDiskPath } from './lab-layout';
import { labFaultsFile, readLabState, writeLabState, type LabState } from './lab-state';
import { labReadiness } from './readiness';
import { writeGuestBlocks } from './guest-writes';

/** the provider every Windows host has; its shadow copies stay on the host (not transportable) */
export const LAB_SOFTWARE_PROVIDER = 'Microsoft Software Shadow Copy provider 1.0';

export class LabPlatform implements Platform, ServerAdmin {
  readonly kind = 'lab' as const;
  readonly faults: LabFaults;
  /** RCT stand-in: reference points and a journal of guest writes per disk (lab/rct/) */
  readonly changeTracking: LabChangeTracking;
  private state: LabState;
  /** tests only: a folder where every snapshot's VM disks are copied to (<snapshot id>/<vm id>/<disk>.vhdx); FERRY_LAB_SNAPSHOT_COPIES for a spawned engine */
  keepSnapshotCopiesIn: string | null = process.env.FERRY_LAB_SNAPSHOT_COPIES ?? null;
  /** volumes of the managed servers (proxy readiness looks at those only); null until the engine names them */
  private managedVolumeIds: Set<string> | null = null;
  /** serialises lab.json updates */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    readonly dataDir: string,
    private readonly agents: LabAgents,
    /** agentVersion: what the lab records as installed on its proxies (the console's own version) */
    private readonly opts: { stepDelayMs?: number; agentVersion?: string } = {},
  ) {
    const s = readLabState(dataDir);
    if (!s) throw new FerryError(ErrorCode.NotFound, `No lab in ${dataDir}: run 'ferry lab init --data ${dataDir}'`);
    this.state = s;
    this.faults = new LabFaults(labFaultsFile(dataDir));
    this.changeTracking = new LabChangeTracking(dataDir);
  }

  /** Small pause per step so a human can watch the lifecycle in the console; 0 in unit tests. */
  private pause(): Promise<void> {
    return sleep(this.opts.stepDelayMs ?? 0);
  }

  private get agentVersion(): string {
    return this.opts.agentVersion ?? '0.0.0';
  }

  private async save(mutate: (s: LabState) => void): Promise<void> {
    mutate(this.state);
    const snapshot = structuredClone(this.state);
    this.saving = this.saving.then(() => writeLabState(this.dataDir, snapshot));
    await this.saving;
  }

  async inventory(): Promise<Inventory> {
    const topo = this.state.topology;
    const vms: Vm[] = [];
    const used = new Map<string, number>();
    // Like a Windows host that does not answer its inventory probe: its VMs are not listed (the host stays, as
    // configured). The 'proxy-unreachable' fault is how the lab makes any server unreachable.
    const down = new Set(topo.hosts.filter((h) => this.faults.isSet('proxy-unreachable', h.id)).map((h) => h.id));
    for (const spec of topo.vms) {
      const disks = [];
      for (let i = 0; i < spec.disks.length; i++) {
        const st = await stat(liveDiskPath(this.dataDir, topo, spec, i)).catch(() => null);
        const fileSize = st?.size ?? 0;
        used.set(spec.volumeId, (used.get(spec.volumeId) ?? 0) + fileSize);
        disks.push({
          index: i,
          path: windowsDiskPath(topo, spec, i),
          format: 'vhdx' as const,
          virtualSizeBytes: spec.disks[i].virtualMiB * 1024 * 1024,
          fileSizeBytes: fileSize,
          volumeId: spec.volumeId,
        });
      }
      if (!down.has(spec.hostId)) vms.push({ id: spec.id, name: spec.name, hostId: spec.hostId, clusterId: spec.clusterId, state: spec.running ? 'Running' : 'Off', disks });
    }
    return {
      hosts: structuredClone(topo.hosts),
      clusters: structuredClone(topo.clusters),
      volumes: topo.volumes.map((v) => ({ ...v, usedBytes: used.get(v.id) ?? 0 })),
      vms,
    };
  }

  async checkProxy(serverId: string): Promise<ReadinessCheck[]> {
    const reachable = !this.faults.isSet('proxy-unreachable', serverId);
    return labReadiness(this.state.topology, serverId, reachable, this.managedVolumeIds);
  }

  // ---------- managed servers ----------

  async probeServer(name: string, credential: ServerCredential | null, log: PlatformLog): Promise<ProbedServer> {
    await this.pause();
    return probeLabServer({ topo: this.state.topology, name, credential, unreachable: (id) => this.faults.isSet('proxy-unreachable', id), log });
  }

  /** The lab's servers always answer: each comes with its inventory id (PreconfiguredServer.id). */
  async preconfiguredServers(): Promise<PreconfiguredServer[]> {
    const topo = this.state.topology;
    const idOf = (name: string) => [...topo.hosts, ...topo.clusters].find((x) => x.name.toLowerCase() === name.toLowerCase())?.id;
    return LAB_PRECONFIGURED.map((s) => {
      const id = idOf(s.name);
      return id ? { ...s, id } : { ...s };
    });
  }

  /** The lab reaches every server without credentials; it only narrows proxy readiness to the managed volumes. */
  setManagedServers(servers: ManagedServerRef[]): void {
    const topo = this.state.topology;
    const inv = { hosts: topo.hosts, clusters: topo.clusters, volumes: topo.volumes.map((v) => ({ ...v, usedBytes: 0 })), vms: [] };
    this.managedVolumeIds = new Set(managedInventory(inv, servers).volumes.map((v) => v.id));
  }

  async installProxy(serverId: string, log: PlatformLog): Promise<void> {
    const server = this.state.topology.hosts.find((h) => h.id === serverId);
    if (!server) throw new FerryError(ErrorCode.NotFound, `Unknown server ${serverId}`);
    log('info', `Connecting to ${server.name} over WinRM`);
    await this.pause();
    this.faults.check('install', serverId);
    log('info', `Copying Ferry data mover agent ${this.agentVersion} to ${server.name}`);
    await this.pause();
    log('info', 'Registering service FerryAgent (automatic start)');
    await this.pause();
    const fingerprint = await this.agents.install(serverId, server.name);
    log('info', `Generated the agent's TLS certificate; SHA-256 fingerprint ${fingerprint} is pinned by the console, pairing token stored in the credential store`);
    await this.save((s) => {
      s.agents = s.agents.filter((a) => a.serverId !== serverId);
      s.agents.push({ serverId, version: this.agentVersion, installedAt: nowIso(), certFingerprint: fingerprint });
    });
    const ep = await this.agents.endpoint(serverId, server.name);
    log('info', ep ? `Agent on ${server.name} is listening on ${ep.host}:${ep.port} (TLS)` : `Agent on ${server.name} registered`);
  }

  async agentEndpoint(serverId: string) {
    if (!this.state.agents.some((a) => a.serverId === serverId)) return null;
    const server = this.state.topology.hosts.find((h) => h.id === serverId);
    if (this.faults.isSet('proxy-unreachable', serverId)) throw new FerryError(ErrorCode.AgentUnreachable, `${server?.name ?? serverId} is unreachable`);
    return this.agents.endpoint(serverId, server?.name ?? serverId);
  }

  /** The lab's topology (read it, do not change it). */
  get topology(): LabState['topology'] {
    return this.state.topology;
  }

  /**
   * A Hyper-V host's data-mover agent for replica disks: paired at first use (as the console would install it on a
   * target host), then its own process like the proxies' agents. Null when the lab runs without agent processes.
   */
  async hostAgentEndpoint(hostId: string): Promise<AgentEndpoint | null> {
    if (!this.agents.enabled) return null;
    const host = this.state.topology.hosts.find((h) => h.id === hostId);
    if (!host) throw new FerryError(ErrorCode.NotFound, `Host ${hostId} is not in the lab`);
    if (this.faults.isSet('proxy-unreachable', hostId)) throw new FerryError(ErrorCode.AgentUnreachable, `${host.name} is unreachable`);
    const ep = await this.agents.endpoint(hostId, host.name);
    if (ep) return ep;
    await this.agents.install(hostId, host.name);
    return this.agents.endpoint(hostId, host.name);
  }

  /** Powers a lab VM on or off (failover, failback). */
  async setVmRunning(vmId: string, running: boolean): Promise<void> {
    await this.save((s) => {
      const vm = s.topology.vms.find((v) => v.id === vmId);
      if (vm) vm.running = running;
    });
  }

  /** Writes into a VM's live disk through its change tracking (what failback sends back lands like guest writes). */
  async writeIntoLiveDisk(vmId: string, diskIndex: number, blocks: Array<{ offset: number; data: Buffer }>): Promise<void> {
    const vm = this.state.topology.vms.find((v) => v.id === vmId);
    if (!vm) throw new FerryError(ErrorCode.NotFound, `VM ${vmId} is not in the lab`);
    await writeGuestBlocks(this.changeTracking.journal, liveDiskPath(this.dataDir, this.state.topology, vm, diskIndex), vmId, diskIndex, blocks);
  }

  liveDisk(vmId: string, diskIndex: number): string {
    const vm = this.state.topology.vms.find((v) => v.id === vmId);
    if (!vm) throw new FerryError(ErrorCode.NotFound, `VM ${vmId} is not in the lab`);
    return liveDiskPath(this.dataDir, this.state.topology, vm, diskIndex);
  }

  /** Fault injection: the proxy's agent process dies. */
  killAgent(serverId: string): void {
    this.agents.kill(serverId);
  }

  close(): void {
    this.agents.stopAll();
  }

  async uninstallProxy(serverId: string, log: PlatformLog): Promise<void> {
    await this.agents.uninstall(serverId);
    await this.save((s) => {
      s.agents = s.agents.filter((a) => a.serverId !== serverId);
    });
    log('info', `Removed FerryAgent from ${this.state.topology.hosts.find((h) => h.id === serverId)?.name ?? serverId}`);
  }

  async createSnapshot(req: SnapshotRequest, log: PlatformLog): Promise<CreatedSnapshot> {
    const topo = this.state.topology;
    const vol = volumeOf(topo, req.volumeId);
    const host = topo.hosts.find((h) => h.id === req.hostId);
    if (!host) throw new FerryError(ErrorCode.SnapshotFailed, `Host ${req.hostId} is not in the lab`);
    const provider = this.providerFor(host, req, vol.path);
    const what = req.provider === 'hardware' ? 'transportable snapshot' : 'software snapshot (on-host only)';
    log('info', `${host.name}: creating ${what} of ${vol.path} (${provider}${req.applicationConsistent ? ', Hyper-V VSS writer' : ', crash-consistent'})`);
    const dest = snapshotDir(this.dataDir, req.snapshotId);
    const shadowId = `{${randomUUID()}}`;
    // Record first: a crash while copying still leaves a leftover that listLeftovers() finds.
    await this.save((s) => {
      s.snapshots.push({ id: req.snapshotId, volumeId: req.volumeId, hostId: req.hostId, vmIds: req.vmIds, shadowIds: [shadowId], provider, importedOn: null, exposedOn: null, createdAt: nowIso() });
    });
    const vms = topo.vms.filter((v) => v.volumeId === req.volumeId && req.vmIds.includes(v.id));
    // RCT references before and after the copy: a write racing it is in this increment and the next, never in none.
    const references = req.changeTracking ? await this.changeTracking.beforeCopy(vms) : undefined;
    for (const vm of vms) {
      for (let i = 0; i < vm.disks.length; i++) {
        const target = join(dest, diskRelPath(vm, i));
        await mkdir(dirname(target), { recursive: true });
        // FICLONE: copy-on-write clone where supported (btrfs/xfs), else a plain copy — either way point-in-time.
        await copyFile(liveDiskPath(this.dataDir, topo, vm, i), target, constants.COPYFILE_FICLONE);
      }
    }
    if (references) await this.changeTracking.afterCopy(req.snapshotId, vms);
    if (this.keepSnapshotCopiesIn) {
      // tests: what each snapshot held, kept after the snapshot is deleted (replica points are compared to it)
      for (const vm of vms) for (let i = 0; i < vm.disks.length; i++) {
        const copy = join(this.keepSnapshotCopiesIn, req.snapshotId, vm.id, `${i}.vhdx`);
        await mkdir(dirname(copy), { recursive: true });
        await copyFile(join(dest, diskRelPath(vm, i)), copy, constants.COPYFILE_FICLONE);
      }
    }
    // A fault here is the worst case: the copy exists on the SAN but the caller never learns its ids.
    await this.faults.gate('create', req.volumeId);
    await this.pause();
    // Running guests go on writing after the snapshot instant: the backup must not see these bytes.
    await this.simulateGuestWrites(vms.filter((v) => v.running).map((v) => v.id));
    return { snapshotId: req.snapshotId, shadowIds: [shadowId], provider, providerKind: req.provider, metadataRef: join(dest, 'backup.cab'), ...(references ? { references } : {}) };
  }

  /**
   * The provider that takes the snapshot, or the failure a real host reports before anything exists: no or a
   * failing hardware provider (fault 'hw-provider' on the volume), the Hyper-V writer failing for some VMs
   * (fault 'writer' on a VM; Hyper-V then backs up none of the set).
   */
  private providerFor(host: Host, req: SnapshotRequest, volumePath: string): string {
    let provider = LAB_SOFTWARE_PROVIDER;
    if (req.provider === 'hardware') {
      if (!host.vssHardwareProvider) throw new FerryError(ErrorCode.HardwareProviderFailed, `${host.name} has no VSS hardware provider for ${volumePath}`);
      if (this.faults.fire('hw-provider', [req.volumeId]).length > 0) {
        throw new FerryError(ErrorCode.HardwareProviderFailed, `${host.vssHardwareProvider} on ${host.name} refused the snapshot of ${volumePath} (VSS_E_PROVIDER_VETO; lab: injected hw-provider fault on ${req.volumeId})`);
      }
      provider = host.vssHardwareProvider;
    }
    if (req.applicationConsistent) {
      // a writer fault without a target fails the whole set the way DiskShadow reports it: the writer, no VM named
      if (this.faults.fireUntargeted('writer')) {
        throw new FerryError(ErrorCode.WriterFailed, 'the Hyper-V VSS writer failed (VSS_E_WRITERERROR_RETRYABLE; lab: injected writer fault)', { vmIds: req.vmIds.length === 1 ? [...req.vmIds] : [] });
      }
      const failed = this.faults.fire('writer', req.vmIds);
      if (failed.length > 0) {
        const names = failed.map((id) => this.state.topology.vms.find((v) => v.id === id)?.name ?? id).join(', ');
        throw new FerryError(ErrorCode.WriterFailed, `the Hyper-V VSS writer failed for ${names} (VSS_E_WRITERERROR_RETRYABLE; lab: injected writer fault)`, { vmIds: failed });
      }
    }
    return provider;
  }

  /** A software shadow copy lives in its host's diff area: no other server can import or mount it. */
  private assertReachable(rec: { provider: string; hostId: string }, serverId: string, step: 'import' | 'expose'): void {
    if (rec.provider !== LAB_SOFTWARE_PROVIDER || (step === 'expose' && serverId === rec.hostId)) return;
    const name = (id: string) => this.state.topology.hosts.find((h) => h.id === id)?.name ?? id;
    throw new FerryError(
      step === 'import' ? ErrorCode.ImportFailed : ErrorCode.ExposeFailed,
      `A software shadow copy (${LAB_SOFTWARE_PROVIDER}) of ${name(rec.hostId)} is not transportable: it cannot be ${step === 'import' ? 'imported' : 'exposed'} on ${name(serverId)}; process it on-host`,
    );
  }

  /** Writes a burst into the live disks of the given running VMs (guest activity). */
  async simulateGuestWrites(vmIds: string[]): Promise<void> {
    const topo = this.state.topology;
    const round = this.state.guestWriteRound + 1;
    for (const vm of topo.vms.filter((v) => vmIds.includes(v.id))) await this.changeTracking.writeBurst(topo, vm, round);
    await this.save((s) => {
      s.guestWriteRound = round;
    });
  }

  /** Test/demo hook: the guest of a VM rewrites about `percent` % of one of its disks (journaled like any guest write). */
  async guestWrite(vmId: string, diskIndex: number, percent: number): Promise<number> {
    const topo = this.state.topology;
    const vm = topo.vms.find((v) => v.id === vmId);
    if (!vm) throw new FerryError(ErrorCode.NotFound, `VM ${vmId} is not in the lab`);
    const round = this.state.guestWriteRound + 1;
    const bytes = await this.changeTracking.writeShare(topo, vm, diskIndex, percent, String(round));
    await this.save((s) => {
      s.guestWriteRound = round;
    });
    return bytes;
  }

  async changedRanges(snap: CreatedSnapshot, vmId: string, diskIndex: number, sinceReferenceId: string): Promise<ChangedRanges> {
    const vm = this.state.topology.vms.find((v) => v.id === vmId);
    if (!vm) return { ranges: null, reason: `VM ${vmId} is no longer in the lab` };
    if (!snap.references?.some((r) => r.vmId === vmId && r.diskIndex === diskIndex)) {
      return { ranges: null, reason: `snapshot ${snap.snapshotId} was taken without a change-tracking reference for this disk` };
    }
    return this.changeTracking.changedRanges(snap.snapshotId, vm, diskIndex, sinceReferenceId);
  }

  /** Lab references are per disk (no shared reference point), so `keep` needs no check here. */
  async retireChangeReferences(vmId: string, retire: readonly string[], _keep: readonly string[], log: PlatformLog): Promise<void> {
    const vm = this.state.topology.vms.find((v) => v.id === vmId);
    if (!vm || retire.length === 0) return;
    const removed = await this.changeTracking.retire(vm, retire);
    if (removed > 0) log('info', `${vm.name}: deleted ${removed} old change-tracking reference point(s) that no backup needs any more`);
  }

  async importSnapshot(snap: CreatedSnapshot, proxyServerId: string, log: PlatformLog): Promise<void> {
    const rec = this.record(snap.snapshotId);
    const topo = this.state.topology;
    const proxy = topo.hosts.find((h) => h.id === proxyServerId);
    const vol = volumeOf(topo, rec.volumeId);
    if (!proxy) throw new FerryError(ErrorCode.ImportFailed, `Proxy server ${proxyServerId} is not in the inventory`);
    this.assertReachable(rec, proxyServerId, 'import');
    await this.faults.gate('import', proxyServerId);
    if (this.faults.isSet('proxy-unreachable', proxyServerId)) throw new FerryError(ErrorCode.ImportFailed, `${proxy.name} is unreachable`);
    if (!proxy.visibleLuns.includes(vol.lun)) {
      throw new FerryError(ErrorCode.ImportFailed, `${proxy.name} cannot see ${vol.lun}: VSS_E_NO_SNAPSHOTS_IMPORTED (0x80042320)`);
    }
    log('info', `${proxy.name}: importing transportable snapshot ${snap.shadowIds[0]} from ${vol.lun} (load metadata, import)`);
    await this.pause();
    await this.save((s) => {
      const r = s.snapshots.find((x) => x.id === snap.snapshotId);
      if (r) r.importedOn = proxyServerId;
    });
  }

  async exposeSnapshot(snap: CreatedSnapshot, serverId: string, log: PlatformLog): Promise<ExposedSnapshot> {
    const rec = this.record(snap.snapshotId);
    const topo = this.state.topology;
    this.assertReachable(rec, serverId, 'expose');
    await this.faults.gate('expose', serverId);
    const server = topo.hosts.find((h) => h.id === serverId);
    const root = snapshotDir(this.dataDir, snap.snapshotId);
    // where a Windows proxy would mount it (the windows platform's layout), not the lab's folder on this machine
    const displayRoot = `C:\\ProgramData\\Ferry\\mounts\\${snap.snapshotId}`;
    log('info', `${server?.name ?? serverId}: exposing snapshot ${snap.shadowIds[0]} at ${displayRoot}`);
    await this.pause();
    await this.save((s) => {
      const r = s.snapshots.find((x) => x.id === snap.snapshotId);
      if (r) r.exposedOn = serverId;
    });
    // The guests are still running while the proxy reads: more writes land on the live disks, not the snapshot.
    await this.simulateGuestWrites(topo.vms.filter((v) => v.running && rec.vmIds.includes(v.id)).map((v) => v.id));
    const disks: ExposedSnapshot['disks'] = [];
    for (const vm of topo.vms.filter((v) => v.volumeId === rec.volumeId && rec.vmIds.includes(v.id))) {
      for (let i = 0; i < vm.disks.length; i++) disks.push({ vmId: vm.id, diskIndex: i, path: join(root, diskRelPath(vm, i)) });
    }
    return { root, displayRoot, disks };
  }

  async unexposeSnapshot(snapshotId: string, serverId: string, log: PlatformLog): Promise<void> {
    const rec = this.state.snapshots.find((x) => x.id === snapshotId);
    if (!rec || rec.exposedOn === null) return; // idempotent
    await this.faults.gate('unexpose', serverId);
    log('info', `${this.state.topology.hosts.find((h) => h.id === serverId)?.name ?? serverId}: unexposing snapshot ${rec.shadowIds[0]}`);
    await this.save((s) => {
      const r = s.snapshots.find((x) => x.id === snapshotId);
      if (r) r.exposedOn = null;
    });
  }

  async deleteSnapshot(snapshotId: string, log: PlatformLog): Promise<void> {
    await this.faults.gate('delete', snapshotId);
    const rec = this.state.snapshots.find((x) => x.id === snapshotId);
    await rm(snapshotDir(this.dataDir, snapshotId), { recursive: true, force: true });
    // the end-of-copy references answered this snapshot's questions only: like Hyper-V, one reference per backup stays
    await this.changeTracking.snapshotDeleted(snapshotId);
    if (!rec) return; // idempotent
    log('info', `Deleting shadow copy ${rec.shadowIds.join(', ')} on the storage`);
    await this.save((s) => {
      s.snapshots = s.snapshots.filter((x) => x.id !== snapshotId);
    });
  }

  async listLeftovers(): Promise<Leftover[]> {
    const out: Leftover[] = this.state.snapshots.map((r) => ({ snapshotId: r.id, shadowIds: r.shadowIds, where: `SAN ${volumeOf(this.state.topology, r.volumeId).lun}` }));
    // Folders without a record: a crash between copy and record update.
    const dirs = await readdir(snapshotsDir(this.dataDir)).catch(() => [] as string[]);
    for (const d of dirs) if (!out.some((o) => o.snapshotId === d)) out.push({ snapshotId: d, shadowIds: [], where: 'SAN (orphaned copy)' });
    return out;
  }

  /** For tests and the console's lab panel: snapshots currently on the simulated SAN. */
  snapshotsOnSan(): string[] {
    return this.state.snapshots.map((s) => s.id);
  }

  private record(snapshotId: string) {
    const rec = this.state.snapshots.find((x) => x.id === snapshotId);
    if (!rec) throw new FerryError(ErrorCode.NotFound, `Snapshot ${snapshotId} does not exist on the lab SAN`);
    return rec;
  }
}
