// A restore session's own facts (restore.session): mode and reason, and per VM the target, the step it is at, what the
// target is left as, and each disk's progress with the bytes the target's data mover wrote (quick rollback: only the
// changed blocks). Typed facts, refreshed while the session runs; never read from the log.
import { useCallback, useEffect, useState } from 'react';
import { Badge, ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { RestoreSessionFacts } from '../../../src-shared/contract/restore';
import { getClient } from '../../backend/client';
import { errorMessage } from '../../backend/errors';
import { DataTable, type Column } from '../../components/DataTable';
import { Section } from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { formatBytes } from '../../lib/format';
import { usePolling } from '../../lib/usePolling';

type Item = RestoreSessionFacts['items'][number];
type Disk = Item['disks'][number];

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  meta: { display: 'flex', gap: tokens.spacingHorizontalXL, flexWrap: 'wrap', color: tokens.colorNeutralForeground2 },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  progress: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, width: '100%' },
});

export const RESTORE_MODE_TEXT: Record<RestoreSessionFacts['mode'], string> = {
  original: 'Entire VM restore to the original location',
  new: 'Entire VM restore to a new location',
  disks: 'Virtual disks restore',
};

const STEP_TEXT: Record<Item['step'], string> = {
  check: 'Checking the target',
  'power-off': 'Powering off the original VM',
  prepare: 'Preparing folders',
  write: 'Writing disks',
  register: 'Registering the VM',
  network: 'Connecting the network',
  'cluster-role': 'Adding the cluster role',
  'power-on': 'Powering on',
  done: 'Done',
};

const diskColumns: Column<Disk>[] = [
  { id: 'index', label: 'Disk', width: 60, render: (d) => d.diskIndex },
  { id: 'path', label: 'Target file', width: 340, render: (d) => d.targetPath },
  { id: 'state', label: 'State', width: 90, render: (d) => <span data-disk-state={d.state}>{d.state}</span> },
  {
    id: 'progress',
    label: 'Written',
    width: 260,
    render: (d) => <DiskProgress disk={d} />,
  },
];

function DiskProgress({ disk }: { disk: Disk }) {
  const s = useStyles();
  const done = disk.state === 'Written';
  // quick rollback writes only the changed blocks: the bar ends full when the disk is written
  const value = done ? 1 : disk.bytesTotal > 0 ? Math.min(1, disk.bytesWritten / disk.bytesTotal) : 0;
  return (
    <span className={s.progress}>
      <ProgressBar value={value} color={disk.state === 'Failed' ? 'error' : done ? 'success' : 'brand'} aria-label={`Disk ${disk.diskIndex} written`} />
      <Text size={200} data-bytes-written={disk.bytesWritten}>
        {`${formatBytes(disk.bytesWritten)} of ${formatBytes(disk.bytesTotal)}`}
      </Text>
    </span>
  );
}

export function RestoreFacts({ sessionId, running, progress }: { sessionId: string; running: boolean; progress: number }) {
  const s = useStyles();
  const [facts, setFacts] = useState<RestoreSessionFacts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    getClient()
      .call('restore.session', { id: sessionId })
      .then((f) => {
        setFacts(f);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [sessionId]);
  // on open, whenever the session's progress or result moves, and every 2 s while it runs (a step can change alone)
  useEffect(load, [load, running, progress]);
  usePolling(running, 2000, load);

  return (
    <Section title="Restore">
      {error && <ErrorState title="Could not load the restore's details" message={error} onRetry={load} />}
      {!facts ? (
        !error && <LoadingState label="Loading the restore…" />
      ) : (
        <div className={s.stack}>
          <div className={s.meta}>
            <Text data-restore-mode={facts.mode}>{RESTORE_MODE_TEXT[facts.mode]}</Text>
            <Text data-restore-written={facts.bytesWritten}>{`Written: ${formatBytes(facts.bytesWritten)}`}</Text>
            {facts.powerOn && <Text>Power on after restoring</Text>}
            <Text>{facts.reason ? `Reason: ${facts.reason}` : 'No reason given'}</Text>
          </div>
          {facts.items.map((item) => (
            <RestoreItem key={`${item.vmId}/${item.pointId}`} item={item} />
          ))}
        </div>
      )}
    </Section>
  );
}

function RestoreItem({ item }: { item: Item }) {
  const s = useStyles();
  const written = item.disks.reduce((n, d) => n + d.bytesWritten, 0);
  return (
    <section className={s.item} aria-label={`Restore of ${item.vmName}`}>
      <h3 className={s.heading}>
        {item.vmName}
        {item.targetVmName && item.targetVmName !== item.vmName ? ` → ${item.targetVmName}` : ''}
      </h3>
      <div className={s.meta}>
        <Badge appearance="tint" color={item.error ? 'danger' : item.step === 'done' ? 'success' : 'brand'} data-restore-step={item.step}>
          {STEP_TEXT[item.step]}
        </Badge>
        {item.quickRollback && <Text data-quick-rollback>{`Quick rollback: ${formatBytes(written)} written (only the blocks changed since the point)`}</Text>}
        <Text data-target-state>{item.targetState}</Text>
      </div>
      {item.error && <ErrorState title={`${item.vmName}: ${item.error.code}`} message={item.error.message} />}
      <DataTable label={`Disks of ${item.vmName}`} items={item.disks} columns={diskColumns} getRowId={(d) => String(d.diskIndex)} />
    </section>
  );
}
