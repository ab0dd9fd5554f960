// Replicas: each replica VM of the replication jobs with its source, target host, state, restore points, last
// successful sync and health; the disaster-recovery operations, each enabled only in the states that allow it.
import { useEffect, useState } from 'react';
import { MessageBar, MessageBarBody, ToolbarButton, ToolbarDivider, makeStyles, tokens } from '@fluentui/react-components';
import {
  ArrowClockwise20Regular,
  ArrowForward20Regular,
  ArrowReply20Regular,
  ArrowUndo20Regular,
  CheckmarkCircle20Regular,
  LockClosed20Regular,
  ArrowSyncCircle20Regular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { CommandBar } from '../../components/CommandBar';
import { DetailsList } from '../../components/DetailsList';
import { Section } from '../../components/Section';
import { EmptyState, LoadableView } from '../../components/StateViews';
import { useReturnFocus } from '../../components/useReturnFocus';
import { formatBytes, formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { replicasSelectors } from '../../store/slices/replicas/selectors';
import type { ReplicaOperation } from '../../store/slices/replicas/state';
import type { Replica } from '../../../src-shared/contract/replication';
import { OPERATIONS, OPERATION_WORDS, isAllowed, stateText } from './operations';
import { ReplicaOperationDialog } from './ReplicaOperationDialog';
import { ReplicaPointsTable, ReplicaStateBadge, ReplicasTable } from './ReplicaTables';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL, padding: tokens.spacingHorizontalXL },
});

const ICONS: Record<ReplicaOperation, ReactElement> = {
  failover: <ArrowForward20Regular />,
  undoFailover: <ArrowUndo20Regular />,
  permanentFailover: <LockClosed20Regular />,
  failback: <ArrowReply20Regular />,
  commitFailback: <CheckmarkCircle20Regular />,
  undoFailback: <ArrowSyncCircle20Regular />,
};

export function ReplicasView() {
  const s = useStyles();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const replicas = useFerryStore(replicasSelectors.loadable);
  const selected = useFerryStore(replicasSelectors.selected);
  const selectedId = useFerryStore(replicasSelectors.selectedId);
  const { fetchReplicas, selectReplica } = useFerryStore.getState();
  const [dialog, setDialogState] = useState<{ op: ReplicaOperation; replica: Replica } | null>(null);
  const focus = useReturnFocus();
  const setDialog = (next: { op: ReplicaOperation; replica: Replica } | null) => {
    if (next) focus.remember();
    setDialogState(next);
    if (!next) focus.restore();
  };

  useEffect(() => {
    if (connected) void fetchReplicas();
  }, [connected, fetchReplicas]);

  return (
    <>
      <CommandBar title="Replicas" label="Replica commands">
        {OPERATIONS.map((op) => (
          <ToolbarButton
            key={op}
            icon={ICONS[op]}
            disabled={!connected || !selected || !isAllowed(op, selected.state)}
            onClick={() => selected && setDialog({ op, replica: selected })}
          >
            {OPERATION_WORDS[op].label}
          </ToolbarButton>
        ))}
        <ToolbarDivider />
        <ToolbarButton icon={<ArrowClockwise20Regular />} disabled={!connected} onClick={() => void fetchReplicas()}>
          Refresh
        </ToolbarButton>
      </CommandBar>
      <div className={s.body}>
        <Section title="Replica VMs">
          <LoadableView
            loadable={replicas}
            what="replicas"
            onRetry={() => void fetchReplicas()}
            empty="No replicas yet. Create a replication job (Home → New job → Replication job) and run it: each VM gets a replica on the target host."
          >
            {(items) => <ReplicasTable items={items} selectedId={selectedId} onSelect={selectReplica} />}
          </LoadableView>
        </Section>
        {selected ? <ReplicaDetails replica={selected} /> : replicas.data.length > 0 && <EmptyState>Select a replica to see its restore points.</EmptyState>}
      </div>
      {dialog && (
        <ReplicaOperationDialog
          op={dialog.op}
          // the live replica (its state moves while the dialog is open), the one it opened with if it vanished
          replica={replicas.data.find((r) => r.id === dialog.replica.id) ?? dialog.replica}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}

function ReplicaDetails({ replica }: { replica: Replica }) {
  const point = replica.points.find((p) => p.id === replica.failover?.pointId);
  const items = [
    { term: 'State', value: <ReplicaStateBadge state={replica.state} /> },
    { term: 'Source VM', value: replica.sourceVmName },
    { term: 'Target host', value: `${replica.targetHostName}: ${replica.path}` },
    { term: 'Last successful sync', value: replica.lastSyncAt ? formatDateTime(replica.lastSyncAt) : 'Never' },
    { term: 'Health', value: replica.health.level === 'ok' ? 'OK' : `Warning: ${replica.health.reason}` },
    ...(replica.failover
      ? [{ term: replica.failover.planned ? 'Planned failover' : 'Failover', value: `since ${formatDateTime(replica.failover.startedAt)}, from the point of ${point ? formatDateTime(point.createdAt) : replica.failover.pointId}${replica.failover.reason ? ` — ${replica.failover.reason}` : ''}` }]
      : []),
    ...(replica.failback
      ? [{ term: 'Failback', value: `${formatDateTime(replica.failback.at)}: ${formatBytes(replica.failback.bytesSent)} sent, ${replica.failback.blocksCompared} blocks compared${replica.failback.path ? ` to ${replica.failback.path}` : ''}` }]
      : []),
  ];
  return (
    <Section title={`${replica.name} — ${stateText(replica.state)}`}>
      {replica.pausedReason && (
        <MessageBar intent="warning">
          {/* the engine's own sentence: it names the VM and why */}
          <MessageBarBody>{replica.pausedReason}</MessageBarBody>
        </MessageBar>
      )}
      <DetailsList label={`Replica ${replica.name}`} items={items} framed />
      {replica.points.length === 0 ? <EmptyState>No restore points yet.</EmptyState> : <ReplicaPointsTable replica={replica} />}
    </Section>
  );
}
