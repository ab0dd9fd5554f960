import type { Host, Inventory, Vm, Volume } from '../../../../src-shared/domain';
import type { FerryStore } from '../../types';

export const inventorySelectors = {
  loadable: (s: FerryStore) => s.inventory,
  data: (s: FerryStore) => s.inventory.data,
  hosts: (s: FerryStore) => s.inventory.data.hosts,
  clusters: (s: FerryStore) => s.inventory.data.clusters,
  volumes: (s: FerryStore) => s.inventory.data.volumes,
  vms: (s: FerryStore) => s.inventory.data.vms,
  hostById: (id: string | null | undefined) => (s: FerryStore) => s.inventory.data.hosts.find((h) => h.id === id),
  volumeById: (id: string) => (s: FerryStore) => s.inventory.data.volumes.find((v) => v.id === id),
};

// Pure helpers over an inventory, for memoised use in components.

export function hostNames(inv: Inventory): Map<string, string> {
  return new Map(inv.hosts.map((h) => [h.id, h.name]));
}

export function volumesById(inv: Inventory): Map<string, Volume> {
  return new Map(inv.volumes.map((v) => [v.id, v]));
}

export function vmSizeBytes(vm: Vm): number {
  return vm.disks.reduce((sum, d) => sum + d.virtualSizeBytes, 0);
}

export function isClusterNode(host: Host): boolean {
  return host.clusterId !== null;
}
