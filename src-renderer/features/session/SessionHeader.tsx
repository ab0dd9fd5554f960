// Job name, result and reason, what kind of run it is and who started it, duration, overall progress, and Stop
// for a running session; an interrupted one (Ferry killed while it ran) says so first.
import { memo } from 'react';
import { Badge, Button, Link, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular, ArrowLeft20Regular, RecordStop20Regular } from '@fluentui/react-icons';
import type { JobKind, SessionResult, SessionView } from '../../../src-shared/domain';
import { ResultBadge } from '../../components/ResultBadge';
import { ResultProgressBar } from '../../components/ResultProgressBar';
import { durationBetween, formatDateTime, formatDuration, formatPercent } from '../../lib/format';
import { useSecondTick } from '../../lib/useSecondTick';
import { readKindText, STARTED_BY_TEXT } from '../../lib/sessionText';

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
  /** 'restore': the session restores from the job's points (absent on older sessions: a backup) */
  kind?: 'backup' | 'restore';
  result: SessionResult;
  reason: string;
  startedAt: string;
  endedAt: string | null;
  progress: number;
  /** a stop was asked for (graceful or immediate) and the session is winding down */
  stopping: 'graceful' | 'immediate' | null;
  startedBy: SessionView['startedBy'];
  retryOf: string | null;
  activeFull: boolean;
  backupKind: SessionView['backupKind'];
}

/** A retry's link to the session it retries (its start time when the sessions list has it). */
export interface RetriedSession {
  startedAt: string | null;
  open(): void;
}

export const SessionHeader = memo(function SessionHeader(props: {
  session: SessionSummary;
  /** the job's kind: a replication session says so (its target is the replica host, not a repository) */
  jobKind?: JobKind;
  onBack(): void;
  onStop(): void;
  stopDisabled: boolean;
  /** null when the session cannot be retried (running, or nothing failed) */
  onRetry: (() => void) | null;
  /** "Retry failed VMs", "Retry stopped VMs", … */
  retryLabel: string;
  retryDisabled: boolean;
  /** a retry: the session it retries; null otherwise */
  retried: RetriedSession | null;
  /** the interrupted session's notice (see interruptedText); null when Ferry was not stopped under it */
  interrupted: string | null;
}) {
  const s = useStyles();
  const { session } = props;
  const running = session.result === 'Running';
  const stopping = running && session.stopping !== null;
  const now = useSecondTick(running);
  const duration = formatDuration(durationBetween(session.startedAt, session.endedAt, now));

  return (
    <header className={s.root}>
      <div className={s.titleRow}>
        <Button appearance="subtle" icon={<ArrowLeft20Regular />} aria-label="Back to Home" onClick={props.onBack} />
        <h1 className={s.title}>{sessionTitle(session)}</h1>
        {props.jobKind === 'replication' && (
          <Badge appearance="outline" color="brand" data-job-kind="replication">
            Replication
          </Badge>
        )}
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
      {props.interrupted ? (
        <MessageBar intent="error" data-alert="interrupted">
          <MessageBarBody role="status">{props.interrupted}</MessageBarBody>
        </MessageBar>
      ) : (
        session.reason && <Text role="status">{session.reason}</Text>
      )}
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
        <Text data-kind>Kind: {props.jobKind === 'replication' ? `Replication · ${kindText(session)}` : kindText(session)}</Text>
        <Text data-started-by={session.startedBy}>Started by: {STARTED_BY_TEXT[session.startedBy]}</Text>
        {props.retried && (
          <Text>
            <Link onClick={props.retried.open}>
              Retry of the session started {props.retried.startedAt ? formatDateTime(props.retried.startedAt) : 'earlier'}
            </Link>
          </Text>
        )}
      </div>
      <div className={s.progressRow}>
        <ResultProgressBar className={s.bar} result={session.result} value={session.progress} thickness="large" label="Overall progress" />
        <Text weight="semibold">{formatPercent(session.progress)}</Text>
      </div>
    </header>
  );
});

/** A restore says so in its title: the same view shows backups and restores. */
export function sessionTitle(session: Pick<SessionSummary, 'jobName' | 'kind'>): string {
  return session.kind === 'restore' ? `Restore from ${session.jobName}` : session.jobName;
}

/** "Retry · Active full", "Incremental", "not known yet" (no disk read yet), "—" (ended before any read). */
function kindText(session: SessionSummary): string {
  if (session.kind === 'restore') return 'Restore';
  const read = readKindText(session) ?? (session.result === 'Running' ? 'not known yet' : null);
  const parts = [session.retryOf ? 'Retry' : null, read].filter((p) => p !== null);
  return parts.length > 0 ? parts.join(' · ') : '—';
}
