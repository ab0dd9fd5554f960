// The steps of one VM's restore on its target, in order, each recorded in the ledger before it changes anything:
//   original: power off → prepare → write (in place: only changed ranges; else temp files) → swap in → power on
//   new:      prepare (folder) → write temp files → rename → register (network mapped) → cluster role → power on
//   disks:    prepare (VM off, folder) → write temp files → rename → attach to the VM (or leave in the folder)
// and the undo a failure or stop runs: unregister a half-registered VM, remove temp files (and new files of a VM
// that never got registered), and say exactly what the target is left as.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { RestoreStep } from '../../../src-shared/contract/restore';
import type { DiskWriter, RestoreTaskEvent } from '../datamover/restore-task';
import type { PlatformLog } from '../platform/types';
import type { RestorePlatform, RestoredDiskFile } from '../platform/restore-types';
import { fmtBytes } from '../util/format';
import { filesToRemove, type LedgerItem, type RestoreLedger } from './restore-ledger';
import type { ResolvedDisk, ResolvedItem } from './restore-plan-types';
import { winDir } from './win-path';

export interface StepContext {
  item: ResolvedItem;
  ledger: RestoreLedger;
  platform: RestorePlatform;
  writer: DiskWriter;
  repositoryDir: string;
  signal: AbortSignal;
  powerOn: boolean;
  log: PlatformLog;
  step(step: RestoreStep): void;
  diskProgress(diskIndex: number, state: 'Writing' | 'Written' | 'Failed' | 'Stopped', bytesWritten: number, bytesDone: number): void;
  /** what the target is left as, in words (kept on the item's facts) */
  targetState(text: string): void;
  /** the VM id on the target once registered */
  restoredVmId(id: string): void;
}

const DISKS_AT_ONCE = 2;

function checkStop(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof FerryError ? signal.reason : new FerryError(ErrorCode.Cancelled, 'Stopped by the user');
}

/** Runs one item's steps; returns warnings (a VM restored but not started is a Warning, not a failure). */
export async function runItem(c: StepContext): Promise<string[]> {
  const { item } = c;
  if (item.mode === 'original') return runOriginal(c);
  if (item.mode === 'new') return runNew(c);
  return runDisks(c);
}

async function runOriginal(c: StepContext): Promise<string[]> {
  const { item, platform } = c;
  const vmId = item.vmId;
  c.step('power-off');
  const state = await platform.vmState(vmId);
  if (state === null) throw new FerryError(ErrorCode.NotFound, `${item.vmName} no longer answers on its host: nothing was changed`);
  // always asked (an off VM stays off): the host confirms the VM is off before its disks are touched
  await platform.stopVm(vmId, c.log);
  if (state === 'Running') c.log('info', `${item.vmName} was running: turned off for the restore`);
  c.targetState(`${item.vmName} is off${state === 'Running' ? ' (turned off for the restore)' : ''}; its disks are unchanged`);
  checkStop(c.signal);
  await prepare(c, item.disks.map((d) => winDir(d.targetPath)));
  await writeDisks(c);
  checkStop(c.signal);
  c.step('register');
  await commitFiles(c, true);
  for (const d of item.disks) if (d.write === 'new-file') await platform.diskReplaced(vmId, d.diskIndex);
  const written = item.disks.reduce((s, d) => s + d.bytesToWrite, 0);
  const how = item.disks.every((d) => d.write === 'in-place') ? `quick rollback wrote ${fmtBytes(written)}` : `${fmtBytes(written)} written`;
  c.targetState(`${item.vmName}: disks restored to the point of ${item.point.createdAt} (${how}); the VM is off`);
  return powerOnStep(c, vmId, `${item.vmName}: disks restored to the point of ${item.point.createdAt} (${how})`);
}

async function runNew(c: StepContext): Promise<string[]> {
  const { item, platform, ledger } = c;
  const li = ledger.item(item.vmId);
  if (!item.config || !item.targetHostId || !item.targetVmId || !item.targetVmName) throw new FerryError(ErrorCode.NoVmConfig, `No configuration to register ${item.vmName} with`);
  c.targetState(`nothing was created on ${item.targetServerName} yet`);
  await prepare(c, [...new Set(item.disks.map((d) => winDir(d.targetPath)))]);
  await writeDisks(c);
  checkStop(c.signal);
  c.step('register');
  await commitFiles(c, false);
  li.registeringVmId = item.targetVmId;
  ledger.save();
  const disks: RestoredDiskFile[] = item.disks.map((d) => ({ diskIndex: d.diskIndex, path: d.targetPath, attachment: d.attachment ?? { diskIndex: d.diskIndex, controllerType: 'SCSI', controllerNumber: 0, controllerLocation: d.diskIndex } }));
  await platform.registerVm({ hostId: item.targetHostId, name: item.targetVmName, vmId: item.targetVmId, path: item.vmFolder, config: item.config, disks, switchPerNic: item.switchPerNic }, c.log);
  c.restoredVmId(item.targetVmId);
  checkStop(c.signal);
  for (const n of item.network) c.log('info', `${n.nicName}: ${n.sourceSwitch ?? 'not connected'} → ${n.targetSwitch ?? 'not connected'}`);
  c.targetState(`${item.targetVmName} is registered on ${item.targetServerName} (off) but not complete yet`);
  if (item.clusterRoleOf) {
    c.step('cluster-role');
    await platform.addClusterRole(item.clusterRoleOf, item.targetVmId, c.log);
    checkStop(c.signal);
  }
  // from here the VM is complete: a failure to start it leaves it registered (a Warning), never undone
  li.done = true;
  ledger.save();
  c.targetState(`${item.targetVmName} is registered on ${item.targetServerName}${item.clusterRoleOf ? ' as a cluster role' : ''}; it is off`);
  return powerOnStep(c, item.targetVmId, `${item.targetVmName} is registered on ${item.targetServerName}`);
}

async function runDisks(c: StepContext): Promise<string[]> {
  const { item, platform } = c;
  c.step('check');
  if (item.targetVmId) {
    const state = await platform.vmState(item.targetVmId);
    if (state === 'Running') throw new FerryError(ErrorCode.VmRunning, `${item.targetVmName} is running: shut it down, then restore the disks again`);
    if (state === null) throw new FerryError(ErrorCode.NotFound, `${item.targetVmName} no longer answers on its host`);
  }
  c.targetState(`nothing was changed on ${item.targetServerName}`);
  await prepare(c, [item.vmFolder, ...item.disks.map((d) => winDir(d.targetPath))]);
  await writeDisks(c);
  c.step('register');
  const replace = item.disksTarget === 'original-vm';
  await commitFiles(c, replace);
  if (item.targetVmId) {
    const files: RestoredDiskFile[] = item.disks.map((d) => ({ diskIndex: d.diskIndex, path: d.targetPath, attachment: d.attachment as NonNullable<ResolvedDisk['attachment']> }));
    await platform.attachDisks(item.targetVmId, files, c.log);
    if (replace) for (const d of item.disks) await platform.diskReplaced(item.targetVmId, d.diskIndex);
  }
  c.ledger.item(item.vmId).done = true;
  c.ledger.save();
  const where = item.targetVmId ? `attached to ${item.targetVmName}${replace ? ' in place of its disks' : ''}` : `in ${item.vmFolder} on ${item.targetServerName}`;
  c.targetState(`${item.disks.length} disk(s) of ${item.vmName} restored ${where}`);
  c.step('done');
  return [];
}

async function prepare(c: StepContext, folders: string[]): Promise<void> {
  c.step('prepare');
  await c.platform.ensureRestoreMover(c.item.moverServerId, c.log);
  for (const f of [...new Set(folders)]) await c.platform.createFolder(c.item.moverServerId, f, c.log);
  checkStop(c.signal);
}

async function powerOnStep(c: StepContext, vmId: string, restored: string): Promise<string[]> {
  if (!c.powerOn) {
    c.step('done');
    return [];
  }
  c.step('power-on');
  try {
    await c.platform.startVm(vmId, c.log);
    c.targetState(`${restored}; the VM is running`);
    c.step('done');
    return [];
  } catch (e) {
    const why = FerryError.from(e).message;
    c.targetState(`${restored}; it could not be started (${why}): start it on its host`);
    c.step('done');
    return [`The VM was restored but did not start: ${why}`];
  }
}

/** Writes every disk (DISKS_AT_ONCE in parallel); in place: change tracking hears of the ranges first. */
async function writeDisks(c: StepContext): Promise<void> {
  c.step('write');
  const queue = [...c.item.disks];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) await writeDisk(c, d);
  };
  await Promise.all(Array.from({ length: Math.min(DISKS_AT_ONCE, queue.length) }, worker));
}

async function writeDisk(c: StepContext, d: ResolvedDisk): Promise<void> {
  checkStop(c.signal);
  const { item, platform } = c;
  if (d.write === 'in-place') {
    await platform.beforeInPlaceWrite(item.vmId, d.diskIndex, d.ranges ?? []);
    c.log('info', `Disk ${d.diskIndex}: quick rollback writes back ${fmtBytes(d.bytesToWrite)} in ${(d.ranges ?? []).length} changed range(s) (${d.quickRollback?.reason})`);
  } else {
    c.log('info', `Disk ${d.diskIndex}: writing ${fmtBytes(d.virtualSizeBytes)} to ${d.tempPath} (renamed to ${d.targetPath} when complete)`);
  }
  c.diskProgress(d.diskIndex, 'Writing', 0, 0);
  const onEvent = (e: RestoreTaskEvent) => {
    if (e.type === 'log') c.log(e.level, `Disk ${d.diskIndex}: ${e.text}`);
    else c.diskProgress(d.diskIndex, 'Writing', e.bytesWritten, e.bytesDone);
  };
  try {
    const r = await c.writer.restore(
      {
        taskId: `${c.ledger.doc.sessionId}-${item.vmId}-${d.diskIndex}`,
        repositoryDir: c.repositoryDir,
        pointId: item.point.id,
        diskKey: d.diskKey,
        path: platform.moverPath(item.moverServerId, d.tempPath),
        write: d.write,
        ...(d.ranges ? { ranges: d.ranges } : {}),
        runOn: item.moverServerId,
      },
      onEvent,
      c.signal,
    );
    c.diskProgress(d.diskIndex, 'Written', r.bytesWritten, d.write === 'in-place' ? d.bytesToWrite : d.virtualSizeBytes);
    c.log('info', `Disk ${d.diskIndex}: ${fmtBytes(r.bytesWritten)} written in ${(r.elapsedMs / 1000).toFixed(1)} s`);
  } catch (e) {
    const err = FerryError.from(e);
    c.diskProgress(d.diskIndex, err.code === ErrorCode.Cancelled ? 'Stopped' : 'Failed', 0, 0);
    throw err;
  }
}

/** Temp files get their final names (recorded one by one: a crash between two is cleaned precisely). */
async function commitFiles(c: StepContext, replace: boolean): Promise<void> {
  const li = c.ledger.item(c.item.vmId);
  for (const d of c.item.disks) {
    if (d.write === 'in-place') continue;
    const f = li.files.find((x) => x.temp === d.tempPath);
    await c.platform.renameFile(c.item.moverServerId, d.tempPath, d.targetPath, replace, c.log);
    if (f) f.committed = true;
    c.ledger.save();
  }
}

/** After a failure or stop: what the target is left as, having undone what can be undone. */
export async function undoItem(platform: RestorePlatform, li: LedgerItem, log: PlatformLog): Promise<string> {
  if (li.done) return '';
  if (li.registeringVmId) await platform.unregisterVm(li.registeringVmId, log);
  const remove = filesToRemove(li);
  if (remove.length > 0) await platform.removeFiles(li.moverServerId, remove);
  const replaced = li.files.filter((f) => f.committed && f.replacesExisting).length;
  const partlyInPlace = li.files.some((f) => f.inPlace);
  if (li.mode === 'original') {
    if (replaced > 0) return `${li.vmName} is off; ${replaced} of ${li.files.length} disk(s) were replaced with the point's: run the restore again to complete it`;
    if (partlyInPlace) return `${li.vmName} is off; its disks may be partly rolled back: run the restore again (it writes the same blocks)`;
    return `${li.vmName} is off; its disks are unchanged (temporary files removed)`;
  }
  if (li.mode === 'new') return `nothing is left on the target: ${li.registeringVmId ? `${li.targetVmName} was unregistered, ` : ''}its files were removed`;
  if (replaced > 0) return `${replaced} disk file(s) of ${li.targetVmName ?? li.vmName} were replaced but not attached: run the restore again`;
  return 'nothing was changed on the target (temporary files removed)';
}
