// Job name, result and reason, duration, overall progress, and Stop for a running session.
import { memo, useEffect, useState } from 'react';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular, ArrowLeft20Regular, RecordStop20Regular } from '@fluentui/react-icons';
import type { SessionResult } from '../../../src-shared/domain';
import { ResultBadge } from '../../components/ResultBadge';
import { ResultProgressBar } from '../../components/ResultProgressBar';
import { durationBetween, formatDateTime, formatDuration, formatPercent } from '../../lib/format';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  spacer: { flexGrow: 1 },
  meta: { display: 'flex', gap: tokens.spacingHorizontalXL, color: tokens.colorNeutralForeground2, flexWrap: 'wrap' },
  progressRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  bar: { flexGrow: 1 },
});

/** The header's share of the session (see sessionsSelectors.summary). */
export interface SessionSummary {
  jobName: string;
  result: SessionResult;
  reason: string;
  startedAt: string;
  endedAt: string | null;
  progress: number;
  /** a stop was asked for (graceful or immediate) and the session is winding down */
  stopping: 'graceful' | 'immediate' | null;
}

export const SessionHeader = memo(function SessionHeader(props: {
  session: SessionSummary;
  onBack(): void;
  onStop(): void;
  stopDisabled: boolean;
  /** null when the session cannot be retried (running, or nothing failed) */
  onRetry: (() => void) | null;
  /** "Retry failed VMs", "Retry stopped VMs", … */
  retryLabel: string;
  retryDisabled: boolean;
}) {
  const s = useStyles();
  const { session } = props;
  const running = session.result === 'Running';
  const stopping = running && session.stopping !== null;
  const now = useNow(running);
  const duration = formatDuration(durationBetween(session.startedAt, session.endedAt, now));

  return (
    <header className={s.root}>
      <div className={s.titleRow}>
        <Button appearance="subtle" icon={<ArrowLeft20Regular />} aria-label="Back to Home" onClick={props.onBack} />
        <h1 className={s.title}>{session.jobName}</h1>
        <ResultBadge result={session.result} size="large" stopping={stopping} />
        <span className={s.spacer} />
        {running && (
          <Button icon={<RecordStop20Regular />} onClick={props.onStop} disabled={props.stopDisabled || stopping}>
            {stopping ? 'Stopping…' : 'Stop'}
          </Button>
        )}
        {props.onRetry && (
          <Button icon={<ArrowClockwise20Regular />} onClick={props.onRetry} disabled={props.retryDisabled}>
            {props.retryLabel}
          </Button>
        )}
      </div>
      {session.reason && <Text role="status">{session.reason}</Text>}
      {stopping && !session.reason && (
        <Text role="status">
          {session.stopping === 'graceful' ? 'Stopping: the VMs in progress finish, nothing new starts.' : 'Stopping: the disks in flight are cancelled.'} The
          snapshots are released and deleted.
        </Text>
      )}
      <div className={s.meta}>
        <Text>Started {formatDateTime(session.startedAt)}</Text>
        {session.endedAt && <Text>Ended {formatDateTime(session.endedAt)}</Text>}
        <Text aria-label={`Duration ${duration}`}>Duration {duration}</Text>
      </div>
      <div className={s.progressRow}>
        <ResultProgressBar className={s.bar} result={session.result} value={session.progress} thickness="large" label="Overall progress" />
        <Text weight="semibold">{formatPercent(session.progress)}</Text>
      </div>
    </header>
  );
});

/** Ticks every second while a session runs, so the duration counts up. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [ticking]);
  return now;
}
