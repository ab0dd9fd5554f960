// VMs with state and size; the selected VM's disks with path, format, size and the volume that holds each, and its
// restore points with the restore commands.
import { useEffect, useMemo, useState } from 'react';
import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import type { Inventory, VirtualDisk, Vm, Volume } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { Section } from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { formatBytes } from '../../lib/format';
import { vmSizeBytes } from '../../store/slices/inventory/selectors';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { restorePointsSelectors } from '../../store/slices/restorePoints/selectors';
import { pointsOfVm } from '../backups/backupTree';
import { VmRestorePoints } from '../backups/VmRestorePoints';
import { VmConfigPanel } from './VmConfigPanel';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
});

export function VmsPanel({ inventory }: { inventory: Inventory }) {
  const s = useStyles();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const hostName = (id: string) => inventory.hosts.find((h) => h.id === id)?.name ?? id;
  const clusterName = (id: string | null) => (id ? (inventory.clusters.find((c) => c.id === id)?.name ?? id) : '—');
  const vmColumns = useMemo(() => makeVmColumns(hostName, clusterName), [inventory]); // rebuilt when names can change
  const volumes = useMemo(() => new Map(inventory.volumes.map((v) => [v.id, v])), [inventory.volumes]);
  const diskColumns = useMemo(() => makeDiskColumns(volumes), [volumes]);
  const selected = inventory.vms.find((vm) => vm.id === selectedId);

  if (inventory.vms.length === 0) return <EmptyState>No virtual machines in the inventory.</EmptyState>;
  return (
    <div className={s.root}>
      <DataTable
        label="Virtual machines"
        items={inventory.vms}
        columns={vmColumns}
        getRowId={(vm) => vm.id}
        selectedId={selectedId}
        onSelect={setSelectedId}
        rowLabel={(vm) => vm.name}
      />
      <Section title={selected ? `Disks of ${selected.name}` : 'Disks'}>
        {selected ? (
          <DataTable
            label={`Disks of ${selected.name}`}
            items={selected.disks}
            columns={diskColumns}
            getRowId={(d) => String(d.index)}
          />
        ) : (
          <EmptyState>Select a VM to see its virtual disks.</EmptyState>
        )}
      </Section>
      {selected && (
        <Section title={`Configuration of ${selected.name}`}>
          <VmConfigPanel vm={selected} />
        </Section>
      )}
      <Section title={selected ? `Restore points of ${selected.name}` : 'Restore points'}>
        {selected ? <SelectedVmPoints vm={selected} /> : <EmptyState>Select a VM to see its restore points and restore it.</EmptyState>}
      </Section>
    </div>
  );
}

function SelectedVmPoints({ vm }: { vm: Vm }) {
  const loadable = useFerryStore(restorePointsSelectors.all);
  const connected = useFerryStore(connectionSelectors.isConnected);
  const fetchAll = useFerryStore((st) => st.fetchAllRestorePoints);
  const points = useMemo(() => pointsOfVm(loadable.data, vm.id), [loadable.data, vm.id]);
  useEffect(() => {
    if (connected && loadable.status === 'idle') void fetchAll();
  }, [connected, loadable.status, fetchAll]);
  if (loadable.status === 'idle' || loadable.status === 'loading') return <LoadingState label="Loading restore points…" />;
  return (
    <>
      {loadable.status === 'error' && <ErrorState title="Could not load the restore points" message={loadable.error ?? ''} onRetry={() => void fetchAll()} />}
      <VmRestorePoints key={vm.id} vmId={vm.id} vmName={vm.name} points={points} showJob />
    </>
  );
}

function makeVmColumns(hostName: (id: string) => string, clusterName: (id: string | null) => string): Column<Vm>[] {
  return [
    { id: 'name', label: 'Name', width: 160, render: (vm) => vm.name, sortValue: (vm) => vm.name },
    {
      id: 'state',
      label: 'State',
      width: 100,
      minWidth: 100,
      render: (vm) => (
        <Badge appearance="tint" color={vm.state === 'Running' ? 'success' : 'subtle'}>
          {vm.state}
        </Badge>
      ),
      sortValue: (vm) => vm.state,
    },
    { id: 'host', label: 'Host', width: 130, render: (vm) => hostName(vm.hostId), sortValue: (vm) => hostName(vm.hostId) },
    { id: 'cluster', label: 'Cluster', width: 120, render: (vm) => clusterName(vm.clusterId) },
    { id: 'generation', label: 'Gen', width: 60, render: (vm) => vm.config?.generation ?? '—', sortValue: (vm) => vm.config?.generation ?? 0 },
    { id: 'cpu', label: 'vCPU', width: 60, render: (vm) => vm.config?.processorCount ?? '—', sortValue: (vm) => vm.config?.processorCount ?? 0 },
    { id: 'memory', label: 'Memory', width: 100, render: (vm) => (vm.config ? formatBytes(vm.config.memory.startupBytes) : '—'), sortValue: (vm) => vm.config?.memory.startupBytes ?? 0 },
    { id: 'nics', label: 'NICs', width: 60, render: (vm) => vm.config?.nics.length ?? '—' },
    { id: 'disks', label: 'Disks', width: 70, render: (vm) => vm.disks.length, sortValue: (vm) => vm.disks.length },
    { id: 'size', label: 'Provisioned', width: 110, render: (vm) => formatBytes(vmSizeBytes(vm)), sortValue: vmSizeBytes },
  ];
}

function makeDiskColumns(volumes: Map<string, Volume>): Column<VirtualDisk>[] {
  return [
    { id: 'index', label: '#', width: 40, render: (d) => d.index, sortValue: (d) => d.index },
    { id: 'path', label: 'Path', width: 380, render: (d) => d.path, sortValue: (d) => d.path },
    { id: 'format', label: 'Format', width: 80, render: (d) => d.format.toUpperCase() },
    { id: 'virtual', label: 'Virtual size', width: 110, render: (d) => formatBytes(d.virtualSizeBytes), sortValue: (d) => d.virtualSizeBytes },
    { id: 'file', label: 'File size', width: 100, render: (d) => formatBytes(d.fileSizeBytes), sortValue: (d) => d.fileSizeBytes },
    {
      id: 'volume',
      label: 'Volume',
      width: 260,
      render: (d) => {
        const v = volumes.get(d.volumeId);
        return v ? `${v.path} (${v.kind === 'csv' ? 'CSV' : 'SAN LUN'} ${v.lun})` : d.volumeId;
      },
    },
  ];
}
