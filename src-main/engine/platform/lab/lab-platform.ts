// The embedded lab platform: simulated hosts, cluster, SAN and proxies over real VHDX files on local disk.
// A snapshot is a real point-in-time copy of the volume (reflink where the file system can, else a copy);
// running VMs keep writing to their live disks while a backup reads the snapshot.
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Inventory, ReadinessCheck, Vm } from '../../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { CreatedSnapshot, ExposedSnapshot, Leftover, Platform, PlatformLog, SnapshotRequest } from '../types';
import { VhdxWriter } from '../../vhdx';
import { nowIso, sleep } from '../../util/time';
import { guestWriteBurst } from './disk-content';
import { LabFaults } from './faults';
import type { LabAgents } from './lab-agents';
import { diskRelPath, liveDiskPath, snapshotDir, snapshotsDir, volumeOf, windowsDiskPath } from './lab-layout';
import { labFaultsFile, readLabState, writeLabState, type LabState } from './lab-state';
import { labReadiness } from './readiness';

export const LAB_AGENT_VERSION = '0.1.0';

export class LabPlatform implements Platform {
  readonly kind = 'lab' as const;
  readonly faults: LabFaults;
  private state: LabState;
  /** serialises lab.json updates */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    readonly dataDir: string,
    private readonly agents: LabAgents,
    private readonly opts: { stepDelayMs?: number } = {},
  ) {
    const s = readLabState(dataDir);
    if (!s) throw new FerryError(ErrorCode.NotFound, `No lab in ${dataDir}: run 'ferry lab init --data ${dataDir}'`);
    this.state = s;
    this.faults = new LabFaults(labFaultsFile(dataDir));
  }

  /** Small pause per step so a human can watch the lifecycle in the console; 0 in unit tests. */
  private pause(): Promise<void> {
    return sleep(this.opts.stepDelayMs ?? 0);
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
      vms.push({ id: spec.id, name: spec.name, hostId: spec.hostId, clusterId: spec.clusterId, state: spec.running ? 'Running' : 'Off', disks });
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
    return labReadiness(this.state.topology, serverId, reachable);
  }

  async installProxy(serverId: string, log: PlatformLog): Promise<void> {
    const server = this.state.topology.hosts.find((h) => h.id === serverId);
    if (!server) throw new FerryError(ErrorCode.NotFound, `Unknown server ${serverId}`);
    log('info', `Connecting to ${server.name} over WinRM`);
    await this.pause();
    this.faults.check('install', serverId);
    log('info', `Copying Ferry data mover agent ${LAB_AGENT_VERSION} to ${server.name}`);
    await this.pause();
    log('info', 'Registering service FerryAgent (automatic start)');
    await this.pause();
    const fingerprint = await this.agents.install(serverId, server.name);
    log('info', `Generated the agent's TLS certificate; SHA-256 fingerprint ${fingerprint} is pinned by the console, pairing token stored in the credential store`);
    await this.save((s) => {
      s.agents = s.agents.filter((a) => a.serverId !== serverId);
      s.agents.push({ serverId, version: LAB_AGENT_VERSION, installedAt: nowIso(), certFingerprint: fingerprint });
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
    log('info', `Removed FerryAgent from ${serverId}`);
  }

  async createSnapshot(req: SnapshotRequest, log: PlatformLog): Promise<CreatedSnapshot> {
    const topo = this.state.topology;
    const vol = volumeOf(topo, req.volumeId);
    const host = topo.hosts.find((h) => h.id === req.hostId);
    if (!host?.vssHardwareProvider) {
      throw new FerryError(ErrorCode.SnapshotFailed, `Host ${req.hostId} has no VSS hardware provider for ${vol.path}`);
    }
    log('info', `${host.name}: creating transportable snapshot of ${vol.path} (${host.vssHardwareProvider}${req.applicationConsistent ? ', Hyper-V VSS writer' : ', crash-consistent'})`);
    const dest = snapshotDir(this.dataDir, req.snapshotId);
    const shadowId = `{${randomUUID()}}`;
    // Record first: a crash while copying still leaves a leftover that listLeftovers() finds.
    await this.save((s) => {
      s.snapshots.push({ id: req.snapshotId, volumeId: req.volumeId, hostId: req.hostId, vmIds: req.vmIds, shadowIds: [shadowId], provider: host.vssHardwareProvider as string, importedOn: null, exposedOn: null, createdAt: nowIso() });
    });
    const vms = topo.vms.filter((v) => v.volumeId === req.volumeId && req.vmIds.includes(v.id));
    for (const vm of vms) {
      for (let i = 0; i < vm.disks.length; i++) {
        const target = join(dest, diskRelPath(vm, i));
        await mkdir(dirname(target), { recursive: true });
        // FICLONE: copy-on-write clone where supported (btrfs/xfs), else a plain copy — either way point-in-time.
        await copyFile(liveDiskPath(this.dataDir, topo, vm, i), target, constants.COPYFILE_FICLONE);
      }
    }
    // A fault here is the worst case: the copy exists on the SAN but the caller never learns its ids.
    await this.faults.gate('create', req.volumeId);
    await this.pause();
    // Running guests go on writing after the snapshot instant: the backup must not see these bytes.
    await this.simulateGuestWrites(vms.filter((v) => v.running).map((v) => v.id));
    return { snapshotId: req.snapshotId, shadowIds: [shadowId], provider: host.vssHardwareProvider, metadataRef: join(dest, 'backup.cab') };
  }

  /** Writes a burst into the live disks of the given running VMs (guest activity). */
  async simulateGuestWrites(vmIds: string[]): Promise<void> {
    const topo = this.state.topology;
    const round = this.state.guestWriteRound + 1;
    for (const vm of topo.vms.filter((v) => vmIds.includes(v.id))) {
      const w = await VhdxWriter.open(liveDiskPath(this.dataDir, topo, vm, 0));
      try {
        for (const b of guestWriteBurst(vm.id, round, vm.disks[0].virtualMiB)) await w.write(b.offset, b.data);
      } finally {
        await w.close();
      }
    }
    await this.save((s) => {
      s.guestWriteRound = round;
    });
  }

  async importSnapshot(snap: CreatedSnapshot, proxyServerId: string, log: PlatformLog): Promise<void> {
    const rec = this.record(snap.snapshotId);
    const topo = this.state.topology;
    const proxy = topo.hosts.find((h) => h.id === proxyServerId);
    const vol = volumeOf(topo, rec.volumeId);
    if (!proxy) throw new FerryError(ErrorCode.ImportFailed, `Proxy server ${proxyServerId} is not in the inventory`);
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
    await this.faults.gate('expose', serverId);
    const server = topo.hosts.find((h) => h.id === serverId);
    const root = snapshotDir(this.dataDir, snap.snapshotId);
    log('info', `${server?.name ?? serverId}: exposing snapshot ${snap.shadowIds[0]} at ${root}`);
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
    return { root, disks };
  }

  async unexposeSnapshot(snapshotId: string, serverId: string, log: PlatformLog): Promise<void> {
    const rec = this.state.snapshots.find((x) => x.id === snapshotId);
    if (!rec || rec.exposedOn === null) return; // idempotent
    await this.faults.gate('unexpose', serverId);
    log('info', `${serverId}: unexposing snapshot ${rec.shadowIds[0]}`);
    await this.save((s) => {
      const r = s.snapshots.find((x) => x.id === snapshotId);
      if (r) r.exposedOn = null;
    });
  }

  async deleteSnapshot(snapshotId: string, log: PlatformLog): Promise<void> {
    await this.faults.gate('delete', snapshotId);
    const rec = this.state.snapshots.find((x) => x.id === snapshotId);
    await rm(snapshotDir(this.dataDir, snapshotId), { recursive: true, force: true });
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
