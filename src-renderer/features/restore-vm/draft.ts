// Entire VM restore: what the admin fills in, the rules of each step, and the request it becomes. Pure: unit-tested.
import type { RestoreTarget, RestoreVmRequestInput } from '../../../src-shared/contract/restore';
import type { Inventory, RestorePoint } from '../../../src-shared/domain';
import type { VmConfig } from '../../../src-shared/vm-config';
import { isAbsoluteFolder } from '../repository-wizard/validation';
import { pointsOfVm, type VmPoint } from '../backups/backupTree';

export type VmRestoreStep = 'vms' | 'point' | 'mode' | 'host' | 'network' | 'options' | 'summary';

export const VM_RESTORE_STEPS: readonly { id: VmRestoreStep; label: string }[] = [
  { id: 'vms', label: 'Virtual machines' },
  { id: 'point', label: 'Restore point' },
  { id: 'mode', label: 'Restore mode' },
  { id: 'host', label: 'Host' },
  { id: 'network', label: 'Network' },
  { id: 'options', label: 'Reason' },
  { id: 'summary', label: 'Summary' },
];

/** Host and Network belong to a restore to a new location only. */
export function stepsFor(mode: VmRestoreDraft['mode']) {
  return VM_RESTORE_STEPS.filter((s) => mode === 'new' || (s.id !== 'host' && s.id !== 'network'));
}

export interface VmRestoreDraft {
  vmIds: string[];
  /** vmId → the point to restore it from (the newest when not chosen) */
  pointByVm: Record<string, string>;
  mode: 'original' | 'new';
  quickRollback: boolean;
  serverId: string | null;
  path: string;
  /** the admin typed the path (a new host then does not replace it with its default) */
  pathEdited: boolean;
  /** vmId → new name (default `<name>_restored`) */
  nameByVm: Record<string, string>;
  newVmId: boolean;
  /** source switch → target switch; null = not connected */
  networkMap: Record<string, string | null>;
  registerClusterRole: boolean;
  powerOn: boolean;
  reason: string;
}

export function initialDraft(vmId: string, pointId: string | null): VmRestoreDraft {
  return {
    vmIds: [vmId],
    pointByVm: pointId ? { [vmId]: pointId } : {},
    mode: 'original',
    quickRollback: true,
    serverId: null,
    path: '',
    pathEdited: false,
    nameByVm: {},
    newVmId: true,
    networkMap: {},
    registerClusterRole: false,
    powerOn: false,
    reason: '',
  };
}

/** What the rules need to know besides the draft. */
export interface RestoreContext {
  points: readonly RestorePoint[];
  inventory: Inventory;
  targets: readonly RestoreTarget[];
}

export const restoredName = (name: string) => `${name}_restored`;

export function chosenPoint(draft: VmRestoreDraft, points: readonly RestorePoint[], vmId: string): VmPoint | null {
  const all = pointsOfVm(points, vmId);
  return all.find((p) => p.point.id === draft.pointByVm[vmId]) ?? all[0] ?? null;
}

/** The VM's configuration saved in the point (null: a point of an older Ferry, or not captured). */
export function pointConfig(point: RestorePoint, vmId: string): VmConfig | null {
  return point.vms?.find((v) => v.vmId === vmId)?.config ?? null;
}

export function vmNameOf(points: readonly RestorePoint[], vmId: string): string {
  return pointsOfVm(points, vmId)[0]?.vmName ?? vmId;
}

export function newNameOf(draft: VmRestoreDraft, points: readonly RestorePoint[], vmId: string): string {
  return draft.nameByVm[vmId] ?? restoredName(vmNameOf(points, vmId));
}

/** Every virtual switch the chosen points' NICs were connected to, in name order. */
export function sourceSwitches(draft: VmRestoreDraft, points: readonly RestorePoint[]): string[] {
  const names = new Set<string>();
  for (const vmId of draft.vmIds) {
    const p = chosenPoint(draft, points, vmId);
    for (const nic of (p && pointConfig(p.point, vmId)?.nics) ?? []) if (nic.switchName) names.add(nic.switchName);
  }
  return [...names].sort();
}

/** The mapping a switch gets when the admin has not chosen: the same name when the target has it, else not connected. */
export function mappedSwitch(draft: VmRestoreDraft, target: RestoreTarget | undefined, source: string): string | null {
  if (source in draft.networkMap) return draft.networkMap[source] ?? null;
  return target?.switches.includes(source) ? source : null;
}

// ---------- the rules, step by step ----------

const VM_NAME = /^[^\\/:*?"<>|]+$/;

export function vmsError(draft: VmRestoreDraft): string | null {
  return draft.vmIds.length === 0 ? 'Pick at least one VM' : null;
}

export function pointError(draft: VmRestoreDraft, ctx: RestoreContext): string | null {
  for (const vmId of draft.vmIds) {
    const p = chosenPoint(draft, ctx.points, vmId);
    if (!p) return `${vmNameOf(ctx.points, vmId)} has no restore point`;
    if (!pointConfig(p.point, vmId)) {
      return `The restore point of ${vmNameOf(ctx.points, vmId)} holds no VM configuration (made by an older Ferry): restore its disks with Virtual disks restore instead`;
    }
  }
  return null;
}

export function modeError(draft: VmRestoreDraft, ctx: RestoreContext): string | null {
  if (draft.mode !== 'original') return null;
  const gone = draft.vmIds.filter((id) => !ctx.inventory.vms.some((vm) => vm.id === id));
  if (gone.length > 0) {
    return `${gone.map((id) => vmNameOf(ctx.points, id)).join(', ')} no longer exist${gone.length === 1 ? 's' : ''} in the inventory: restore to a new location`;
  }
  return null;
}

/** VM names already on the target (a cluster: on any of its nodes). */
function namesOnTarget(target: RestoreTarget, inventory: Inventory): Set<string> {
  const hostIds = new Set([target.serverId, ...target.nodeIds]);
  return new Set(inventory.vms.filter((vm) => hostIds.has(vm.hostId) || vm.clusterId === target.serverId).map((vm) => vm.name.toLowerCase()));
}

export interface FieldProblem {
  field: 'server' | 'path' | `name:${string}`;
  message: string;
}

export function hostProblems(draft: VmRestoreDraft, ctx: RestoreContext): FieldProblem[] {
  const out: FieldProblem[] = [];
  const target = ctx.targets.find((t) => t.serverId === draft.serverId);
  if (!target) out.push({ field: 'server', message: 'Choose the host or cluster to restore to' });
  else if (!target.available) out.push({ field: 'server', message: target.unavailableReason ?? `${target.name} cannot take restores now` });
  const path = draft.path.trim();
  if (!path) out.push({ field: 'path', message: 'Enter the folder for the VM files' });
  else if (!isAbsoluteFolder(path)) out.push({ field: 'path', message: 'Give a full path, e.g. D:\\Hyper-V or C:\\ClusterStorage\\Volume1' });
  const existing = target ? namesOnTarget(target, ctx.inventory) : new Set<string>();
  const seen = new Set<string>();
  for (const vmId of draft.vmIds) {
    const name = newNameOf(draft, ctx.points, vmId).trim();
    const field = `name:${vmId}` as const;
    if (!name) out.push({ field, message: 'Enter a VM name' });
    else if (name.length > 100) out.push({ field, message: 'At most 100 characters' });
    else if (!VM_NAME.test(name)) out.push({ field, message: 'A VM name cannot contain \\ / : * ? " < > |' });
    else if (existing.has(name.toLowerCase())) out.push({ field, message: `A VM named ${name} already exists on ${target?.name}` });
    else if (seen.has(name.toLowerCase())) out.push({ field, message: 'Two restored VMs cannot have the same name' });
    seen.add(name.toLowerCase());
  }
  return out;
}

export function networkError(draft: VmRestoreDraft, ctx: RestoreContext): string | null {
  const target = ctx.targets.find((t) => t.serverId === draft.serverId);
  for (const source of sourceSwitches(draft, ctx.points)) {
    const to = mappedSwitch(draft, target, source);
    if (to !== null && !target?.switches.includes(to)) return `${target?.name ?? 'The target'} has no virtual switch ${to}`;
  }
  return null;
}

export const MAX_REASON = 1000;

export function optionsError(draft: VmRestoreDraft): string | null {
  return draft.reason.length > MAX_REASON ? `At most ${MAX_REASON} characters` : null;
}

/** The first problem of a step, null when it is complete. */
export function stepError(step: VmRestoreStep, draft: VmRestoreDraft, ctx: RestoreContext): string | null {
  switch (step) {
    case 'vms':
      return vmsError(draft);
    case 'point':
      return pointError(draft, ctx);
    case 'mode':
      return modeError(draft, ctx);
    case 'host':
      return hostProblems(draft, ctx)[0]?.message ?? null;
    case 'network':
      return networkError(draft, ctx);
    case 'options':
      return optionsError(draft);
    case 'summary':
      return null;
  }
}

/** The first step (in order) that is not complete, or null. */
export function firstInvalidStep(draft: VmRestoreDraft, ctx: RestoreContext): VmRestoreStep | null {
  return stepsFor(draft.mode).find((s) => stepError(s.id, draft, ctx) !== null)?.id ?? null;
}

export function toRequest(draft: VmRestoreDraft, ctx: RestoreContext): RestoreVmRequestInput {
  const target = ctx.targets.find((t) => t.serverId === draft.serverId);
  const vms = draft.vmIds.map((vmId) => ({
    vmId,
    pointId: chosenPoint(draft, ctx.points, vmId)?.point.id,
    ...(draft.mode === 'new' ? { newName: newNameOf(draft, ctx.points, vmId).trim() } : {}),
  }));
  if (draft.mode === 'original') return { vms, mode: 'original', quickRollback: draft.quickRollback, powerOn: draft.powerOn, reason: draft.reason };
  return {
    vms,
    mode: 'new',
    target: {
      serverId: draft.serverId ?? '',
      path: draft.path.trim(),
      newVmId: draft.newVmId,
      networkMap: sourceSwitches(draft, ctx.points).map((sourceSwitch) => ({ sourceSwitch, targetSwitch: mappedSwitch(draft, target, sourceSwitch) })),
      registerClusterRole: target?.kind === 'hyperv-cluster' && draft.registerClusterRole,
    },
    powerOn: draft.powerOn,
    reason: draft.reason,
  };
}
