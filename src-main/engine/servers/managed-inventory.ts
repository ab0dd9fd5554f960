// Only managed servers are in the inventory: what the platform can see, narrowed to the backup infrastructure.
// Hosts = managed hosts and Windows servers plus the nodes of managed clusters; clusters, volumes and VMs follow.
import type { Inventory, ManagedServerKind } from '../../../src-shared/domain';

/** The part of a managed server the narrowing needs (ManagedServer and ManagedServerRef both fit). */
export interface ManagedScopeEntry {
  id: string;
  kind: ManagedServerKind;
  memberIds: string[];
}

export interface ManagedScope {
  /** every host id in the inventory: hosts, Windows servers, cluster nodes */
  hostIds: Set<string>;
  /** hosts whose VMs are protected: Hyper-V hosts and cluster nodes (not plain Windows servers) */
  vmHostIds: Set<string>;
  clusterIds: Set<string>;
  /** hosts managed as plain Windows servers */
  serverIds: Set<string>;
}

export function managedScope(servers: ManagedScopeEntry[], inv: Pick<Inventory, 'clusters'>): ManagedScope {
  const scope: ManagedScope = { hostIds: new Set(), vmHostIds: new Set(), clusterIds: new Set(), serverIds: new Set() };
  for (const s of servers) {
    if (s.kind === 'hyperv-cluster') {
      scope.clusterIds.add(s.id);
      // the platform's current node list wins (a node added to the cluster since), the stored one covers a node that is down
      const nodes = new Set([...s.memberIds, ...(inv.clusters.find((c) => c.id === s.id)?.nodeIds ?? [])]);
      for (const n of nodes) {
        scope.hostIds.add(n);
        scope.vmHostIds.add(n);
      }
    } else {
      scope.hostIds.add(s.id);
      if (s.kind === 'hyperv-host') scope.vmHostIds.add(s.id);
      else scope.serverIds.add(s.id);
    }
  }
  return scope;
}

export function managedInventory(inv: Inventory, servers: ManagedScopeEntry[]): Inventory {
  const scope = managedScope(servers, inv);
  const hosts = inv.hosts
    .filter((h) => scope.hostIds.has(h.id))
    // the admin's choice of kind is the role: a Hyper-V server added as a Windows server is a proxy candidate
    .map((h) => ({ ...h, role: scope.serverIds.has(h.id) ? ('server' as const) : ('hyperv-host' as const) }));
  // A cluster whose nodes were registered one by one (platform.json lists nodes) is shown with those nodes.
  const clusters = inv.clusters
    .filter((c) => scope.clusterIds.has(c.id) || c.nodeIds.some((n) => scope.vmHostIds.has(n)))
    .map((c) => ({ ...c, nodeIds: c.nodeIds.filter((n) => scope.hostIds.has(n)) }));
  const clusterIds = new Set(clusters.map((c) => c.id));
  const volumes = inv.volumes.filter((v) => (v.clusterId ? clusterIds.has(v.clusterId) : scope.vmHostIds.has(v.ownerHostId)));
  const vms = inv.vms.filter((vm) => scope.vmHostIds.has(vm.hostId) || (vm.clusterId !== null && scope.clusterIds.has(vm.clusterId)));
  return { hosts, clusters, volumes, vms };
}

/** Host ids a managed server brings into the inventory (itself, or a cluster's nodes). */
export function hostIdsOf(server: ManagedScopeEntry, inv: Pick<Inventory, 'clusters'>): string[] {
  return [...managedScope([server], inv).hostIds];
}
