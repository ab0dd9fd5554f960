// How a session says what kind of run it was, who started it, and that Ferry was stopped under it — from the
// session's typed facts (SessionView), never from its log text or reason.
import type { SessionStartedBy, SessionView, SnapshotView } from '../../src-shared/domain';
import { formatDateTime } from './format';

export const STARTED_BY_TEXT: Record<SessionStartedBy, string> = { schedule: 'Schedule', console: 'Console', cli: 'Command line' };

type KindFacts = Pick<SessionView, 'activeFull' | 'backupKind'>;

/** "Active full" (asked for: every disk read in full), "Full", "Incremental", or null before any disk was read. */
export function readKindText(s: KindFacts): string | null {
  if (s.activeFull) return 'Active full';
  if (s.backupKind === 'full') return 'Full';
  if (s.backupKind === 'incremental') return 'Incremental';
  return null;
}

/** "Retry (of 11/25/2026, 10:00:00 AM)": the start of the session it retries, as the Started column shows it. */
export function retryText(retriedStartedAt: string | null): string {
  return retriedStartedAt ? `Retry (of ${formatDateTime(retriedStartedAt)})` : 'Retry';
}

/** The Kind of a session in a list: "Incremental", "Active full", "Retry (of …) · Active full", "—". */
export function sessionKindText(s: KindFacts & Pick<SessionView, 'retryOf'>, retriedStartedAt: string | null): string {
  const parts = [s.retryOf ? retryText(retriedStartedAt) : null, readKindText(s)].filter((p) => p !== null);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

/**
 * What the header says about an interrupted session (Ferry killed while it ran): that start-up ended it and
 * whether its clean-up released and deleted every snapshot, or left some for the next start.
 */
export function interruptedText(snapshots: Pick<SnapshotView, 'stage'>[]): string {
  const head = 'Interrupted: Ferry stopped while this session ran;';
  const left = snapshots.filter((x) => x.stage !== 'deleted').length;
  if (left > 0) return `${head} clean-up at start-up could not delete ${left} snapshot${left === 1 ? '' : 's'} (Ferry tries again at its next start).`;
  if (snapshots.length === 0) return `${head} it was ended at the next start.`;
  const n = snapshots.length;
  return `${head} clean-up at start-up released and deleted its ${n === 1 ? 'snapshot' : `${n} snapshots`}.`;
}
