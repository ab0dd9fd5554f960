// Virtual disks restore: what the admin fills in, the rules of each step, and the request. Pure: unit-tested.
import type { RestoreDisksRequestInput, RestoreTarget } from '../../../src-shared/contract/restore';
import type { Inventory, RestorePoint } from '../../../src-shared/domain';
import { pointsOfVm, type VmPoint } from '../backups/backupTree';
import { isAbsoluteFolder } from '../repository-wizard/validation';

export type DiskRestoreStep = 'disks' | 'target' | 'summary';

export const DISK_RESTORE_STEPS: readonly { id: DiskRestoreStep; label: string }[] = [
  { id: 'disks', label: 'Disks' },
  { id: 'target', label: 'Target' },
  { id: 'summary', label: 'Summary' },
];

export type DiskTargetKind = 'original-vm' | 'other-vm' | 'folder';

export interface DiskRestoreDraft {
  vmId: string;
  pointId: string | null;
  diskIndexes: number[];
  target: DiskTargetKind;
  otherVmId: string | null;
  serverId: string | null;
  path: string;
  reason: string;
}

export function initialDiskDraft(vmId: string, pointId: string | null): DiskRestoreDraft {
  return { vmId, pointId, diskIndexes: [], target: 'original-vm', otherVmId: null, serverId: null, path: '', reason: '' };
}

export interface DiskRestoreContext {
  points: readonly RestorePoint[];
  inventory: Inventory;
  targets: readonly RestoreTarget[];
}

export function chosenDiskPoint(draft: DiskRestoreDraft, points: readonly RestorePoint[]): VmPoint | null {
  const all = pointsOfVm(points, draft.vmId);
  return all.find((p) => p.point.id === draft.pointId) ?? all[0] ?? null;
}

export function disksError(draft: DiskRestoreDraft, ctx: DiskRestoreContext): string | null {
  const point = chosenDiskPoint(draft, ctx.points);
  if (!point) return 'This VM has no restore point';
  if (draft.diskIndexes.length === 0) return 'Pick at least one disk';
  const missing = draft.diskIndexes.filter((i) => !point.disks.some((d) => d.diskIndex === i));
  return missing.length > 0 ? `The restore point has no disk ${missing.join(', ')}` : null;
}

export interface DiskFieldProblem {
  field: 'target' | 'otherVm' | 'server' | 'path' | 'reason';
  message: string;
}

export function targetProblems(draft: DiskRestoreDraft, ctx: DiskRestoreContext): DiskFieldProblem[] {
  const out: DiskFieldProblem[] = [];
  const vmState = (id: string | null) => ctx.inventory.vms.find((vm) => vm.id === id);
  if (draft.target === 'original-vm') {
    const vm = vmState(draft.vmId);
    if (!vm) out.push({ field: 'target', message: 'The original VM no longer exists: restore to another VM or to a folder' });
    else if (vm.state === 'Running') out.push({ field: 'target', message: `${vm.name} is running: shut it down first (its disks are replaced)` });
  } else if (draft.target === 'other-vm') {
    const vm = vmState(draft.otherVmId);
    if (!vm) out.push({ field: 'otherVm', message: 'Choose the VM to attach the disks to' });
    else if (vm.id === draft.vmId) out.push({ field: 'otherVm', message: 'To give the VM its own disks back, choose "Original VM"' });
    else if (vm.state === 'Running') out.push({ field: 'otherVm', message: `${vm.name} is running: shut it down first` });
  } else {
    const server = ctx.targets.find((t) => t.serverId === draft.serverId);
    if (!server) out.push({ field: 'server', message: 'Choose the server to write the VHDX files on' });
    else if (!server.available) out.push({ field: 'server', message: server.unavailableReason ?? `${server.name} cannot take restores now` });
    const path = draft.path.trim();
    if (!path) out.push({ field: 'path', message: 'Enter the folder for the VHDX files' });
    else if (!isAbsoluteFolder(path)) out.push({ field: 'path', message: 'Give a full path, e.g. D:\\Restores' });
  }
  if (draft.reason.length > 1000) out.push({ field: 'reason', message: 'At most 1000 characters' });
  return out;
}

export function diskStepError(step: DiskRestoreStep, draft: DiskRestoreDraft, ctx: DiskRestoreContext): string | null {
  if (step === 'disks') return disksError(draft, ctx);
  if (step === 'target') return targetProblems(draft, ctx)[0]?.message ?? null;
  return null;
}

export function toDisksRequest(draft: DiskRestoreDraft, ctx: DiskRestoreContext): RestoreDisksRequestInput {
  const target: RestoreDisksRequestInput['target'] =
    draft.target === 'original-vm'
      ? { kind: 'original-vm' }
      : draft.target === 'other-vm'
        ? { kind: 'other-vm', vmId: draft.otherVmId ?? '' }
        : { kind: 'folder', serverId: draft.serverId ?? '', path: draft.path.trim() };
  return { pointId: chosenDiskPoint(draft, ctx.points)?.point.id ?? '', vmId: draft.vmId, diskIndexes: [...draft.diskIndexes].sort((a, b) => a - b), target, reason: draft.reason };
}
