// Job name, result and reason, duration, overall progress, and Stop for a running session.
import { memo, useEffect, useState } from 'react';
import { Button, ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular, ArrowLeft20Regular, RecordStop20Regular } from '@fluentui/react-icons';
import type { SessionResult } from '../../../src-shared/domain';
import { ResultBadge } from '../../components/ResultBadge';
import { durationBetween, formatDateTime, formatDuration, formatPercent } from '../../lib/format';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  spacer: { flexGrow: 1 },
  meta: { display: 'flex', gap: tokens.spacingHorizontalXL, color: tokens.colorNeutralForeground2, flexWrap: 'wrap' },
  progressRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  bar: { flexGrow: 1 },
  // Progress changes a few times a second: an eased width would keep the page repainting between updates.
  still: { transitionProperty: 'none' },
});

/** The header's share of the session (see sessionsSelectors.summary). */
export interface SessionSummary {
  jobName: string;
  result: SessionResult;
  reason: string;
  startedAt: string;
  endedAt: string | null;
  progress: number;
}

export const SessionHeader = memo(function SessionHeader(props: {
  session: SessionSummary;
  onBack(): void;
  onStop(): void;
  stopDisabled: boolean;
  /** null when the session cannot be retried (running, or nothing failed) */
  onRetry: (() => void) | null;
  retryDisabled: boolean;
}) {
  const s = useStyles();
  const { session } = props;
  const running = session.result === 'Running';
  const now = useNow(running);
  const duration = formatDuration(durationBetween(session.startedAt, session.endedAt, now));

  return (
    <header className={s.root}>
      <div className={s.titleRow}>
        <Button appearance="subtle" icon={<ArrowLeft20Regular />} aria-label="Back to Home" onClick={props.onBack} />
        <h1 className={s.title}>{session.jobName}</h1>
        <ResultBadge result={session.result} size="large" />
        <span className={s.spacer} />
        {running && (
          <Button icon={<RecordStop20Regular />} onClick={props.onStop} disabled={props.stopDisabled}>
            Stop
          </Button>
        )}
        {props.onRetry && (
          <Button icon={<ArrowClockwise20Regular />} onClick={props.onRetry} disabled={props.retryDisabled}>
            Retry failed VMs
          </Button>
        )}
      </div>
      {session.reason && <Text role="status">{session.reason}</Text>}
      <div className={s.meta}>
        <Text>Started {formatDateTime(session.startedAt)}</Text>
        {session.endedAt && <Text>Ended {formatDateTime(session.endedAt)}</Text>}
        <Text aria-label={`Duration ${duration}`}>Duration {duration}</Text>
      </div>
      <div className={s.progressRow}>
        <ProgressBar
          className={s.bar}
          bar={{ className: s.still }}
          value={session.progress}
          thickness="large"
          aria-label="Overall progress"
          color={session.result === 'Failed' ? 'error' : session.result === 'Warning' ? 'warning' : session.result === 'Success' ? 'success' : 'brand'}
        />
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
