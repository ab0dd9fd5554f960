// The session window. Running sessions stream; finished ones open read-only in the same view.
// Each part subscribes to its own slice of the live session (header, stats, VMs, lifecycle, log), so a
// log-only update does not redraw the VM list and a progress update does not redraw the log.
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Badge, Button, Radio, RadioGroup, SearchBox, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorCode } from '../../../src-shared/contract';
import { errorCode, errorMessage } from '../../backend/errors';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNotify } from '../../components/notify';
import { Section } from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { interruptedText } from '../../lib/sessionText';
import { useFerryStore } from '../../store';
import { watchSession } from '../../store/live-updates';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { sessionsSelectors } from '../../store/slices/sessions/selectors';
import type { StopMode } from '../../store/slices/sessions/state';
import { BottleneckPanel } from './BottleneckPanel';
import { NO_DEPARTURES, sessionDepartures } from './departures';
import { RateChart } from './RateChart';
import { SessionAlerts } from './SessionAlerts';
import { RestoreFacts } from './RestoreFacts';
import { SessionHeader, sessionTitle, type RetriedSession } from './SessionHeader';
import { jobsSelectors } from '../../store/slices/jobs/selectors';
import { SessionLog } from './SessionLog';
import { SessionStats } from './SessionStats';
import { SnapshotLifecycle } from './SnapshotLifecycle';
import { VmTaskGrid } from './VmTaskGrid';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL, padding: tokens.spacingHorizontalXL },
  filterRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
});

export function SessionPage({ sessionId }: { sessionId: string }) {
  const s = useStyles();
  const watch = useFerryStore(useShallow(sessionsSelectors.watchState(sessionId)));
  const navigate = useFerryStore((st) => st.navigate);

  useEffect(() => watchSession(sessionId), [sessionId]);

  if (!watch.status || watch.status === 'loading') return <LoadingState label="Loading session…" />;
  if (watch.status === 'error' || !watch.loaded) {
    return (
      <div className={s.page}>
        <ErrorState title="Could not open the session" message={watch.error ?? 'Unknown session'} />
        <Button onClick={() => navigate({ view: 'home' })}>Back to Home</Button>
      </div>
    );
  }
  return <SessionWindow sessionId={sessionId} />;
}

function SessionWindow({ sessionId }: { sessionId: string }) {
  const s = useStyles();
  const summary = useFerryStore(useShallow(sessionsSelectors.summary(sessionId)));
  // what a retry would process: the failed VMs and those a stop left unfinished
  const retryLabel = useFerryStore((st) => retryLabelOf(sessionsSelectors.vms(sessionId)(st) ?? []));
  const { retried, interrupted } = useHeaderFacts(sessionId, summary.retryOf);
  // a deleted job's sessions stay: without the job they read as what most sessions are, a backup
  const jobKind = useFerryStore((st) => jobsSelectors.byId(summary.jobId)(st)?.spec.kind ?? 'backup');
  const hosts = useFerryStore(inventorySelectors.hosts);
  const connected = useFerryStore(connectionSelectors.isConnected);
  const navigate = useFerryStore((st) => st.navigate);
  const stopSession = useFerryStore((st) => st.stopSession);
  const retrySession = useFerryStore((st) => st.retrySession);
  const notify = useNotify();
  const [vmFilter, setVmFilter] = useState<string | null>(null);
  const [stop, setStop] = useState<{ busy: boolean; error: string | null } | null>(null);
  const [stopMode, setStopMode] = useState<StopMode>('graceful');
  const [retrying, setRetrying] = useState(false);
  const hostName = useCallback((id: string) => hosts.find((h) => h.id === id)?.name ?? id, [hosts]);
  const goHome = useCallback(() => navigate({ view: 'home' }), [navigate]);
  const openStop = useCallback(() => setStop({ busy: false, error: null }), []);
  const clearVmFilter = useCallback(() => setVmFilter(null), []);

  const doStop = async () => {
    setStop({ busy: true, error: null });
    try {
      await stopSession(sessionId, stopMode);
      setStop(null);
    } catch (e) {
      // The session ended between opening the dialog and the click: nothing went wrong, there is nothing to stop.
      if (errorCode(e) === ErrorCode.Conflict) {
        setStop(null);
        notify('Nothing to stop', `${summary.jobName} had already ended.`, 'info');
      } else setStop({ busy: false, error: errorMessage(e) });
    }
  };

  const retry = async () => {
    setRetrying(true);
    try {
      const next = await retrySession(sessionId);
      navigate({ view: 'session', sessionId: next });
    } catch (e) {
      notify('Retry did not start', errorMessage(e), 'error');
    } finally {
      setRetrying(false);
    }
  };

  const running = summary.result === 'Running';
  const restore = summary.kind === 'restore';
  // A Stop dialog left open while the session ends has nothing left to stop: it closes and says how it ended.
  // (While a stop request is in flight, its answer closes the dialog instead.)
  const stopOpen = stop !== null && !stop.busy;
  useEffect(() => {
    if (!running && stopOpen) {
      setStop(null);
      notify('Nothing to stop', `${summary.jobName} ended before the stop (${summary.result}).`, 'info');
    }
  }, [running, stopOpen, notify, summary.jobName, summary.result]);

  return (
    <div className={s.page} aria-label={`${jobKind === 'replication' ? 'Replication session' : 'Session'} of ${sessionTitle(summary)}`} role="region">
      <SessionHeader
        session={summary}
        jobKind={jobKind}
        onBack={goHome}
        onStop={openStop}
        stopDisabled={!connected}
        // a restore is re-run from its wizard (the engine does not retry a restore as a backup)
        onRetry={!running && retryLabel && !restore ? () => void retry() : null}
        retryLabel={retryLabel ?? ''}
        retryDisabled={!connected || retrying}
        retried={retried}
        interrupted={interrupted}
      />
      {restore ? <RestoreFacts sessionId={sessionId} running={running} progress={summary.progress} /> : <LiveAlerts sessionId={sessionId} />}
      <LiveStats sessionId={sessionId} />
      {/* a restore's data mover measures no pipeline stages: a bottleneck of zeros would tell nothing */}
      {!restore && (
        <Section title="Bottleneck">
          <LiveBottleneck sessionId={sessionId} replication={jobKind === 'replication'} />
        </Section>
      )}
      <Section title="Processing rate">
        <RateChart sessionId={sessionId} live={running} />
      </Section>
      <Section title="Virtual machines">
        <LiveVms
          sessionId={sessionId}
          running={running}
          hostName={hostName}
          vmFilter={vmFilter}
          onSelect={setVmFilter}
        />
      </Section>
      {!restore && (
        <Section title="Snapshot lifecycle">
          <LiveLifecycle sessionId={sessionId} hostName={hostName} />
        </Section>
      )}
      <LiveLog sessionId={sessionId} vmFilter={vmFilter} onClearFilter={clearVmFilter} />

      {stop && (
        <ConfirmDialog
          open
          title="Stop session"
          confirmLabel="Stop"
          busy={stop.busy}
          error={stop.error}
          onConfirm={() => void doStop()}
          onCancel={() => setStop(null)}
        >
          <Text block>
            Stop <strong>{sessionTitle(summary)}</strong>?{' '}
            {restore ? 'The target is left consistent either way: no half-registered VM, no stray files.' : 'Snapshots are released and deleted either way.'}
          </Text>
          <RadioGroup value={stopMode} onChange={(_e, d) => setStopMode(d.value as StopMode)} aria-label="How to stop">
            <Radio value="graceful" label={restore ? 'Graceful: VMs being restored finish, nothing new starts' : 'Graceful: VMs in progress finish, nothing new starts'} />
            <Radio value="immediate" label={restore ? 'Immediate: disks being written are cancelled and their files removed' : 'Immediate: VMs in progress get no restore point'} />
          </RadioGroup>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The header's link to the session a retry retries, and an interrupted session's notice. */
function useHeaderFacts(sessionId: string, retryOf: string | null): { retried: RetriedSession | null; interrupted: string | null } {
  const navigate = useFerryStore((st) => st.navigate);
  const retriedStartedAt = useFerryStore(sessionsSelectors.startedAt(retryOf));
  // the typed facts, never the reason text: start-up recovery marked the session and its snapshots' clean-up
  const interrupted = useFerryStore((st) => {
    const v = sessionsSelectors.view(sessionId)(st);
    return v?.interrupted ? interruptedText(v.snapshots) : null;
  });
  const retried = useMemo(
    () => (retryOf ? { startedAt: retriedStartedAt, open: () => navigate({ view: 'session', sessionId: retryOf }) } : null),
    [retryOf, retriedStartedAt, navigate],
  );
  return { retried, interrupted };
}

// Alerts, VM flags and snapshot cards judge a session by the session itself (see departures.ts), never by
// the job's current settings: an old session of an edited job keeps its own story.
const LiveAlerts = memo(function LiveAlerts({ sessionId }: { sessionId: string }) {
  const vms = useFerryStore(sessionsSelectors.vms(sessionId));
  const snapshots = useFerryStore(sessionsSelectors.snapshots(sessionId));
  return vms && snapshots ? <SessionAlerts vms={vms} snapshots={snapshots} /> : null;
});

const LiveStats = memo(function LiveStats({ sessionId }: { sessionId: string }) {
  const stats = useFerryStore(sessionsSelectors.stats(sessionId));
  const vms = useFerryStore(sessionsSelectors.vms(sessionId));
  return stats && vms ? <SessionStats stats={stats} vms={vms} /> : null;
});

const LiveBottleneck = memo(function LiveBottleneck({ sessionId, replication }: { sessionId: string; replication: boolean }) {
  const stats = useFerryStore(sessionsSelectors.stats(sessionId));
  return stats ? <BottleneckPanel stats={stats} replication={replication} /> : null;
});

const LiveVms = memo(function LiveVms(props: {
  sessionId: string;
  running: boolean;
  hostName(id: string): string;
  vmFilter: string | null;
  onSelect(id: string | null): void;
}) {
  const s = useStyles();
  const vms = useFerryStore(sessionsSelectors.vms(props.sessionId));
  const snapshots = useFerryStore(sessionsSelectors.snapshots(props.sessionId));
  const departures = useMemo(() => (vms && snapshots ? sessionDepartures(snapshots, vms) : NO_DEPARTURES), [vms, snapshots]);
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q ? (vms ?? []).filter((v) => v.vmName.toLowerCase().includes(q)) : (vms ?? []);
  }, [vms, search]);
  const counts = useMemo(() => {
    const c = { Running: 0, Success: 0, Warning: 0, Failed: 0, Stopped: 0 } as Record<string, number>;
    for (const v of vms ?? []) c[v.status] = (c[v.status] ?? 0) + 1;
    return c;
  }, [vms]);
  return (
    <>
      <div className={s.filterRow}>
        <SearchBox placeholder="Filter VMs" aria-label="Filter the VMs of this session" value={search} onChange={(_e, d) => setSearch(d.value)} />
        <Text>
          {vms?.length ?? 0} VMs · {counts.Running} running · {counts.Success} done · {counts.Warning} with warnings · {counts.Failed} failed
          {counts.Stopped > 0 && ` · ${counts.Stopped} stopped`}
        </Text>
        {!props.running && <Badge appearance="outline">Read-only: this session has ended</Badge>}
      </div>
      <VmTaskGrid
        label="Virtual machines in this session"
        vms={shown}
        hostName={props.hostName}
        selectedVmId={props.vmFilter}
        onSelect={props.onSelect}
        departures={departures}
      />
      <Text size={200}>Select a VM (click, or arrow keys and Enter) to see its own log below.</Text>
    </>
  );
});

const LiveLifecycle = memo(function LiveLifecycle(props: { sessionId: string; hostName(id: string): string }) {
  const view = useFerryStore(sessionsSelectors.view(props.sessionId));
  return view ? <SnapshotLifecycle session={view} hostName={props.hostName} /> : null;
});

const LiveLog = memo(function LiveLog({ sessionId, vmFilter, onClearFilter }: { sessionId: string; vmFilter: string | null; onClearFilter(): void }) {
  const log = useFerryStore(sessionsSelectors.log(sessionId));
  const exportName = useFerryStore((st) => exportFileName(sessionsSelectors.summary(sessionId)(st)));
  const fetchFullLog = useFerryStore((st) => st.fetchFullSessionLog);
  const loadFullLog = useCallback(() => fetchFullLog(sessionId), [fetchFullLog, sessionId]);
  const pairs = useFerryStore(useShallow(sessionsSelectors.vmNamePairs(sessionId)));
  const names = useMemo(() => new Map(pairs.map((p) => p.split('\u0000') as [string, string])), [pairs]);
  const vmName = useCallback((id: string) => names.get(id) ?? id, [names]);
  return (
    <Section
      title={vmFilter ? `Log of ${vmName(vmFilter)}` : 'Log'}
      actions={
        vmFilter ? (
          <Button size="small" onClick={onClearFilter}>
            Show the whole job's log
          </Button>
        ) : undefined
      }
    >
      <SessionLog lines={log ?? []} vmName={vmName} vmFilter={vmFilter} loadFullLog={loadFullLog} exportName={exportName} />
    </Section>
  );
});

/** "Cluster apps 2026-11-25 10-00-00": the job and when the session started, safe as a file name everywhere. */
function exportFileName(summary: { jobName: string; startedAt: string }): string {
  const when = summary.startedAt.slice(0, 19).replace('T', ' ').replace(/:/g, '-');
  return `${summary.jobName} ${when}`.replace(/[\\/:*?"<>|]+/g, '_').trim();
}

function retryLabelOf(vms: { status: string }[]): string | null {
  const failed = vms.some((v) => v.status === 'Failed');
  const stopped = vms.some((v) => v.status === 'Stopped');
  return failed && stopped ? 'Retry failed and stopped VMs' : failed ? 'Retry failed VMs' : stopped ? 'Retry stopped VMs' : null;
}
