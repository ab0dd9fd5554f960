// The plan of a virtual disks restore: chosen disks of a point attached to the original VM (replacing the disk at
// its controller location, VM off), to another VM (off; free SCSI locations), or written as VHDX files into a
// folder on a managed server — always by that server's data mover, under temp names until complete.
import type { Vm } from '../../../src-shared/domain';
import type { RestoreDisksRequest } from '../../../src-shared/contract/restore';
import type { VmDiskAttachment } from '../../../src-shared/vm-config';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { checkPointHealth, newCollector, pickPoint, pointDisks, serverFacts, toPlan, volumeFor } from './plan-common';
import type { Collector, PlanContext, Resolved, ResolvedDisk, ResolvedItem } from './restore-plan-types';
import { isAbsoluteWindowsPath, tempNameFor, winBase, winDir, winJoin } from './win-path';

export async function planDisksRestore(ctx: PlanContext, req: RestoreDisksRequest): Promise<Resolved> {
  const c = newCollector();
  const point = pickPoint(ctx, req.vmId, req.pointId);
  checkPointHealth(c, point, req.vmId);
  const all = pointDisks(point, req.vmId);
  const chosen = all.filter((d) => req.diskIndexes.includes(d.diskIndex));
  for (const i of req.diskIndexes) if (!all.some((d) => d.diskIndex === i)) c.blockers.push({ code: ErrorCode.NotFound, message: `Restore point ${point.id} has no disk ${i} of ${req.vmId}`, vmId: req.vmId });
  const vmName = all[0]?.vmName ?? req.vmId;
  const t = req.target;
  const item = t.kind === 'folder' ? await toFolder(ctx, c, t.serverId, t.path) : await toVm(ctx, c, t.kind === 'original-vm' ? req.vmId : t.vmId, t.kind, t.kind === 'other-vm' ? t.path : undefined);
  if (!item) return toPlan([], c);
  const savedAttach = (point.vms ?? []).find((v) => v.vmId === req.vmId)?.config?.disks ?? [];
  const free = freeScsiLocations(item.vm?.config?.disks ?? [], chosen.length);
  const disks: ResolvedDisk[] = chosen.map((d, k) => {
    const live = item.vm?.disks.find((x) => x.index === d.diskIndex);
    // the original VM: the disk file it has at that index is replaced (same path); otherwise a new file in the folder
    const targetPath = t.kind === 'original-vm' && live ? live.path : winJoin(item.folder, restoredName(winBase(d.sourcePath), vmName, d.diskIndex, t.kind === 'other-vm'));
    const attachment: VmDiskAttachment | null =
      t.kind === 'original-vm'
        ? (savedAttach.find((a) => a.diskIndex === d.diskIndex) ?? item.vm?.config?.disks.find((a) => a.diskIndex === d.diskIndex) ?? null)
        : t.kind === 'other-vm'
          ? { diskIndex: d.diskIndex, controllerType: 'SCSI', controllerNumber: 0, controllerLocation: free[k] ?? 63 - k }
          : null;
    const vol = item.facts ? volumeFor(item.facts, targetPath) : null;
    if (item.facts && !vol && t.kind !== 'folder' && isAbsoluteWindowsPath(targetPath)) c.blockers.push({ code: ErrorCode.InvalidParams, message: `${targetPath} is not on a volume of ${item.facts.name}`, vmId: req.vmId });
    return {
      diskIndex: d.diskIndex,
      diskKey: `${req.vmId}/${d.diskIndex}`,
      virtualSizeBytes: d.virtualSizeBytes,
      targetPath,
      tempPath: tempNameFor(targetPath, ctx.sessionId),
      write: 'new-file',
      ranges: null,
      bytesToWrite: d.virtualSizeBytes,
      quickRollback: null,
      attachment,
      volumePath: vol?.path ?? targetPath.slice(0, 3),
    };
  });
  if (t.kind === 'original-vm' && disks.some((d) => !d.attachment)) c.blockers.push({ code: ErrorCode.NotFound, message: `${vmName}'s controller location of a chosen disk is unknown: restore it to a folder`, vmId: req.vmId });
  const resolved: ResolvedItem = {
    vmId: req.vmId,
    vmName,
    point,
    mode: 'disks',
    disksTarget: t.kind,
    targetServerId: item.serverId,
    targetServerName: item.facts?.name ?? item.serverId,
    targetHostId: item.vm?.hostId ?? null,
    moverServerId: item.vm?.hostId ?? item.serverId,
    targetVmName: item.vm?.name ?? null,
    targetVmId: item.vm?.id ?? null,
    newVmId: false,
    vmFolder: item.folder,
    config: null,
    switchPerNic: [],
    network: [],
    clusterRoleOf: null,
    disks,
    originalVmState: item.vm?.state ?? null,
    warnings: [],
  };
  return toPlan([resolved], c);
}

interface DiskTargetInfo {
  serverId: string;
  facts: Awaited<ReturnType<typeof serverFacts>>;
  folder: string;
  vm: Vm | null;
}

async function toFolder(ctx: PlanContext, c: Collector, serverId: string, path: string): Promise<DiskTargetInfo | null> {
  const facts = await serverFacts(ctx, c, serverId);
  if (!facts) {
    c.blockers.push({ code: ErrorCode.NotFound, message: `${serverId} is not a managed server`, vmId: null });
    return null;
  }
  if (!facts.available) c.blockers.push({ code: ErrorCode.ServerUnreachable, message: facts.unavailableReason ?? `${facts.name} is unreachable`, vmId: null });
  if (!isAbsoluteWindowsPath(path)) c.blockers.push({ code: ErrorCode.InvalidParams, message: `${path} is not an absolute Windows path (like D:\\Restores)`, vmId: null });
  else if (!volumeFor(facts, path)) c.blockers.push({ code: ErrorCode.InvalidParams, message: `${path} is not on a volume of ${facts.name} (${facts.volumes.map((v) => v.path).join(', ')})`, vmId: null });
  return { serverId: facts.kind === 'hyperv-cluster' ? (facts.volumes.find((v) => path.toLowerCase().startsWith(v.path.toLowerCase()))?.ownerHostId ?? facts.nodeIds[0]) : serverId, facts, folder: path, vm: null };
}

async function toVm(ctx: PlanContext, c: Collector, vmId: string, kind: 'original-vm' | 'other-vm', path: string | undefined): Promise<DiskTargetInfo | null> {
  const vm = ctx.inventory.vms.find((v) => v.id === vmId);
  if (!vm) {
    c.blockers.push({ code: ErrorCode.NotFound, message: `VM ${vmId} does not exist${kind === 'original-vm' ? ' any more: restore the disks to a folder' : ''}`, vmId });
    return null;
  }
  const owner = ctx.managed.find((s) => s.id === vm.hostId || s.memberIds.includes(vm.hostId));
  const facts = owner ? await serverFacts(ctx, c, owner.id) : null;
  if (!facts) {
    c.blockers.push({ code: ErrorCode.NotFound, message: `The host of ${vm.name} is not a managed server`, vmId });
    return null;
  }
  const state = await ctx.platform.vmState(vmId);
  if (state === 'Running') c.blockers.push({ code: ErrorCode.VmRunning, message: `${vm.name} is running: shut it down first (disks are attached to a VM that is off)`, vmId });
  const folder = path ?? (vm.disks[0] ? winDir(vm.disks[0].path) : facts.defaultPath);
  return { serverId: facts.serverId, facts, folder, vm: { ...vm, state: state ?? vm.state } };
}

/** SCSI controller 0 locations no disk uses, lowest first. */
function freeScsiLocations(used: VmDiskAttachment[], count: number): number[] {
  const taken = new Set(used.filter((a) => a.controllerType === 'SCSI' && a.controllerNumber === 0).map((a) => a.controllerLocation));
  const out: number[] = [];
  for (let l = 0; l < 64 && out.length < count; l++) if (!taken.has(l)) out.push(l);
  return out;
}

function restoredName(sourceBase: string, vmName: string, index: number, forOtherVm: boolean): string {
  const base = /\.vhdx?$/i.test(sourceBase) ? sourceBase.replace(/\.vhdx?$/i, '') : `${vmName}_disk${index}`;
  return `${base}${forOtherVm ? '_restored' : ''}.vhdx`;
}
