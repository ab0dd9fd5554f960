// Builds the "hosts and clusters → VMs" tree for the VM picker, with search and check states.
import type { Inventory, Vm } from '../../../src-shared/domain';

export interface VmGroup {
  /** tree value: `cluster:<id>` or `host:<id>` */
  value: string;
  label: string;
  kind: 'cluster' | 'host';
  vms: Vm[];
}

export function groupVms(inv: Inventory): VmGroup[] {
  const groups: VmGroup[] = [];
  for (const c of inv.clusters) {
    const vms = inv.vms.filter((vm) => vm.clusterId === c.id);
    if (vms.length > 0) groups.push({ value: `cluster:${c.id}`, label: c.name, kind: 'cluster', vms });
  }
  for (const h of inv.hosts) {
    const vms = inv.vms.filter((vm) => vm.clusterId === null && vm.hostId === h.id);
    if (vms.length > 0) groups.push({ value: `host:${h.id}`, label: h.name, kind: 'host', vms });
  }
  return groups;
}

export function filterGroups(groups: VmGroup[], query: string): VmGroup[] {
  const q = query.trim().toLowerCase();
  if (!q) return groups;
  return groups
    .map((g) => (g.label.toLowerCase().includes(q) ? g : { ...g, vms: g.vms.filter((vm) => vm.name.toLowerCase().includes(q)) }))
    .filter((g) => g.vms.length > 0);
}

/** What the picker edits: the selected VMs and the disks left out of them. */
export interface VmSelection {
  vmIds: string[];
  excludedDisks: string[];
}

export const diskKey = (vmId: string, index: number) => `${vmId}/${index}`;

/** Checked: the VM with every disk; mixed: the VM with some disks excluded. */
export function vmCheckState(vm: Vm, sel: VmSelection): boolean | 'mixed' {
  if (!sel.vmIds.includes(vm.id)) return false;
  return vm.disks.some((d) => sel.excludedDisks.includes(diskKey(vm.id, d.index))) ? 'mixed' : true;
}

export function groupCheckState(group: VmGroup, sel: VmSelection): boolean | 'mixed' {
  const states = group.vms.map((vm) => vmCheckState(vm, sel));
  if (states.every((st) => st === false)) return false;
  return states.every((st) => st === true) ? true : 'mixed';
}

const withoutVm = (sel: VmSelection, vmId: string): VmSelection => ({
  vmIds: sel.vmIds.filter((id) => id !== vmId),
  excludedDisks: sel.excludedDisks.filter((k) => !k.startsWith(`${vmId}/`)),
});

/** Checking a VM takes all its disks; clearing it forgets its exclusions. */
export function toggleVm(vm: Vm, check: boolean, sel: VmSelection): VmSelection {
  const rest = withoutVm(sel, vm.id);
  return check ? { ...rest, vmIds: [...rest.vmIds, vm.id] } : rest;
}

/** Toggling a group selects or clears the VMs it shows (search-filtered), leaving the others alone. */
export function toggleGroup(group: VmGroup, check: boolean, sel: VmSelection): VmSelection {
  return group.vms.reduce((acc, vm) => toggleVm(vm, check, acc), sel);
}

/**
 * Checking a disk of an unselected VM selects the VM with just that disk; clearing the last kept
 * disk clears the VM, so a selected VM always keeps at least one disk.
 */
export function toggleDisk(vm: Vm, index: number, check: boolean, sel: VmSelection): VmSelection {
  const key = diskKey(vm.id, index);
  if (!sel.vmIds.includes(vm.id)) {
    if (!check) return sel;
    const others = vm.disks.filter((d) => d.index !== index).map((d) => diskKey(vm.id, d.index));
    return { vmIds: [...sel.vmIds, vm.id], excludedDisks: [...sel.excludedDisks, ...others] };
  }
  const excluded = check ? sel.excludedDisks.filter((k) => k !== key) : [...sel.excludedDisks.filter((k) => k !== key), key];
  const kept = vm.disks.filter((d) => !excluded.includes(diskKey(vm.id, d.index)));
  return kept.length === 0 ? withoutVm(sel, vm.id) : { vmIds: sel.vmIds, excludedDisks: excluded };
}

/** Bytes that will be read: selected VMs without their excluded disks. */
export function selectedBytes(vms: Vm[], sel: VmSelection): number {
  let total = 0;
  for (const vm of vms) {
    if (!sel.vmIds.includes(vm.id)) continue;
    for (const d of vm.disks) if (!sel.excludedDisks.includes(diskKey(vm.id, d.index))) total += d.virtualSizeBytes;
  }
  return total;
}
