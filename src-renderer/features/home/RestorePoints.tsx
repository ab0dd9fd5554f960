// Restore points of the selected job: verify (every chunk re-read and re-hashed) and export a disk to a file.
import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, InfoButton, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownload16Regular, ShieldCheckmark16Regular } from '@fluentui/react-icons';
import type { RestorePoint } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { useNotify } from '../../components/notify';
import { EmptyState, LoadableView } from '../../components/StateViews';
import { errorMessage } from '../../backend/errors';
import { formatBytes, formatDateTime, formatPercent } from '../../lib/format';
import { visuallyHidden } from '../../lib/visuallyHidden';
import { crashVmNames, diskStateText, disksInOrder, pointConsistencyText, pointKindText, pointVmNames } from '../../lib/restorePointText';
import { useFerryStore } from '../../store';
import { watchTask } from '../../store/live-updates';
import { notLoaded } from '../../store/loadable';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { restorePointsSelectors } from '../../store/slices/restorePoints/selectors';
import { tasksSelectors } from '../../store/slices/tasks/selectors';
import { ExportDiskDialog } from '../restore/ExportDiskDialog';
import { MountAction } from '../mount/MountDialog';
import { RestoreGuestFilesButton } from '../guest-files/GuestFilesDialog';

const useStyles = makeStyles({
  verify: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  summary: { color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  disks: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  diskList: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  visuallyHidden: { ...visuallyHidden },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
});

const CRASH_NOTE = 'databases in these guests replay their logs after a restore';

const EMPTY = notLoaded<RestorePoint[]>([]);

export function RestorePoints({ jobId }: { jobId: string | null }) {
  const loadable = useFerryStore(restorePointsSelectors.forJob(jobId ?? '')) ?? EMPTY;
  const fetchRestorePoints = useFerryStore((s) => s.fetchRestorePoints);
  const [restoring, setRestoring] = useState<RestorePoint | null>(null);
  const columns = useMemo(() => restorePointColumns(setRestoring), []);

  useEffect(() => {
    if (jobId) void fetchRestorePoints(jobId);
  }, [jobId, fetchRestorePoints]);

  if (!jobId) return <EmptyState>Select a job to see its restore points.</EmptyState>;
  return (
    <LoadableView
      loadable={loadable}
      what="restore points"
      onRetry={() => void fetchRestorePoints(jobId)}
      empty="This job has no restore points yet. Run it to create one."
    >
      {(items) => (
        <>
          <DataTable
            label="Restore points"
            items={[...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
            columns={columns}
            getRowId={(rp) => rp.id}
          />
          {restoring && <ExportDiskDialog restorePoint={restoring} onClose={() => setRestoring(null)} />}
        </>
      )}
    </LoadableView>
  );
}

export function ExportDiskButton({ restorePoint, onRestore }: { restorePoint: RestorePoint; onRestore(rp: RestorePoint): void }) {
  const connected = useFerryStore(connectionSelectors.isConnected);
  return (
    <Button
      size="small"
      icon={<ArrowDownload16Regular />}
      disabled={!connected}
      aria-label={`Export disk from the restore point of ${formatDateTime(restorePoint.createdAt)}`}
      onClick={() => onRestore(restorePoint)}
    >
      Export disk
    </Button>
  );
}

/** A whole disk, or guest files out of it (the guest-file browser's one entry point). */
function RestoreActions({ restorePoint, onRestore }: { restorePoint: RestorePoint; onRestore(rp: RestorePoint): void }) {
  const s = useStyles();
  return (
    <span className={s.actions}>
      <ExportDiskButton restorePoint={restorePoint} onRestore={onRestore} />
      <RestoreGuestFilesButton restorePoint={restorePoint} />
    </span>
  );
}

function restorePointColumns(onRestore: (rp: RestorePoint) => void): Column<RestorePoint>[] {
  return [
    { id: 'created', label: 'Created', width: 170, render: (rp) => formatDateTime(rp.createdAt), sortValue: (rp) => rp.createdAt },
    {
      id: 'vms',
      label: 'VMs',
      width: 180,
      render: (rp) => pointVmNames(rp).join(', '),
    },
    {
      id: 'kind',
      label: 'Type',
      width: 110,
      // Per disk behind the Disks column's info button: a VM added since the last run is read in full inside an incremental point.
      render: (rp) => <span data-kind={pointKindText(rp)}>{pointKindText(rp)}</span>,
      sortValue: pointKindText,
    },
    { id: 'consistency', label: 'Consistency', width: 130, render: (rp) => <ConsistencyCell restorePoint={rp} />, sortValue: pointConsistencyText },
    { id: 'disks', label: 'Disks', width: 90, render: (rp) => <DisksCell restorePoint={rp} />, sortValue: (rp) => rp.disks.length },
    {
      id: 'size',
      label: 'Source size',
      width: 110,
      render: (rp) => formatBytes(rp.disks.reduce((n, d) => n + d.virtualSizeBytes, 0)),
    },
    {
      id: 'stored',
      label: 'Stored',
      width: 100,
      render: (rp) => formatBytes(rp.disks.reduce((n, d) => n + d.storedBytes, 0)),
    },
    { id: 'verify', label: 'Verification', width: 340, minWidth: 220, render: (rp) => <VerifyCell restorePoint={rp} /> },
    { id: 'restore', label: 'Restore', width: 260, minWidth: 230, render: (rp) => <RestoreActions restorePoint={rp} onRestore={onRestore} /> },
    { id: 'mount', label: 'Mount', width: 100, minWidth: 90, render: (rp) => <MountAction restorePoint={rp} /> },
  ];
}

/**
 * The count, and an info button (keyboard and screen readers reach it, unlike a tooltip) with each disk's
 * full/incremental and consistency.
 */
function DisksCell({ restorePoint }: { restorePoint: RestorePoint }) {
  const s = useStyles();
  return (
    <span className={s.disks}>
      {restorePoint.disks.length}
      <InfoButton
        size="small"
        aria-label={`Disks of the restore point of ${formatDateTime(restorePoint.createdAt)}`}
        // fixed: the table scrolls sideways and would clip it
        popover={{ positioning: { strategy: 'fixed' } }}
        info={
          <ul className={s.diskList} aria-label="Disks: full or incremental, consistency">
            {disksInOrder(restorePoint.disks).map((d) => (
              <li key={`${d.vmId}/${d.diskIndex}`}>{`${d.vmName} disk ${d.diskIndex}: ${diskStateText(d)}`}</li>
            ))}
          </ul>
        }
      />
    </span>
  );
}

/** Crash-consistent points stand out: restoring them means the guests' databases replay their logs. */
export function ConsistencyCell({ restorePoint }: { restorePoint: RestorePoint }) {
  const s = useStyles();
  const text = pointConsistencyText(restorePoint);
  return crashVmNames(restorePoint).length > 0 ? (
    <>
      <Badge appearance="tint" color="warning" data-consistency="crash" title={`${text}: ${CRASH_NOTE}`}>
        {text}
      </Badge>
      {/* the tooltip's words for screen readers too */}
      <span className={s.visuallyHidden}>{`: ${CRASH_NOTE}`}</span>
    </>
  ) : (
    <span data-consistency="application">{text}</span>
  );
}

export function VerifyCell({ restorePoint }: { restorePoint: RestorePoint }) {
  const s = useStyles();
  const notify = useNotify();
  const taskId = useFerryStore(restorePointsSelectors.verifyTaskId(restorePoint.id));
  const task = useFerryStore(tasksSelectors.byId(taskId));
  const connected = useFerryStore(connectionSelectors.isConnected);
  const verify = useFerryStore((st) => st.verifyRestorePoint);
  const fetchRestorePoints = useFerryStore((st) => st.fetchRestorePoints);

  useEffect(() => (taskId ? watchTask(taskId) : undefined), [taskId]);
  // The restore point's own lastVerify is updated by the host once the task ends.
  useEffect(() => {
    if (task && task.state !== 'running') void fetchRestorePoints(restorePoint.jobId);
  }, [task?.state, restorePoint.jobId, fetchRestorePoints]);

  const running = task?.state === 'running' || (taskId !== undefined && !task);
  const outcome = verifyOutcome(restorePoint, task);

  return (
    <div className={s.verify}>
      <Button
        size="small"
        icon={<ShieldCheckmark16Regular />}
        disabled={running || !connected}
        aria-label={`Verify restore point of ${formatDateTime(restorePoint.createdAt)}`}
        onClick={() =>
          verify(restorePoint.id).catch((e: unknown) => notify('Verification could not start', errorMessage(e), 'error'))
        }
      >
        Verify
      </Button>
      {running ? (
        <Spinner size="extra-tiny" label={`Verifying… ${task ? formatPercent(task.progress) : ''}`} />
      ) : outcome ? (
        <>
          <Badge appearance="filled" color={outcome.ok ? 'success' : 'danger'} data-verify={outcome.ok ? 'ok' : 'failed'}>
            {outcome.ok ? 'OK' : 'Failed'}
          </Badge>
          <Text size={200} className={s.summary} title={outcome.summary}>
            {outcome.summary}
          </Text>
        </>
      ) : (
        <Text size={200} className={s.summary}>
          Never verified
        </Text>
      )}
    </div>
  );
}

type VerifyTask = NonNullable<ReturnType<ReturnType<typeof tasksSelectors.byId>>>;

/** The newest answer wins: a just-finished task, else the restore point's recorded verification. */
function verifyOutcome(rp: RestorePoint, task: VerifyTask | undefined): { ok: boolean; summary: string } | null {
  if (task && task.state !== 'running') {
    if (task.state === 'failed') return { ok: false, summary: task.error?.message ?? 'Verification failed' };
    const ok = task.result?.ok !== false;
    const summary = typeof task.result?.summary === 'string' ? task.result.summary : (rp.lastVerify?.summary ?? '');
    return { ok, summary };
  }
  return rp.lastVerify ? { ok: rp.lastVerify.ok, summary: `${rp.lastVerify.summary} (${formatDateTime(rp.lastVerify.at)})` } : null;
}
