// The lab's side of restores: target facts (volumes with real free space, switches, default paths), VM state,
// registering a restored VM into the topology (it then shows in Inventory on its host), disk attachment, the
// RCT journal for quick rollback, and where the target's data mover writes (Windows path → the lab's folder).
import { link, mkdir, rename, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { ChangedRanges, PlatformLog } from '../types';
import type { RegisterVmRequest, RestoredDiskFile, RestorePlatform, RestoreServerFacts, RestoreVolumeFacts } from '../restore-types';
import { labDir } from './lab-state';
import { lunDir } from './lab-layout';
import { labDefaultVmPath, labHostSwitches, labVmConfig } from './lab-vm-config';
import type { LabPlatform } from './lab-platform';
import type { LabTopology, LabVmSpec } from './topology';

const MiB = 1024 * 1024;

/** X:\a\b → ['X', ['a','b']]; refuses relative paths and '..' (a path is where an admin's VM goes, nothing else). */
export function splitWindowsPath(path: string): { drive: string; parts: string[] } {
  const m = /^([A-Za-z]):\\(.*)$/.exec(path.trim());
  if (!m) throw new FerryError(ErrorCode.InvalidParams, `${path} is not an absolute Windows path (like D:\\Hyper-V)`);
  const parts = m[2].split('\\').filter((p) => p.length > 0);
  if (parts.some((p) => p === '..' || p === '.' || /[<>:"|?*/]/.test(p))) throw new FerryError(ErrorCode.InvalidParams, `${path}: invalid folder name`);
  return { drive: m[1].toUpperCase(), parts };
}

const lower = (s: string) => s.toLowerCase();

export class LabRestore implements RestorePlatform {
  constructor(private readonly lab: LabPlatform) {}

  private get topo(): LabTopology {
    return this.lab.topology;
  }

  private vm(vmId: string): LabVmSpec {
    const vm = this.topo.vms.find((v) => v.id === vmId);
    if (!vm) throw new FerryError(ErrorCode.NotFound, `VM ${vmId} does not exist in the lab`);
    return vm;
  }

  private hostName(id: string): string {
    return this.topo.hosts.find((h) => h.id === id)?.name ?? id;
  }

  /** Volumes a server writes: a standalone host its local LUNs, a cluster (or node) its CSVs. */
  private volumesOf(serverId: string): LabTopology['volumes'] {
    const cluster = this.topo.clusters.find((c) => c.id === serverId || c.nodeIds.includes(serverId));
    if (cluster) return this.topo.volumes.filter((v) => v.clusterId === cluster.id);
    return this.topo.volumes.filter((v) => v.kind === 'local' && v.ownerHostId === serverId);
  }

  /** Volume size minus what its files use, and never more than the lab's own disk has free. */
  private async freeOf(vol: LabTopology['volumes'][number]): Promise<number> {
    const inv = await this.lab.inventory();
    const used = inv.volumes.find((v) => v.id === vol.id)?.usedBytes ?? 0;
    const fs = await statfs(labDir(this.lab.dataDir)).catch(() => null);
    const real = fs ? fs.bavail * fs.bsize : Number.MAX_SAFE_INTEGER;
    return Math.max(0, Math.min(vol.sizeBytes - used, real));
  }

  async restoreServers(serverIds: readonly string[]): Promise<RestoreServerFacts[]> {
    const out: RestoreServerFacts[] = [];
    for (const id of serverIds) {
      const cluster = this.topo.clusters.find((c) => c.id === id);
      const host = this.topo.hosts.find((h) => h.id === id);
      if (!cluster && !host) continue;
      const down = this.lab.faults.isSet('proxy-unreachable', id);
      const volumes: RestoreVolumeFacts[] = [];
      for (const v of this.volumesOf(id)) volumes.push({ id: v.id, path: v.path, kind: v.kind, ownerHostId: v.ownerHostId, freeBytes: await this.freeOf(v) });
      const kind = cluster ? 'hyperv-cluster' : host?.role === 'hyperv-host' ? 'hyperv-host' : 'windows-server';
      const nodeIds = cluster?.nodeIds ?? [];
      // a cluster: the switches every node has (a VM must find its switch on whichever node it moves to)
      const switches = cluster ? labHostSwitches(nodeIds[0]).filter((s) => nodeIds.every((n) => labHostSwitches(n).includes(s))) : kind === 'hyperv-host' ? labHostSwitches(id) : [];
      const fsFree = await statfs(labDir(this.lab.dataDir)).catch(() => null);
      // a plain server's own disks (C:, D:): a folder restore writes there; free space is the lab machine's real one
      if (kind === 'windows-server') for (const d of ['C', 'D']) volumes.push({ id: `${id}-${d.toLowerCase()}`, path: `${d}:\\`, kind: 'local', ownerHostId: id, freeBytes: fsFree ? fsFree.bavail * fsFree.bsize : 0 });
      out.push({
        serverId: id,
        name: cluster?.name ?? host?.name ?? id,
        kind,
        nodeIds,
        defaultPath: kind === 'hyperv-host' ? (labDefaultVmPath(this.topo, id) ?? '') : '',
        volumes,
        switches,
        available: !down,
        unavailableReason: down ? `${cluster?.name ?? host?.name} is unreachable` : null,
      });
    }
    return out;
  }

  async findVmByName(serverId: string, name: string): Promise<{ vmId: string } | null> {
    const cluster = this.topo.clusters.find((c) => c.id === serverId || c.nodeIds.includes(serverId));
    const scope = (vm: LabVmSpec) => (cluster ? vm.clusterId === cluster.id : vm.hostId === serverId);
    const hit = this.topo.vms.find((v) => scope(v) && lower(v.name) === lower(name));
    return hit ? { vmId: hit.id } : null;
  }

  async vmState(vmId: string): Promise<'Running' | 'Off' | null> {
    const vm = this.topo.vms.find((v) => v.id === vmId);
    if (!vm || this.lab.faults.isSet('proxy-unreachable', vm.hostId)) return null;
    return vm.running ? 'Running' : 'Off';
  }

  async stopVm(vmId: string, log: PlatformLog): Promise<void> {
    const vm = this.vm(vmId);
    await this.lab.faults.gate('restore-power-off', vmId);
    if (!vm.running) return;
    log('info', `${this.hostName(vm.hostId)}: Stop-VM ${vm.name} -TurnOff (original-location restore)`);
    await this.lab.updateTopology((t) => {
      const v = t.vms.find((x) => x.id === vmId);
      if (v) v.running = false;
    });
  }

  async startVm(vmId: string, log: PlatformLog): Promise<void> {
    const vm = this.vm(vmId);
    await this.lab.faults.gate('restore-power-on', vmId);
    log('info', `${this.hostName(vm.hostId)}: Start-VM ${vm.name}`);
    await this.lab.updateTopology((t) => {
      const v = t.vms.find((x) => x.id === vmId);
      if (v) v.running = true;
    });
  }

  /** The volume a Windows path lies on among the server's, with the path relative to its root; null = not on a SAN volume. */
  private onVolume(serverId: string, hostPath: string): { vol: LabTopology['volumes'][number]; rel: string[] } | null {
    const { drive, parts } = splitWindowsPath(hostPath);
    // only the server's own SAN volumes (a proxy's D:\ is its own disk, not a host's LUN); longest root first
    for (const vol of [...this.volumesOf(serverId)].sort((a, b) => b.path.length - a.path.length)) {
      const root = splitWindowsPath(vol.path);
      if (root.drive !== drive) continue;
      if (root.parts.every((p, i) => lower(parts[i] ?? '') === lower(p))) return { vol, rel: parts.slice(root.parts.length) };
    }
    return null;
  }

  moverPath(serverId: string, hostPath: string): string {
    const on = this.onVolume(serverId, hostPath);
    if (on) return join(lunDir(this.lab.dataDir, on.vol.lun), ...on.rel);
    // a folder on a server's own disk (folder restores to a Windows server): lab/servers/<id>/<drive>/…
    const { drive, parts } = splitWindowsPath(hostPath);
    return join(labDir(this.lab.dataDir), 'servers', serverId, drive, ...parts);
  }

  async changedSince(vmId: string, diskIndex: number, referenceId: string): Promise<ChangedRanges> {
    const vm = this.topo.vms.find((v) => v.id === vmId);
    if (!vm?.disks[diskIndex]) return { ranges: null, reason: `${vmId} has no disk ${diskIndex} any more` };
    const answer = await this.lab.changeTracking.journal.changesSince(vmId, diskIndex, referenceId);
    if (answer.ranges === null) return answer;
    const size = vm.disks[diskIndex].virtualMiB * MiB;
    return { ranges: answer.ranges.filter((r) => r.offset < size).map((r) => ({ offset: r.offset, length: Math.min(r.length, size - r.offset) })) };
  }

  async beforeInPlaceWrite(vmId: string, diskIndex: number, ranges: ReadonlyArray<{ offset: number; length: number }>): Promise<void> {
    // journal first, data after (the rct-journal rule): a later backup's increment includes what the rollback wrote
    await this.lab.changeTracking.journal.guestWrite(vmId, diskIndex, ranges, async () => undefined);
  }

  async diskReplaced(vmId: string, diskIndex: number): Promise<void> {
    await this.lab.changeTracking.journal.reset(vmId, diskIndex);
  }

  async registerVm(req: RegisterVmRequest, log: PlatformLog): Promise<void> {
    await this.lab.faults.gate('restore-register', req.hostId);
    const host = this.topo.hosts.find((h) => h.id === req.hostId);
    if (!host) throw new FerryError(ErrorCode.NotFound, `Host ${req.hostId} is not in the lab`);
    if (this.topo.vms.some((v) => v.id === req.vmId)) throw new FerryError(ErrorCode.Conflict, `A VM with id ${req.vmId} already exists`);
    const placed = req.disks.map((d) => this.onVolume(req.hostId, d.path));
    const first = placed[0];
    if (!first || placed.some((p) => !p || p.vol.id !== first.vol.id)) throw new FerryError(ErrorCode.InvalidParams, `The disks of ${req.name} must lie on one volume of ${host.name}`);
    const switches = labHostSwitches(req.hostId);
    const config = { ...req.config, nics: req.config.nics.map((n, i) => ({ ...n, switchName: req.switchPerNic[i] ?? null })) };
    for (const s of config.nics) if (s.switchName && !switches.includes(s.switchName)) throw new FerryError(ErrorCode.SwitchMissing, `${host.name} has no virtual switch ${s.switchName}`);
    log('info', `${host.name}: New-VM ${req.name} (generation ${config.generation}, ${config.processorCount} vCPU, ${config.memory.startupBytes / MiB} MB) with ${req.disks.length} disk(s) in ${req.path}`);
    const sizes = await Promise.all(req.disks.map(async (d) => ({ virtualMiB: await this.virtualMiBOf(req.hostId, d.path), dataMiB: 0 })));
    await this.lab.updateTopology((t) => {
      t.vms.push({
        id: req.vmId,
        name: req.name,
        hostId: req.hostId,
        clusterId: host.clusterId,
        volumeId: first.vol.id,
        running: false,
        disks: sizes,
        config: { ...config, disks: req.disks.map((d) => d.attachment) },
        diskPaths: placed.map((p) => (p as { rel: string[] }).rel.join('/')),
      });
    });
  }

  private async virtualMiBOf(serverId: string, hostPath: string): Promise<number> {
    const { openDisk } = await import('../../vhdx');
    const disk = await openDisk(this.moverPath(serverId, hostPath));
    try {
      return Math.ceil(disk.virtualSize / MiB);
    } finally {
      await disk.close();
    }
  }

  async unregisterVm(vmId: string, log: PlatformLog): Promise<void> {
    const vm = this.topo.vms.find((v) => v.id === vmId);
    if (!vm) return;
    log('info', `${this.hostName(vm.hostId)}: Remove-VM ${vm.name} -Force (its files stay)`);
    await this.lab.updateTopology((t) => {
      t.vms = t.vms.filter((v) => v.id !== vmId);
    });
  }

  async addClusterRole(clusterId: string, vmId: string, log: PlatformLog): Promise<void> {
    await this.lab.faults.gate('restore-cluster-role', clusterId);
    const vm = this.vm(vmId);
    const cluster = this.topo.clusters.find((c) => c.id === clusterId);
    if (!cluster || vm.clusterId !== clusterId) throw new FerryError(ErrorCode.InvalidParams, `${vm.name} is not on a node of cluster ${clusterId}`);
    log('info', `${cluster.name}: Add-ClusterVirtualMachineRole -VMName ${vm.name}`);
  }

  async attachDisks(vmId: string, disks: RestoredDiskFile[], log: PlatformLog): Promise<void> {
    const vm = this.vm(vmId);
    await this.lab.faults.gate('restore-register', vm.hostId);
    const placed = disks.map((d) => this.onVolume(vm.hostId, d.path));
    if (placed.some((p) => !p || p.vol.id !== vm.volumeId)) throw new FerryError(ErrorCode.InvalidParams, `The lab keeps a VM's disks on its own volume: restore ${vm.name}'s disks under ${this.topo.volumes.find((v) => v.id === vm.volumeId)?.path}`);
    const config = labVmConfig(vm);
    const sizes = await Promise.all(disks.map((d) => this.virtualMiBOf(vm.hostId, d.path)));
    await this.lab.updateTopology((t) => {
      const v = t.vms.find((x) => x.id === vmId);
      if (!v) return;
      const paths = v.disks.map((_, i) => v.diskPaths?.[i] ?? `Hyper-V/${v.name}/Virtual Hard Disks/${i === 0 ? `${v.name}.vhdx` : `${v.name}_disk${i}.vhdx`}`);
      const attach = [...config.disks];
      disks.forEach((d, k) => {
        const rel = (placed[k] as { rel: string[] }).rel.join('/');
        const at = attach.findIndex((a) => a.controllerType === d.attachment.controllerType && a.controllerNumber === d.attachment.controllerNumber && a.controllerLocation === d.attachment.controllerLocation);
        const index = at >= 0 ? attach[at].diskIndex : v.disks.length;
        log('info', `${this.hostName(v.hostId)}: ${at >= 0 ? 'Set-VMHardDiskDrive' : 'Add-VMHardDiskDrive'} ${v.name} ${d.attachment.controllerType} ${d.attachment.controllerNumber}:${d.attachment.controllerLocation} → ${d.path}`);
        v.disks[index] = { virtualMiB: sizes[k], dataMiB: 0 };
        paths[index] = rel;
        if (at < 0) attach.push({ ...d.attachment, diskIndex: index });
      });
      v.diskPaths = paths;
      v.config = { ...config, disks: attach };
    });
  }

  async createFolder(serverId: string, path: string, log: PlatformLog): Promise<void> {
    await this.lab.faults.gate('restore-prepare', serverId);
    log('info', `${this.hostName(serverId)}: New-Item -ItemType Directory ${path}`);
    await mkdir(this.moverPath(serverId, path), { recursive: true });
  }

  async renameFile(serverId: string, from: string, to: string, replace: boolean, log: PlatformLog): Promise<void> {
    const src = this.moverPath(serverId, from);
    const dst = this.moverPath(serverId, to);
    log('info', `${this.hostName(serverId)}: Move-Item ${from} ${to}${replace ? ' -Force' : ''}`);
    if (replace) {
      await rename(src, dst);
      return;
    }
    // link + unlink: never replaces a file that appeared meanwhile (rename would)
    try {
      await link(src, dst);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new FerryError(ErrorCode.Conflict, `${to} already exists on ${this.hostName(serverId)}: restores never overwrite it`);
      throw e;
    }
    await rm(src, { force: true });
  }

  /** Files a failed restore leaves behind (temp names) are removed by the engine through this. */
  async removeFiles(serverId: string, hostPaths: readonly string[]): Promise<void> {
    for (const p of hostPaths) await rm(this.moverPath(serverId, p), { force: true });
  }

  async ensureRestoreMover(serverId: string, log: PlatformLog): Promise<void> {
    if (this.lab.hasAgent(serverId)) return;
    log('info', `${this.hostName(serverId)} has no Ferry data mover yet: installing it for restores`);
    await this.lab.installProxy(serverId, log);
  }
}
