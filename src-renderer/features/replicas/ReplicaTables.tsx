// The replicas of every replication job, and the selected replica's restore points (Hyper-V checkpoints).
import { useMemo } from 'react';
import { Badge, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { Warning16Filled } from '@fluentui/react-icons';
import type { Replica, ReplicaPoint, ReplicaState } from '../../../src-shared/contract/replication';
import { DataTable, type Column } from '../../components/DataTable';
import { formatBytes, formatDateTime, formatShortDateTime } from '../../lib/format';
import { stateText } from './operations';

const useStyles = makeStyles({
  health: { display: 'inline-flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

const STATE_COLOR: Record<ReplicaState, 'success' | 'warning' | 'important' | 'informative' | 'subtle'> = {
  Ready: 'success',
  Failover: 'warning',
  ReadyToSwitch: 'important',
  Failback: 'informative',
  PermanentFailover: 'subtle',
};

export function ReplicaStateBadge({ state }: { state: ReplicaState }) {
  return (
    <Badge appearance="tint" color={STATE_COLOR[state]} data-replica-state={state}>
      {stateText(state)}
    </Badge>
  );
}

function Health({ replica }: { replica: Replica }) {
  const s = useStyles();
  if (replica.health.level === 'ok') return <span>OK</span>;
  return (
    <Tooltip content={replica.health.reason} relationship="description">
      <span className={s.health} tabIndex={0}>
        <Warning16Filled className={s.warn} aria-hidden />
        Warning: {replica.health.reason}
      </span>
    </Tooltip>
  );
}

export function ReplicasTable({ items, selectedId, onSelect }: { items: Replica[]; selectedId: string | null; onSelect(id: string | null): void }) {
  const columns = useMemo<Column<Replica>[]>(
    () => [
      { id: 'name', label: 'Replica', width: 150, render: (r) => r.name, sortValue: (r) => r.name },
      { id: 'source', label: 'Source VM', width: 110, render: (r) => r.sourceVmName, sortValue: (r) => r.sourceVmName },
      { id: 'job', label: 'Job', width: 130, render: (r) => r.jobName, sortValue: (r) => r.jobName },
      { id: 'target', label: 'Target host', width: 100, render: (r) => r.targetHostName, sortValue: (r) => r.targetHostName },
      { id: 'state', label: 'State', width: 140, minWidth: 140, render: (r) => <ReplicaStateBadge state={r.state} />, sortValue: (r) => r.state },
      { id: 'points', label: 'Restore points', width: 90, render: (r) => r.points.length, sortValue: (r) => r.points.length },
      {
        id: 'lastSync',
        label: 'Last successful sync',
        width: 130,
        minWidth: 120,
        render: (r) => <span title={r.lastSyncAt ? formatDateTime(r.lastSyncAt) : undefined}>{r.lastSyncAt ? formatShortDateTime(r.lastSyncAt) : 'Never'}</span>,
        sortValue: (r) => r.lastSyncAt ?? '',
      },
      { id: 'health', label: 'Health', width: 220, render: (r) => <Health replica={r} />, sortValue: (r) => r.health.level },
    ],
    [],
  );
  return <DataTable label="Replicas" items={items} columns={columns} getRowId={(r) => r.id} selectedId={selectedId} onSelect={onSelect} rowLabel={(r) => r.name} />;
}

export function ReplicaPointsTable({ replica }: { replica: Replica }) {
  const columns = useMemo<Column<ReplicaPoint>[]>(
    () => [
      {
        id: 'created',
        label: 'Created',
        width: 320,
        minWidth: 180,
        render: (p) => (
          <>
            {formatDateTime(p.createdAt)}
            {replica.failover?.pointId === p.id && (
              <>
                {' '}
                <Badge appearance="outline" size="small" color="warning">
                  running from this point
                </Badge>
              </>
            )}
          </>
        ),
        sortValue: (p) => p.createdAt,
      },
      { id: 'kind', label: 'Type', width: 100, render: (p) => (p.kind === 'full' ? 'Full' : 'Incremental'), sortValue: (p) => p.kind },
      { id: 'consistency', label: 'Consistency', width: 120, render: (p) => (p.consistency === 'application' ? 'Application' : 'Crash'), sortValue: (p) => p.consistency },
      { id: 'checkpoint', label: 'Checkpoint', width: 280, render: (p) => p.checkpointName },
      { id: 'size', label: 'Written', width: 100, render: (p) => formatBytes(p.disks.reduce((n, d) => n + d.fileBytes, 0)), sortValue: (p) => p.disks.reduce((n, d) => n + d.fileBytes, 0) },
    ],
    [replica.failover?.pointId],
  );
  // newest first, as admins look for the latest point
  const items = useMemo(() => [...replica.points].reverse(), [replica.points]);
  return <DataTable label="Replica restore points" size="small" items={items} columns={columns} getRowId={(p) => p.id} />;
}
