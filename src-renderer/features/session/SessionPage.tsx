// The session window. Running sessions stream; finished ones open read-only in the same view.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Badge, Button, Radio, RadioGroup, SearchBox, Text, makeStyles, tokens } from '@fluentui/react-components';
import { errorMessage } from '../../api/errors';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNotify } from '../../components/notify';
import { Section } from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { useFerryStore } from '../../store';
import { watchSession } from '../../store/bridge';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { jobsSelectors } from '../../store/slices/jobs/selectors';
import { sessionsSelectors } from '../../store/slices/sessions/selectors';
import type { StopMode } from '../../store/slices/sessions/slice';
import { BottleneckPanel } from './BottleneckPanel';
import { RateChart } from './RateChart';
import { SessionAlerts } from './SessionAlerts';
import { SessionHeader } from './SessionHeader';
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
  const live = useFerryStore(sessionsSelectors.live(sessionId));
  const hosts = useFerryStore(inventorySelectors.hosts);
  const connected = useFerryStore(connectionSelectors.isConnected);
  const navigate = useFerryStore((st) => st.navigate);
  const stopSession = useFerryStore((st) => st.stopSession);
  const retrySession = useFerryStore((st) => st.retrySession);
  const job = useFerryStore(jobsSelectors.byId(live?.session?.jobId ?? ''));
  const notify = useNotify();
  const [vmFilter, setVmFilter] = useState<string | null>(null);
  const [vmSearch, setVmSearch] = useState('');
  const [stop, setStop] = useState<{ busy: boolean; error: string | null } | null>(null);
  const [stopMode, setStopMode] = useState<StopMode>('graceful');
  const [retrying, setRetrying] = useState(false);

  useEffect(() => watchSession(sessionId), [sessionId]);

  const hostName = useCallback((id: string) => hosts.find((h) => h.id === id)?.name ?? id, [hosts]);
  const session = live?.session ?? null;
  const vmNames = useMemo(() => new Map((session?.vms ?? []).map((v) => [v.vmId, v.vmName])), [session?.vms]);
  const vmName = useCallback((id: string) => vmNames.get(id) ?? id, [vmNames]);
  const shownVms = useMemo(() => {
    const q = vmSearch.trim().toLowerCase();
    const vms = session?.vms ?? [];
    return q ? vms.filter((v) => v.vmName.toLowerCase().includes(q)) : vms;
  }, [session?.vms, vmSearch]);
  const goHome = () => navigate({ view: 'home' });

  if (!live || live.status === 'loading') return <LoadingState label="Loading session…" />;
  if (live.status === 'error' || !session) {
    return (
      <div className={s.page}>
        <ErrorState title="Could not open the session" message={live.error ?? 'Unknown session'} />
        <Button onClick={goHome}>Back to Home</Button>
      </div>
    );
  }

  const doStop = async () => {
    setStop({ busy: true, error: null });
    try {
      await stopSession(sessionId, stopMode);
      setStop(null);
    } catch (e) {
      setStop({ busy: false, error: errorMessage(e) });
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

  const running = session.result === 'Running';
  const canRetry = !running && session.vms.some((v) => v.status === 'Failed');
  const counts = (status: string) => session.vms.filter((v) => v.status === status).length;
  return (
    <div className={s.page} aria-label={`Session of ${session.jobName}`} role="region">
      <SessionHeader
        session={session}
        onBack={goHome}
        onStop={() => setStop({ busy: false, error: null })}
        stopDisabled={!connected}
        onRetry={canRetry ? () => void retry() : null}
        retryDisabled={!connected || retrying}
      />
      <SessionAlerts session={session} log={live.log} />
      <SessionStats session={session} />
      <Section title="Bottleneck">
        <BottleneckPanel stats={session.stats} />
      </Section>
      <Section title="Processing rate">
        <RateChart sessionId={sessionId} live={running} />
      </Section>
      <Section title="Virtual machines">
        <div className={s.filterRow}>
          <SearchBox placeholder="Filter VMs" aria-label="Filter the VMs of this session" value={vmSearch} onChange={(_e, d) => setVmSearch(d.value)} />
          <Text>
            {session.vms.length} VMs · {counts('Running')} running · {counts('Success')} done · {counts('Warning')} with warnings ·{' '}
            {counts('Failed')} failed
          </Text>
          {!running && <Badge appearance="outline">Read-only: this session has ended</Badge>}
        </div>
        <VmTaskGrid
          label="Virtual machines in this session"
          vms={shownVms}
          hostName={hostName}
          selectedVmId={vmFilter}
          onSelect={setVmFilter}
          offHostJob={job?.spec.processing.mode === 'off-host'}
        />
        <Text size={200}>Select a VM (click, or arrow keys and Enter) to see its own log below.</Text>
      </Section>
      <Section title="Snapshot lifecycle">
        <SnapshotLifecycle session={session} hostName={hostName} />
      </Section>
      <Section
        title={vmFilter ? `Log of ${vmName(vmFilter)}` : 'Log'}
        actions={
          vmFilter ? (
            <Button size="small" onClick={() => setVmFilter(null)}>
              Show the whole job's log
            </Button>
          ) : undefined
        }
      >
        <SessionLog lines={live.log} vmName={vmName} vmFilter={vmFilter} />
      </Section>

      <ConfirmDialog
        open={stop !== null}
        title="Stop session"
        confirmLabel="Stop"
        busy={stop?.busy ?? false}
        error={stop?.error ?? null}
        onConfirm={() => void doStop()}
        onCancel={() => setStop(null)}
      >
        <Text block>
          Stop <strong>{session.jobName}</strong>? Snapshots are released and deleted either way.
        </Text>
        <RadioGroup value={stopMode} onChange={(_e, d) => setStopMode(d.value as StopMode)} aria-label="How to stop">
          <Radio value="graceful" label="Graceful: VMs in progress finish, nothing new starts" />
          <Radio value="immediate" label="Immediate: VMs in progress get no restore point" />
        </RadioGroup>
      </ConfirmDialog>
    </div>
  );
}
