// Managed servers: Hyper-V hosts, cluster nodes and plain servers usable as proxies.
import { useMemo } from 'react';
import type { Cluster, Host } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { formatBytes } from '../../lib/format';

export function HostsTable({ hosts, clusters }: { hosts: Host[]; clusters: Cluster[] }) {
  const columns = useMemo(() => hostColumns(clusters), [clusters]);
  return <DataTable label="Hosts" items={hosts} columns={columns} getRowId={(h) => h.id} />;
}

function hostColumns(clusters: Cluster[]): Column<Host>[] {
  const clusterName = (id: string | null) => (id ? (clusters.find((c) => c.id === id)?.name ?? id) : '—');
  return [
    { id: 'name', label: 'Name', width: 150, render: (h) => h.name, sortValue: (h) => h.name },
    {
      id: 'role',
      label: 'Role',
      width: 170,
      render: (h) => (h.clusterId ? 'Cluster node' : h.role === 'hyperv-host' ? 'Hyper-V host' : 'Server'),
      sortValue: (h) => h.role,
    },
    { id: 'cluster', label: 'Cluster', width: 120, render: (h) => clusterName(h.clusterId), sortValue: (h) => clusterName(h.clusterId) },
    { id: 'os', label: 'Operating system', width: 220, render: (h) => h.os, sortValue: (h) => h.os },
    { id: 'hyperv', label: 'Hyper-V', width: 80, render: (h) => (h.hyperV ? 'Yes' : 'No') },
    { id: 'vss', label: 'VSS hardware provider', width: 200, render: (h) => h.vssHardwareProvider ?? 'None' },
    { id: 'luns', label: 'SAN LUNs', width: 140, render: (h) => h.visibleLuns.join(', ') || 'None' },
    { id: 'cores', label: 'Cores', width: 70, render: (h) => h.cpuCores, sortValue: (h) => h.cpuCores },
    { id: 'free', label: 'Free disk', width: 100, render: (h) => formatBytes(h.freeDiskBytes), sortValue: (h) => h.freeDiskBytes },
  ];
}
