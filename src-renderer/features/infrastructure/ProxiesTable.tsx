// Off-host backup proxies: which server, how many tasks, which volumes it can back up, status.
import { useMemo } from 'react';
import { Badge } from '@fluentui/react-components';
import type { Proxy, Volume } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { LoadableView } from '../../components/StateViews';
import { formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../store/slices/proxies/selectors';

export function ProxiesTable({ selectedId, onSelect }: { selectedId: string | null; onSelect(id: string | null): void }) {
  const proxies = useFerryStore(proxiesSelectors.loadable);
  const fetchProxies = useFerryStore((s) => s.fetchProxies);
  const hosts = useFerryStore(inventorySelectors.hosts);
  const volumes = useFerryStore(inventorySelectors.volumes);
  const columns = useMemo(
    () => proxyColumns((id) => hosts.find((h) => h.id === id)?.name ?? id, volumes),
    [hosts, volumes],
  );

  return (
    <LoadableView
      loadable={proxies}
      what="proxies"
      onRetry={() => void fetchProxies()}
      empty="No off-host backup proxies. Jobs in off-host mode will fail over to on-host until you add one."
    >
      {(items) => (
        <DataTable
          label="Off-host backup proxies"
          items={items}
          columns={columns}
          getRowId={(p) => p.id}
          selectedId={selectedId}
          onSelect={onSelect}
          rowLabel={(p) => p.name}
        />
      )}
    </LoadableView>
  );
}

function proxyColumns(hostName: (id: string) => string, volumes: Volume[]): Column<Proxy>[] {
  const volumePath = (id: string) => volumes.find((v) => v.id === id)?.path ?? id;
  return [
    { id: 'server', label: 'Server', width: 150, render: (p) => p.name || hostName(p.serverId), sortValue: (p) => p.name },
    { id: 'tasks', label: 'Max tasks', width: 90, render: (p) => p.maxTasks, sortValue: (p) => p.maxTasks },
    {
      id: 'volumes',
      label: 'Eligible volumes',
      width: 320,
      render: (p) => (p.eligibleVolumeIds.length ? p.eligibleVolumeIds.map(volumePath).join(', ') : 'None'),
      sortValue: (p) => p.eligibleVolumeIds.length,
    },
    {
      id: 'status',
      label: 'Status',
      width: 110,
      minWidth: 110,
      render: (p) => (
        <Badge appearance="tint" color={p.status === 'ready' ? 'success' : 'danger'}>
          {p.status === 'ready' ? 'Ready' : 'Unavailable'}
        </Badge>
      ),
      sortValue: (p) => p.status,
    },
    { id: 'checked', label: 'Last check', width: 170, render: (p) => formatDateTime(p.lastCheckAt), sortValue: (p) => p.lastCheckAt },
    { id: 'description', label: 'Description', width: 260, render: (p) => p.description },
  ];
}
