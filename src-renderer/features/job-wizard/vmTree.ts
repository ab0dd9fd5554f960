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

export function groupCheckState(group: VmGroup, selected: ReadonlySet<string>): boolean | 'mixed' {
  const n = group.vms.filter((vm) => selected.has(vm.id)).length;
  return n === 0 ? false : n === group.vms.length ? true : 'mixed';
}

/** Toggling a group selects or clears the VMs it shows (search-filtered), leaving the others alone. */
export function toggleGroup(group: VmGroup, selected: string[], check: boolean): string[] {
  const ids = new Set(group.vms.map((vm) => vm.id));
  const rest = selected.filter((id) => !ids.has(id));
  return check ? [...rest, ...group.vms.map((vm) => vm.id)] : rest;
}

export function toggleVm(vmId: string, selected: string[], check: boolean): string[] {
  const rest = selected.filter((id) => id !== vmId);
  return check ? [...rest, vmId] : rest;
}
