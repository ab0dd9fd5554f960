// The plan of an entire-VM restore: to the original location (the VM off, its disks rewritten in place — only the
// changed blocks with quick rollback — or replaced whole under temp names), or to a new location (host or cluster,
// folder, name, VM id, network mapping, cluster role). Every check is collected, nothing is changed.
import type { RestoreVmRequest } from '../../../src-shared/contract/restore';
import { ErrorCode } from '../../../src-shared/contract/errors';
import type { RestoreServerFacts } from '../platform/restore-types';
import { newId } from '../util/ids';
import { checkPointHealth, newCollector, pickPoint, pointDisks, rollbackRanges, serverFacts, toPlan, volumeFor } from './plan-common';
import type { Collector, PlanContext, Resolved, ResolvedDisk, ResolvedItem } from './restore-plan-types';
import { isAbsoluteWindowsPath, tempNameFor, winBase, winJoin } from './win-path';

export async function planVmRestore(ctx: PlanContext, req: RestoreVmRequest): Promise<Resolved> {
  const c = newCollector();
  const items: ResolvedItem[] = [];
  for (const v of req.vms) {
    const point = pickPoint(ctx, v.vmId, v.pointId);
    checkPointHealth(c, point, v.vmId);
    const item = req.mode === 'original' ? await planOriginal(ctx, c, req, v.vmId, point) : await planNew(ctx, c, req, v, point);
    if (item) items.push(item);
  }
  const names = items.map((i) => `${i.targetServerId}/${(i.targetVmName ?? '').toLowerCase()}`);
  if (req.mode === 'new' && new Set(names).size !== names.length) c.blockers.push({ code: ErrorCode.VmNameExists, message: 'Two restored VMs would get the same name: give each its own', vmId: null });
  return toPlan(items, c);
}

async function planOriginal(ctx: PlanContext, c: Collector, req: RestoreVmRequest, vmId: string, point: ResolvedItem['point']): Promise<ResolvedItem | null> {
  const live = ctx.inventory.vms.find((v) => v.id === vmId);
  const disks = pointDisks(point, vmId);
  if (!live) {
    c.blockers.push({ code: ErrorCode.NotFound, message: `${disks[0]?.vmName ?? vmId} no longer exists on its host: restore it to a new location`, vmId });
    return null;
  }
  const owner = ctx.managed.find((s) => s.id === live.hostId || s.memberIds.includes(live.hostId));
  const facts = owner ? await serverFacts(ctx, c, owner.id) : null;
  if (!owner || !facts) {
    c.blockers.push({ code: ErrorCode.NotFound, message: `The host of ${live.name} is not a managed server`, vmId });
    return null;
  }
  if (!facts.available) c.blockers.push({ code: ErrorCode.ServerUnreachable, message: facts.unavailableReason ?? `${facts.name} is unreachable`, vmId });
  const state = await ctx.platform.vmState(vmId);
  const resolved: ResolvedDisk[] = [];
  for (const d of disks) {
    const liveDisk = live.disks.find((x) => x.index === d.diskIndex);
    if (!liveDisk) {
      c.blockers.push({ code: ErrorCode.NotFound, message: `${live.name} has no disk ${d.diskIndex} any more: restore it with Virtual disks restore`, vmId });
      continue;
    }
    const quick = req.quickRollback ? await rollbackRanges(ctx, vmId, d, liveDisk.virtualSizeBytes) : { ranges: null, reason: 'quick rollback was not asked for: full restore' };
    const inPlace = quick.ranges !== null;
    const vol = volumeFor(facts, liveDisk.path);
    resolved.push({
      diskIndex: d.diskIndex,
      diskKey: `${vmId}/${d.diskIndex}`,
      virtualSizeBytes: d.virtualSizeBytes,
      targetPath: liveDisk.path,
      tempPath: inPlace ? liveDisk.path : tempNameFor(liveDisk.path, ctx.sessionId),
      write: inPlace ? 'in-place' : 'new-file',
      ranges: quick.ranges,
      bytesToWrite: inPlace ? (quick.ranges ?? []).reduce((s, r) => s + r.length, 0) : d.virtualSizeBytes,
      quickRollback: { used: inPlace, reason: quick.reason },
      attachment: live.config?.disks.find((a) => a.diskIndex === d.diskIndex) ?? null,
      volumePath: vol?.path ?? liveDisk.path.slice(0, 3),
    });
  }
  const warnings = state === 'Running' ? [`${live.name} is running: it is turned off before its disks are rewritten`] : [];
  return {
    vmId,
    vmName: live.name,
    point,
    mode: 'original',
    disksTarget: null,
    targetServerId: owner.id,
    targetServerName: facts.name,
    targetHostId: live.hostId,
    moverServerId: live.hostId,
    targetVmName: live.name,
    targetVmId: vmId,
    newVmId: false,
    vmFolder: winDirOfDisks(resolved.map((d) => d.targetPath)),
    config: live.config ?? null,
    switchPerNic: (live.config?.nics ?? []).map((n) => n.switchName),
    network: (live.config?.nics ?? []).map((n) => ({ nicName: n.name, sourceSwitch: n.switchName, targetSwitch: n.switchName })),
    clusterRoleOf: null,
    disks: resolved,
    originalVmState: state,
    warnings,
  };
}

const winDirOfDisks = (paths: string[]): string => (paths[0] ? paths[0].slice(0, paths[0].lastIndexOf('\\')) : '');

/** The cluster's CSV with most free space, or the host's default VM path. */
function defaultFolder(facts: RestoreServerFacts): string {
  if (facts.kind === 'hyperv-cluster') {
    const csv = [...facts.volumes].filter((v) => v.kind === 'csv').sort((a, b) => b.freeBytes - a.freeBytes)[0];
    return csv ? winJoin(csv.path, 'Hyper-V') : '';
  }
  return facts.defaultPath;
}

async function planNew(ctx: PlanContext, c: Collector, req: RestoreVmRequest, v: RestoreVmRequest['vms'][number], point: ResolvedItem['point']): Promise<ResolvedItem | null> {
  const target = req.target;
  if (!target) return null;
  const disks = pointDisks(point, v.vmId);
  const vmName = disks[0]?.vmName ?? v.vmId;
  const saved = (point.vms ?? []).find((x) => x.vmId === v.vmId)?.config ?? null;
  if (!saved) c.blockers.push({ code: ErrorCode.NoVmConfig, message: `Restore point ${point.id} holds no configuration of ${vmName} (made by an older Ferry): use Virtual disks restore`, vmId: v.vmId });
  const facts = await serverFacts(ctx, c, target.serverId);
  if (!facts || facts.kind === 'windows-server') {
    c.blockers.push({ code: ErrorCode.InvalidParams, message: `${target.serverId} is not a managed Hyper-V host or cluster`, vmId: v.vmId });
    return null;
  }
  if (!facts.available) c.blockers.push({ code: ErrorCode.ServerUnreachable, message: facts.unavailableReason ?? `${facts.name} is unreachable`, vmId: v.vmId });
  const folder = target.path ?? defaultFolder(facts);
  const vol = isAbsoluteWindowsPath(folder) ? volumeFor(facts, folder) : null;
  if (!vol) {
    c.blockers.push({ code: ErrorCode.InvalidParams, message: `${folder || '(no path)'} is not on a volume of ${facts.name} (${facts.volumes.map((x) => x.path).join(', ')})`, vmId: v.vmId });
    return null;
  }
  const hostId = facts.kind === 'hyperv-cluster' ? vol.ownerHostId : facts.serverId;
  const name = v.newName ?? `${vmName}_restored`;
  if (await ctx.platform.findVmByName(facts.serverId, name)) c.blockers.push({ code: ErrorCode.VmNameExists, message: `${facts.name} already has a VM named ${name}: choose another name`, vmId: v.vmId });
  if (!target.newVmId && ctx.inventory.vms.some((x) => x.id === v.vmId)) {
    c.blockers.push({ code: ErrorCode.Conflict, message: `${vmName} still exists: keeping its VM id needs the original gone (or generate a new id)`, vmId: v.vmId });
  }
  const network = mapNetwork(c, facts, saved, target.networkMap, v.vmId);
  const vmFolder = winJoin(folder, name);
  const resolved: ResolvedDisk[] = disks.map((d) => {
    const targetPath = winJoin(vmFolder, 'Virtual Hard Disks', vhdxName(winBase(d.sourcePath), name, vmName, d.diskIndex));
    return {
      diskIndex: d.diskIndex,
      diskKey: `${v.vmId}/${d.diskIndex}`,
      virtualSizeBytes: d.virtualSizeBytes,
      targetPath,
      tempPath: tempNameFor(targetPath, ctx.sessionId),
      write: 'new-file',
      ranges: null,
      bytesToWrite: d.virtualSizeBytes,
      quickRollback: null,
      attachment: saved?.disks.find((a) => a.diskIndex === d.diskIndex) ?? { diskIndex: d.diskIndex, controllerType: 'SCSI', controllerNumber: 0, controllerLocation: d.diskIndex },
      volumePath: vol.path,
    };
  });
  const warnings = network.filter((n) => n.sourceSwitch !== null && n.targetSwitch === null).map((n) => `${n.nicName}: not connected (${facts.name} has no switch ${n.sourceSwitch} and no mapping was given)`);
  if (target.registerClusterRole && facts.kind !== 'hyperv-cluster') warnings.push(`${facts.name} is not a cluster: the VM is not registered as a cluster role`);
  return {
    vmId: v.vmId,
    vmName,
    point,
    mode: 'new',
    disksTarget: null,
    targetServerId: facts.serverId,
    targetServerName: facts.name,
    targetHostId: hostId,
    moverServerId: hostId,
    targetVmName: name,
    targetVmId: target.newVmId ? newId('vm') : v.vmId,
    newVmId: target.newVmId,
    vmFolder,
    config: saved,
    switchPerNic: network.map((n) => n.targetSwitch),
    network,
    clusterRoleOf: target.registerClusterRole && facts.kind === 'hyperv-cluster' ? facts.serverId : null,
    disks: resolved,
    originalVmState: null,
    warnings,
  };
}

/** The restored disk's file name: the source's, with the VM's old name replaced by the new one where it has it. */
function vhdxName(sourceBase: string, newName: string, oldName: string, index: number): string {
  const base = sourceBase.toLowerCase().endsWith('.vhdx') || sourceBase.toLowerCase().endsWith('.vhd') ? sourceBase.replace(/\.vhdx?$/i, '') : `disk${index}`;
  const renamed = base.toLowerCase().startsWith(oldName.toLowerCase()) ? `${newName}${base.slice(oldName.length)}` : base;
  return `${renamed}.vhdx`;
}

function mapNetwork(c: Collector, facts: RestoreServerFacts, config: ResolvedItem['config'], map: Array<{ sourceSwitch: string; targetSwitch: string | null }>, vmId: string): ResolvedItem['network'] {
  const has = (s: string) => facts.switches.some((x) => x.toLowerCase() === s.toLowerCase());
  return (config?.nics ?? []).map((nic) => {
    const m = nic.switchName === null ? undefined : map.find((x) => x.sourceSwitch.toLowerCase() === (nic.switchName as string).toLowerCase());
    if (m) {
      if (m.targetSwitch !== null && !has(m.targetSwitch)) {
        c.blockers.push({ code: ErrorCode.SwitchMissing, message: `${facts.name} has no virtual switch ${m.targetSwitch} (it has: ${facts.switches.join(', ') || 'none'})`, vmId });
      }
      return { nicName: nic.name, sourceSwitch: nic.switchName, targetSwitch: m.targetSwitch };
    }
    const same = nic.switchName !== null && has(nic.switchName) ? (facts.switches.find((x) => x.toLowerCase() === (nic.switchName as string).toLowerCase()) ?? null) : null;
    return { nicName: nic.name, sourceSwitch: nic.switchName, targetSwitch: same };
  });
}
