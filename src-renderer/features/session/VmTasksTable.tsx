// One row per VM: where it was processed (off-host proxy or on-host), progress, outcome, last message.
import { useMemo } from 'react';
import { Badge, ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { VmTaskView } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { formatBytes, formatPercent } from '../../lib/format';

const useStyles = makeStyles({
  progress: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, width: '100%' },
  bar: { flexGrow: 1 },
});

const statusColor = {
  Pending: 'subtle',
  Running: 'informative',
  Success: 'success',
  Warning: 'warning',
  Failed: 'danger',
} as const;

export function VmTasksTable(props: {
  vms: VmTaskView[];
  hostName(id: string): string;
  selectedVmId: string | null;
  onSelect(id: string | null): void;
}) {
  const { hostName } = props;
  const columns = useMemo(() => vmColumns(hostName), [hostName]);
  return (
    <DataTable
      label="Virtual machines in this session"
      items={props.vms}
      columns={columns}
      getRowId={(v) => v.vmId}
      selectedId={props.selectedVmId}
      onSelect={props.onSelect}
      rowLabel={(v) => v.vmName}
    />
  );
}

function ProgressCell({ vm }: { vm: VmTaskView }) {
  const s = useStyles();
  return (
    <span className={s.progress}>
      <ProgressBar
        className={s.bar}
        value={vm.progress}
        aria-label={`${vm.vmName} progress`}
        color={vm.status === 'Failed' ? 'error' : vm.status === 'Warning' ? 'warning' : vm.status === 'Success' ? 'success' : 'brand'}
      />
      <Text size={200}>{formatPercent(vm.progress)}</Text>
    </span>
  );
}

function vmColumns(hostName: (id: string) => string): Column<VmTaskView>[] {
  return [
    { id: 'name', label: 'VM', width: 150, render: (v) => v.vmName, sortValue: (v) => v.vmName },
    {
      id: 'mode',
      label: 'Mode',
      width: 100,
      minWidth: 100,
      render: (v) => (
        <Badge appearance="outline" color={v.processingMode === 'off-host' ? 'brand' : 'warning'}>
          {v.processingMode === 'off-host' ? 'Off-host' : 'On-host'}
        </Badge>
      ),
      sortValue: (v) => v.processingMode,
    },
    {
      id: 'proxy',
      label: 'Proxy',
      width: 130,
      render: (v) => (v.proxyServerId ? hostName(v.proxyServerId) : v.processingMode === 'on-host' ? 'Hyper-V host' : '—'),
    },
    { id: 'progress', label: 'Progress', width: 180, render: (v) => <ProgressCell vm={v} />, sortValue: (v) => v.progress },
    {
      id: 'read',
      label: 'Read',
      width: 150,
      render: (v) => `${formatBytes(v.bytesRead)} of ${formatBytes(v.bytesTotal)}`,
      sortValue: (v) => v.bytesRead,
    },
    {
      id: 'status',
      label: 'Status',
      width: 100,
      minWidth: 100,
      render: (v) => (
        <Badge appearance="tint" color={statusColor[v.status]}>
          {v.status}
        </Badge>
      ),
      sortValue: (v) => v.status,
    },
    { id: 'message', label: 'Message', width: 320, render: (v) => v.message },
  ];
}
