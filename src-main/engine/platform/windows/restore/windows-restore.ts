// The windows platform's side of restores (RestorePlatform): each step one generated snippet on the target host
// (restore-scripts.ts) through the executor; the disk data is written by the Ferry agent on that host. Quick
// rollback asks Hyper-V's GetVirtualDiskChanges on the live disk since the point's RCT id (rct-scripts.ts).
import { z } from 'zod';
import type { Inventory } from '../../../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import type { AgentEndpoint, ChangedRanges, PlatformLog } from '../../types';
import type { RegisterVmRequest, RestoredDiskFile, RestorePlatform, RestoreServerFacts } from '../../restore-types';
import type { ScriptRunner, Target } from '../exec/script-runner';
import { rctChangesPs } from '../rct/rct-scripts';
import { addClusterRolePs, attachDisksPs, createFolderPs, findVmPs, registerVmPs, removeFilesPs, renameFilePs, restoreFactsPs, startVmPs, stopVmPs, unregisterVmPs, vmStatePs } from './restore-scripts';

const Facts = z.object({
  VmPath: z.string(),
  Switches: z.array(z.string()).nullable().transform((s) => s ?? []),
  Volumes: z.array(z.object({ Path: z.string(), FreeBytes: z.number(), Csv: z.boolean(), Owner: z.string() })).nullable().transform((v) => v ?? []),
});
const VmRef = z.object({ Id: z.string().nullable(), State: z.string().optional() });
const Changes = z.object({ Code: z.number(), Offsets: z.array(z.number()).nullable(), Lengths: z.array(z.number()).nullable() }).passthrough();

export interface WindowsRestoreDeps {
  run: ScriptRunner;
  targetOf(serverId: string): Target;
  inventory(): Promise<Inventory>;
  agentEndpoint(serverId: string): Promise<AgentEndpoint | null>;
  timeoutMs: number;
}

export class WindowsRestore implements RestorePlatform {
  constructor(private readonly d: WindowsRestoreDeps) {}

  private ps(serverId: string, step: string, script: string): Promise<unknown> {
    return this.d.run.ps(this.d.targetOf(serverId), step, script, this.d.timeoutMs);
  }

  private async hostOf(vmId: string): Promise<{ hostId: string; name: string; disks: Inventory['vms'][number]['disks'] }> {
    const vm = (await this.d.inventory()).vms.find((v) => v.id.toLowerCase() === vmId.toLowerCase());
    if (!vm) throw new FerryError(ErrorCode.NotFound, `VM ${vmId} is not in the inventory`);
    return { hostId: vm.hostId, name: vm.name, disks: vm.disks };
  }

  async restoreServers(serverIds: readonly string[]): Promise<RestoreServerFacts[]> {
    const inv = await this.d.inventory();
    const out: RestoreServerFacts[] = [];
    for (const id of serverIds) {
      const cluster = inv.clusters.find((c) => c.id === id);
      const host = inv.hosts.find((h) => h.id === id);
      const ask = cluster ? cluster.nodeIds[0] : id;
      const name = cluster?.name ?? host?.name ?? id;
      const kind = cluster ? 'hyperv-cluster' : host?.hyperV ? 'hyperv-host' : 'windows-server';
      try {
        const f = Facts.parse(await this.ps(ask, 'restore target facts', restoreFactsPs({ cluster: cluster !== undefined })));
        const ownerId = (n: string) => inv.hosts.find((h) => h.name.toLowerCase() === n.toLowerCase())?.id ?? n.toLowerCase();
        const volumes = f.Volumes.filter((v) => !cluster || v.Csv).map((v) => ({ id: v.Path, path: v.Path, kind: v.Csv ? ('csv' as const) : ('local' as const), ownerHostId: v.Csv ? ownerId(v.Owner) : id, freeBytes: v.FreeBytes }));
        out.push({ serverId: id, name, kind, nodeIds: cluster?.nodeIds ?? [], defaultPath: cluster ? '' : f.VmPath, volumes, switches: kind === 'windows-server' ? [] : f.Switches, available: true, unavailableReason: null });
      } catch (e) {
        out.push({ serverId: id, name, kind, nodeIds: cluster?.nodeIds ?? [], defaultPath: '', volumes: [], switches: [], available: false, unavailableReason: FerryError.from(e).message });
      }
    }
    return out;
  }

  async findVmByName(serverId: string, name: string): Promise<{ vmId: string } | null> {
    const r = VmRef.parse(await this.ps(serverId, 'find VM', findVmPs({ name })));
    return r.Id ? { vmId: r.Id } : null;
  }

  async vmState(vmId: string): Promise<'Running' | 'Off' | null> {
    const { hostId } = await this.hostOf(vmId).catch(() => ({ hostId: '' }));
    if (!hostId) return null;
    const r = VmRef.parse(await this.ps(hostId, 'VM state', vmStatePs({ vmId })));
    return r.Id === null ? null : r.State === 'Off' ? 'Off' : 'Running';
  }

  async stopVm(vmId: string, log: PlatformLog): Promise<void> {
    const { hostId, name } = await this.hostOf(vmId);
    log('info', `${this.d.targetOf(hostId).name}: Stop-VM ${name} (shutdown, else turn off)`);
    await this.ps(hostId, 'stop VM', stopVmPs({ vmId }));
  }

  async startVm(vmId: string, log: PlatformLog): Promise<void> {
    const { hostId, name } = await this.hostOf(vmId);
    log('info', `${this.d.targetOf(hostId).name}: Start-VM ${name}`);
    await this.ps(hostId, 'start VM', startVmPs({ vmId }));
  }

  /** The agent on the host writes the path the host knows: nothing to translate. */
  moverPath(_serverId: string, hostPath: string): string {
    return hostPath;
  }

  async changedSince(vmId: string, diskIndex: number, referenceId: string): Promise<ChangedRanges> {
    const { hostId, disks } = await this.hostOf(vmId);
    const disk = disks.find((x) => x.index === diskIndex);
    if (!disk) return { ranges: null, reason: `the VM has no disk ${diskIndex} any more` };
    const r = Changes.parse(await this.ps(hostId, 'RCT changes', rctChangesPs({ path: disk.path, rctId: referenceId, virtualSize: disk.virtualSizeBytes })));
    if (r.Code !== 0 || !r.Offsets || !r.Lengths || r.Offsets.length !== r.Lengths.length) return { ranges: null, reason: `GetVirtualDiskChanges returned ${r.Code}` };
    const lengths = r.Lengths;
    return { ranges: r.Offsets.map((offset, i) => ({ offset, length: lengths[i] })) };
  }

  /** Hyper-V's RCT records the agent's writes itself. */
  async beforeInPlaceWrite(): Promise<void> {}

  /** A replaced VHDX has a new RCT identity: the next backup of it is a full (the engine's chain sees the reference gone). */
  async diskReplaced(): Promise<void> {}

  async registerVm(req: RegisterVmRequest, log: PlatformLog): Promise<void> {
    const vmcx = req.config.configFiles.find((f) => f.kind === 'vmcx');
    log('info', `${this.d.targetOf(req.hostId).name}: ${vmcx ? 'Compare-VM + Import-VM of the saved configuration' : 'New-VM from the saved settings'} as ${req.name}`);
    await this.ps(req.hostId, 'register VM', registerVmPs({ name: req.name, restoreId: req.vmId, keepId: false, path: req.path, config: req.config, disks: req.disks, switchPerNic: req.switchPerNic, vmcxPath: vmcx ? `${req.path}\\Virtual Machines\\${vmcx.name}` : null }));
  }

  async unregisterVm(vmId: string, log: PlatformLog): Promise<void> {
    for (const h of (await this.d.inventory()).hosts.filter((x) => x.hyperV)) {
      const r = z.object({ Removed: z.number() }).parse(await this.ps(h.id, 'unregister VM', unregisterVmPs({ restoreId: vmId })));
      if (r.Removed > 0) log('info', `${h.name}: Remove-VM of the half-restored VM ${vmId}`);
    }
  }

  async addClusterRole(clusterId: string, vmId: string, log: PlatformLog): Promise<void> {
    const inv = await this.d.inventory();
    const cluster = inv.clusters.find((c) => c.id === clusterId);
    const vm = inv.vms.find((v) => v.id === vmId);
    if (!cluster) throw new FerryError(ErrorCode.NotFound, `Cluster ${clusterId} is not in the inventory`);
    log('info', `${cluster.name}: Add-ClusterVirtualMachineRole ${vm?.name ?? vmId}`);
    await this.ps(vm?.hostId ?? cluster.nodeIds[0], 'cluster role', addClusterRolePs({ vmName: vm?.name ?? vmId }));
  }

  async attachDisks(vmId: string, disks: RestoredDiskFile[], log: PlatformLog): Promise<void> {
    const { hostId, name } = await this.hostOf(vmId);
    log('info', `${this.d.targetOf(hostId).name}: attaching ${disks.length} restored disk(s) to ${name}`);
    await this.ps(hostId, 'attach disks', attachDisksPs({ vmId, disks }));
  }

  async createFolder(serverId: string, path: string): Promise<void> {
    await this.ps(serverId, 'create folder', createFolderPs({ path }));
  }

  async renameFile(serverId: string, from: string, to: string, replace: boolean): Promise<void> {
    try {
      await this.ps(serverId, 'rename restored file', renameFilePs({ from, to, replace }));
    } catch (e) {
      if (/FERRY_EXISTS/.test(FerryError.from(e).message)) throw new FerryError(ErrorCode.Conflict, `${to} already exists: restores never overwrite it`);
      throw e;
    }
  }

  async removeFiles(serverId: string, hostPaths: readonly string[]): Promise<void> {
    if (hostPaths.length > 0) await this.ps(serverId, 'remove restore files', removeFilesPs({ paths: [...hostPaths] }));
  }

  async ensureRestoreMover(serverId: string): Promise<void> {
    if (await this.d.agentEndpoint(serverId)) return;
    throw new FerryError(ErrorCode.AgentUnreachable, `${this.d.targetOf(serverId).name} has no Ferry agent to write the restored disks`, {
      hint: 'Install the Ferry agent on the target server (Backup Infrastructure → Add off-host backup proxy installs it), then restore again.',
    });
  }
}
