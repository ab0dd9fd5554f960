// One VM's restore points (newest first) and what can be done with them: Entire VM restore, Virtual disks restore,
// Export disk, Verify. Shown for a VM picked in the Backups tree and for a VM picked in Inventory.
import { useMemo, useState } from 'react';
import { Badge, Text, Toolbar, ToolbarButton, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular, ArrowReset20Regular, HardDrive20Regular } from '@fluentui/react-icons';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/StateViews';
import { useReturnFocus } from '../../components/useReturnFocus';
import { formatBytes, formatDateTime } from '../../lib/format';
import { KIND_TEXT } from '../../lib/restorePointText';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { VerifyCell } from '../home/RestorePoints';
import { ExportDiskDialog } from '../restore/ExportDiskDialog';
import { DiskRestoreWizard } from '../restore-disks/DiskRestoreWizard';
import { VmRestoreWizard } from '../restore-vm/VmRestoreWizard';
import type { VmPoint } from './backupTree';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  bar: { flexWrap: 'wrap', paddingLeft: 0 },
  hint: { color: tokens.colorNeutralForeground3 },
});

type Open = { kind: 'vm' | 'disks' | 'export'; point: VmPoint } | null;

export interface VmRestorePointsProps {
  vmId: string;
  vmName: string;
  /** newest first */
  points: VmPoint[];
  /** a Job column: the VM's points can come from several jobs (Inventory) */
  showJob?: boolean;
}

export function VmRestorePoints({ vmId, vmName, points, showJob = false }: VmRestorePointsProps) {
  const s = useStyles();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [open, setOpenState] = useState<Open>(null);
  const focus = useReturnFocus();
  const setOpen = (next: Open) => {
    if (next) focus.remember();
    setOpenState(next);
    if (!next) focus.restore();
  };
  const columns = useMemo(() => vmPointColumns(showJob), [showJob]);
  // the commands act on the selected point, else the newest one
  const chosen = points.find((p) => p.point.id === selectedId) ?? points[0] ?? null;
  const disabled = !connected || !chosen;

  return (
    <div className={s.root}>
      <Toolbar aria-label={`Restore commands for ${vmName}`} className={s.bar}>
        <ToolbarButton appearance="primary" icon={<ArrowReset20Regular />} disabled={disabled} onClick={() => chosen && setOpen({ kind: 'vm', point: chosen })}>
          Entire VM restore…
        </ToolbarButton>
        <ToolbarButton icon={<HardDrive20Regular />} disabled={disabled} onClick={() => chosen && setOpen({ kind: 'disks', point: chosen })}>
          Virtual disks restore…
        </ToolbarButton>
        <ToolbarButton icon={<ArrowDownload20Regular />} disabled={disabled} onClick={() => chosen && setOpen({ kind: 'export', point: chosen })}>
          Export disk…
        </ToolbarButton>
      </Toolbar>
      {points.length === 0 ? (
        <EmptyState>{vmName} has no restore points. Add it to a backup job and run the job to create one.</EmptyState>
      ) : (
        <>
          <Text size={200} className={s.hint} aria-live="polite">
            {chosen ? `The commands use the restore point of ${formatDateTime(chosen.point.createdAt)}${selectedId ? '' : ' (the newest)'}.` : ''}
          </Text>
          <DataTable
            label={`Restore points of ${vmName}`}
            items={points}
            columns={columns}
            getRowId={(p) => p.point.id}
            selectedId={chosen?.point.id ?? null}
            onSelect={setSelectedId}
            rowLabel={(p) => `restore point of ${formatDateTime(p.point.createdAt)}`}
          />
        </>
      )}
      {open?.kind === 'export' && <ExportDiskDialog restorePoint={open.point.point} vmId={vmId} onClose={() => setOpen(null)} />}
      {open?.kind === 'vm' && <VmRestoreWizard vmId={vmId} pointId={open.point.point.id} onClose={() => setOpen(null)} />}
      {open?.kind === 'disks' && <DiskRestoreWizard vmId={vmId} pointId={open.point.point.id} onClose={() => setOpen(null)} />}
    </div>
  );
}

function vmPointColumns(showJob: boolean): Column<VmPoint>[] {
  const job: Column<VmPoint>[] = showJob
    ? [{ id: 'job', label: 'Job', width: 160, render: (p) => `${p.point.jobName}${p.point.jobDeleted ? ' (deleted)' : ''}`, sortValue: (p) => p.point.jobName }]
    : [];
  return [
    { id: 'created', label: 'Created', width: 170, render: (p) => formatDateTime(p.point.createdAt), sortValue: (p) => p.point.createdAt },
    ...job,
    { id: 'kind', label: 'Type', width: 100, render: (p) => <span data-kind={p.kind}>{KIND_TEXT[p.kind]}</span>, sortValue: (p) => p.kind },
    {
      id: 'consistency',
      label: 'Consistency',
      width: 130,
      render: (p) =>
        p.consistency === 'crash' ? (
          <Badge appearance="tint" color="warning" data-consistency="crash">
            Crash-consistent
          </Badge>
        ) : (
          <span data-consistency="application">Application</span>
        ),
      sortValue: (p) => p.consistency,
    },
    { id: 'disks', label: 'Disks', width: 70, render: (p) => p.disks.length, sortValue: (p) => p.disks.length },
    { id: 'size', label: 'Size', width: 100, render: (p) => formatBytes(p.sizeBytes), sortValue: (p) => p.sizeBytes },
    { id: 'stored', label: 'Stored', width: 100, render: (p) => formatBytes(p.storedBytes), sortValue: (p) => p.storedBytes },
    { id: 'verify', label: 'Verification', width: 320, minWidth: 220, render: (p) => <VerifyCell restorePoint={p.point} /> },
  ];
}
