// Inventory: what the host sees — servers, the cluster with its CSVs, volumes, VMs and their disks.
import { useState } from 'react';
import { Tab, TabList, ToolbarButton, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import { CommandBar } from '../../components/CommandBar';
import { DataTable } from '../../components/DataTable';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { ClustersPanel, volumeColumns } from './ClustersPanel';
import { HostsTable } from './HostsTable';
import { VmsPanel } from './VmsPanel';

type InventoryTab = 'hosts' | 'clusters' | 'vms' | 'volumes';
const TAB_LABELS: Record<InventoryTab, string> = { hosts: 'Hosts', clusters: 'Clusters', vms: 'Virtual machines', volumes: 'Volumes' };

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalXL },
});

export function InventoryView() {
  const s = useStyles();
  const loadable = useFerryStore(inventorySelectors.loadable);
  const connected = useFerryStore(connectionSelectors.isConnected);
  const fetchInventory = useFerryStore((st) => st.fetchInventory);
  const [tab, setTab] = useState<InventoryTab>('hosts');
  const inv = loadable.data;
  const hostName = (id: string) => inv.hosts.find((h) => h.id === id)?.name ?? id;

  return (
    <>
      <CommandBar title="Inventory" label="Inventory commands">
        <ToolbarButton icon={<ArrowClockwise20Regular />} disabled={!connected} onClick={() => void fetchInventory()}>
          Rescan
        </ToolbarButton>
      </CommandBar>
      <div className={s.body}>
        <TabList selectedValue={tab} onTabSelect={(_e, d) => setTab(d.value as InventoryTab)} aria-label="Inventory sections">
          <Tab value="hosts">Hosts ({inv.hosts.length})</Tab>
          <Tab value="clusters">Clusters ({inv.clusters.length})</Tab>
          <Tab value="vms">Virtual machines ({inv.vms.length})</Tab>
          <Tab value="volumes">Volumes ({inv.volumes.length})</Tab>
        </TabList>
        {loadable.status === 'error' && (
          <ErrorState title="Could not load the inventory" message={loadable.error ?? ''} onRetry={() => void fetchInventory()} />
        )}
        {loadable.status === 'idle' || loadable.status === 'loading' ? (
          <LoadingState label="Loading inventory…" />
        ) : (
          <div role="tabpanel" aria-label={TAB_LABELS[tab]}>
            {tab === 'hosts' &&
              (inv.hosts.length ? <HostsTable hosts={inv.hosts} clusters={inv.clusters} /> : <EmptyState>No managed servers.</EmptyState>)}
            {tab === 'clusters' && <ClustersPanel inventory={inv} />}
            {tab === 'vms' && <VmsPanel inventory={inv} />}
            {tab === 'volumes' &&
              (inv.volumes.length ? (
                <DataTable label="Volumes" items={inv.volumes} columns={volumeColumns(hostName)} getRowId={(v) => v.id} />
              ) : (
                <EmptyState>No SAN volumes.</EmptyState>
              ))}
          </div>
        )}
      </div>
    </>
  );
}
