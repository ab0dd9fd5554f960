// One timeline per volume snapshot, so an admin can see every snapshot was released and deleted, and which
// VSS provider took it (a software-provider fallback stands out: it cannot go off-host).
import { memo, useMemo } from 'react';
import { Caption1, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  CheckmarkCircle20Filled,
  Circle20Regular,
  DismissCircle20Filled,
  ArrowCircleRight20Regular,
  SubtractCircle20Regular,
  Warning16Filled,
  Warning20Filled,
} from '@fluentui/react-icons';
import type { SessionView, SnapshotView } from '../../../src-shared/domain';
import { EmptyState } from '../../components/StateViews';
import { formatTime } from '../../lib/format';
import { snapshotTimeline, type StageState, type StageView } from './lifecycle';
import { sessionDepartures } from './departures';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  stages: { display: 'grid', gridTemplateColumns: 'repeat(5, minmax(0, 1fr))', gap: tokens.spacingHorizontalS, margin: 0, padding: 0, listStyle: 'none' },
  stage: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    borderTop: `3px solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalXS,
  },
  stageHead: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  done: { borderTopColor: tokens.colorPaletteGreenBorder2 },
  failed: { borderTopColor: tokens.colorPaletteRedBorder2 },
  active: { borderTopColor: tokens.colorBrandStroke1 },
  missed: { borderTopColor: tokens.colorPaletteDarkOrangeBorder2 },
  iconDone: { color: tokens.colorPaletteGreenForeground1 },
  iconFailed: { color: tokens.colorPaletteRedForeground1 },
  iconActive: { color: tokens.colorBrandForeground1 },
  iconMissed: { color: tokens.colorPaletteDarkOrangeForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  provider: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  fallback: { color: tokens.colorPaletteDarkOrangeForeground1, fontWeight: tokens.fontWeightSemibold },
});

const PROVIDER_TEXT = { hardware: 'Hardware VSS provider', software: 'Software VSS provider' } as const;

export interface SnapshotLifecycleProps {
  session: Pick<SessionView, 'snapshots' | 'result' | 'vms'>;
  hostName(id: string): string;
}

export function SnapshotLifecycle({ session, hostName }: SnapshotLifecycleProps) {
  const s = useStyles();
  // from the session's own snapshots: the job may have been edited since
  const fallbacks = useMemo(() => sessionDepartures(session.snapshots, session.vms).softwareFallbacks, [session.snapshots, session.vms]);
  if (session.snapshots.length === 0) {
    return <EmptyState>{session.result === 'Running' ? 'No snapshot has been planned yet.' : 'This session took no snapshots.'}</EmptyState>;
  }
  return (
    <div className={s.list}>
      {session.snapshots.map((snap) => (
        <SnapshotCard
          key={snap.id}
          snapshot={snap}
          running={session.result === 'Running'}
          beingRead={snap.vmIds.some((id) => isInFlight(session.vms.find((v) => v.vmId === id)?.status))}
          // the hardware attempt that failed on the same volume keeps its own card, unmarked: its stage says why
          fallbackReason={fallbacks.get(snap.id) ?? null}
          vmNames={snap.vmIds.map((id) => session.vms.find((v) => v.vmId === id)?.vmName ?? id).join(', ')}
          hostName={hostName}
        />
      ))}
    </div>
  );
}

/** A VM still processed keeps its snapshot exposed (it is being read). */
const isInFlight = (status: string | undefined) => status === 'Running' || status === 'Pending';

interface SnapshotCardProps {
  snapshot: SnapshotView;
  running: boolean;
  /** some VM of this snapshot is still being processed: an exposed snapshot is being read, not released */
  beingRead: boolean;
  /** the software provider took it instead of the hardware one the plan wanted: the engine's reason */
  fallbackReason: string | null;
  vmNames: string;
  hostName(id: string): string;
}

/** Progress events re-send every snapshot; a card redraws only when its own lifecycle moved. */
const sameCard = (a: SnapshotCardProps, b: SnapshotCardProps) =>
  a.snapshot.id === b.snapshot.id &&
  a.snapshot.stage === b.snapshot.stage &&
  a.snapshot.history.length === b.snapshot.history.length &&
  a.running === b.running &&
  a.beingRead === b.beingRead &&
  a.snapshot.provider === b.snapshot.provider &&
  a.fallbackReason === b.fallbackReason &&
  a.vmNames === b.vmNames &&
  a.hostName === b.hostName;

const SnapshotCard = memo(function SnapshotCard({ snapshot, running, beingRead, fallbackReason, vmNames, hostName }: SnapshotCardProps) {
  const providerFallback = fallbackReason !== null;
  const s = useStyles();
  const stages = snapshotTimeline(snapshot, running, beingRead);
  const route = snapshot.proxyServerId
    ? `created on ${hostName(snapshot.hostId)}, imported on proxy ${hostName(snapshot.proxyServerId)}`
    : `on-host on ${hostName(snapshot.hostId)}`;
  return (
    <article
      className={s.card}
      aria-label={`Snapshot of ${snapshot.volumePath}`}
      data-snapshot-stage={snapshot.stage}
      data-provider={snapshot.provider ?? undefined}
      data-vm-names={vmNames}
    >
      <Text weight="semibold">{snapshot.volumePath}</Text>
      <Caption1 className={s.muted}>
        {route} · VMs: {vmNames}
        {snapshot.provider && (
          <>
            {' · '}
            <span className={mergeClasses(s.provider, providerFallback && s.fallback)} data-provider-fallback={providerFallback || undefined}>
              {providerFallback && <Warning16Filled className={s.iconMissed} aria-hidden />}
              {PROVIDER_TEXT[snapshot.provider]}
              {providerFallback && ' (fallback)'}
            </span>
          </>
        )}
      </Caption1>
      {fallbackReason && <Caption1 className={s.fallback}>{fallbackReason}</Caption1>}
      <ol className={s.stages} aria-label={`Lifecycle of the snapshot of ${snapshot.volumePath}`}>
        {stages.map((st) => (
          <StageItem key={st.stage} view={st} />
        ))}
      </ol>
    </article>
  );
}, sameCard);

const stateWords: Record<StageState, string> = {
  done: 'done',
  failed: 'failed',
  active: 'in progress',
  pending: 'pending',
  skipped: 'skipped',
  missed: 'not reached',
};

const STARTUP_CLEANUP_TEXT = 'cleaned up at start-up';

function StageItem({ view }: { view: StageView }) {
  const s = useStyles();
  const when = view.at ? ` at ${formatTime(view.at)}` : '';
  return (
    <li
      className={mergeClasses(
        s.stage,
        view.state === 'done' && s.done,
        view.state === 'failed' && s.failed,
        view.state === 'active' && s.active,
        view.state === 'missed' && s.missed,
      )}
      data-stage={view.stage}
      data-state={view.state}
      aria-label={`${view.label}: ${stateWords[view.state]}${when}${view.byStartup ? ` — ${STARTUP_CLEANUP_TEXT}` : view.note ? ` — ${view.note}` : ''}`}
    >
      <span className={s.stageHead}>
        <StageIcon state={view.state} />
        <Text size={200} weight={view.state === 'active' ? 'semibold' : 'regular'}>
          {view.label}
        </Text>
      </span>
      <Caption1 className={s.muted}>{view.at ? formatTime(view.at) : stateWords[view.state]}</Caption1>
      {view.note && view.state !== 'done' && <Caption1 className={view.state === 'failed' ? s.iconFailed : s.muted}>{view.note}</Caption1>}
      {/* the typed fact: a release or deletion Ferry did at its next start, not during the session */}
      {view.byStartup && (
        <Caption1 className={s.muted} data-startup-cleanup>
          {STARTUP_CLEANUP_TEXT}
        </Caption1>
      )}
    </li>
  );
}

function StageIcon({ state }: { state: StageState }) {
  const s = useStyles();
  switch (state) {
    case 'done':
      return <CheckmarkCircle20Filled className={s.iconDone} aria-hidden />;
    case 'failed':
      return <DismissCircle20Filled className={s.iconFailed} aria-hidden />;
    case 'active':
      return <ArrowCircleRight20Regular className={s.iconActive} aria-hidden />;
    case 'skipped':
      return <SubtractCircle20Regular className={s.muted} aria-hidden />;
    case 'missed':
      return <Warning20Filled className={s.iconMissed} aria-hidden />;
    case 'pending':
      return <Circle20Regular className={s.muted} aria-hidden />;
  }
}
