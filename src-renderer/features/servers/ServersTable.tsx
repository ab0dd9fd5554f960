// Managed servers: type, the account Ferry signs in with, status with its reason, last check, VMs.
import { useMemo } from 'react';
import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Credential, Inventory, ManagedServer } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { LoadableView } from '../../components/StateViews';
import { formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { credentialText, credentialsSelectors } from '../../store/slices/credentials/selectors';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { SERVER_KIND_TEXT, serversSelectors } from '../../store/slices/servers/selectors';

const useStyles = makeStyles({
  status: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS, paddingBlock: tokens.spacingVerticalXS },
  reason: { color: tokens.colorNeutralForeground2 },
});

const STATUS = {
  ok: { text: 'OK', color: 'success' },
  unreachable: { text: 'Unreachable', color: 'danger' },
  'access-denied': { text: 'Access denied', color: 'danger' },
} as const;

export function serverTypeText(server: ManagedServer): string {
  const kind = SERVER_KIND_TEXT[server.kind];
  return server.kind === 'hyperv-cluster' ? `${kind} (${server.memberIds.length} node${server.memberIds.length === 1 ? '' : 's'})` : kind;
}

/** VMs the server brings into the inventory (a cluster: every VM of its nodes); null for a plain server. */
export function serverVmCount(server: ManagedServer, inventory: Inventory): number | null {
  if (server.kind === 'windows-server') return null;
  const hosts = new Set([server.id, ...server.memberIds]);
  return inventory.vms.filter((vm) => hosts.has(vm.hostId) || vm.clusterId === server.id).length;
}

function ServerStatus({ server }: { server: ManagedServer }) {
  const s = useStyles();
  const look = STATUS[server.status];
  return (
    <span className={s.status}>
      <Badge appearance="tint" color={look.color} data-status={server.status}>
        {look.text}
      </Badge>
      {server.status !== 'ok' && server.statusReason && (
        <Text size={200} className={s.reason}>
          {server.statusReason}
        </Text>
      )}
    </span>
  );
}

export function ServersTable({ selectedId, onSelect }: { selectedId: string | null; onSelect(id: string | null): void }) {
  const servers = useFerryStore(serversSelectors.loadable);
  const credentials = useFerryStore(credentialsSelectors.items);
  const inventory = useFerryStore(inventorySelectors.data);
  const fetchServers = useFerryStore((st) => st.fetchServers);
  const columns = useMemo(() => serverColumns(credentials, inventory), [credentials, inventory]);

  return (
    <LoadableView
      loadable={servers}
      what="managed servers"
      onRetry={() => void fetchServers()}
      empty="No managed servers. Click Add server to add a Hyper-V host, a cluster or a Windows server for an off-host proxy."
    >
      {(items) => (
        <DataTable
          label="Managed servers"
          items={items}
          columns={columns}
          getRowId={(m) => m.id}
          selectedId={selectedId}
          onSelect={onSelect}
          rowLabel={(m) => m.name}
        />
      )}
    </LoadableView>
  );
}

function serverColumns(credentials: Credential[], inventory: Inventory): Column<ManagedServer>[] {
  return [
    { id: 'name', label: 'Name', width: 120, render: (m) => m.name, sortValue: (m) => m.name },
    { id: 'type', label: 'Type', width: 170, render: serverTypeText, sortValue: (m) => m.kind },
    {
      id: 'credential',
      label: 'Credentials',
      width: 160,
      render: (m) => credentialText(m.credentialId, credentials),
      sortValue: (m) => credentialText(m.credentialId, credentials),
    },
    { id: 'status', label: 'Status', width: 220, minWidth: 120, render: (m) => <ServerStatus server={m} />, sortValue: (m) => m.status },
    { id: 'checked', label: 'Last check', width: 160, render: (m) => formatDateTime(m.lastCheckAt), sortValue: (m) => m.lastCheckAt ?? '' },
    { id: 'vms', label: 'VMs', width: 60, minWidth: 50, render: (m) => serverVmCount(m, inventory) ?? '—', sortValue: (m) => serverVmCount(m, inventory) ?? -1 },
    { id: 'description', label: 'Description', width: 260, minWidth: 200, render: (m) => m.description },
  ];
}
