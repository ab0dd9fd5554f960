// Running or finished sessions, newest first; a session opens in the session view (live or read-only).
import { useCallback, useMemo } from 'react';
import { Link } from '@fluentui/react-components';
import type { SessionView } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { ResultBadge } from '../../components/ResultBadge';
import { ResultProgressBar } from '../../components/ResultProgressBar';
import { LoadableView } from '../../components/StateViews';
import { durationBetween, formatDateTime, formatDuration, formatPercent } from '../../lib/format';
import { sessionKindText, STARTED_BY_TEXT } from '../../lib/sessionText';
import { useFerryStore } from '../../store';
import { sessionsSelectors } from '../../store/slices/sessions/selectors';

const MAX_ROWS = 50;

export function RecentSessions({ which }: { which: 'running' | 'finished' }) {
  const sessions = useFerryStore(sessionsSelectors.loadable);
  const fetchSessions = useFerryStore((s) => s.fetchSessions);
  const navigate = useFerryStore((s) => s.navigate);
  const open = useCallback((id: string) => navigate({ view: 'session', sessionId: id }), [navigate]);
  // a retry names the start of the session it retries (that session is in the same list)
  const startedAtOf = useMemo(() => {
    const byId = new Map(sessions.data.map((x) => [x.id, x.startedAt]));
    return (id: string) => byId.get(id) ?? null;
  }, [sessions.data]);
  const columns = useMemo(() => sessionColumns(open, startedAtOf), [open, startedAtOf]);
  const newestFirst = useMemo(
    () => ({
      ...sessions,
      data: sessions.data
        .filter((s) => (s.result === 'Running') === (which === 'running'))
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .slice(0, MAX_ROWS),
    }),
    [sessions, which],
  );

  return (
    <LoadableView
      loadable={newestFirst}
      what="sessions"
      onRetry={() => void fetchSessions()}
      empty={which === 'running' ? 'No job is running.' : 'No finished sessions yet.'}
    >
      {(items) => (
        <DataTable
          label={which === 'running' ? 'Running sessions' : 'Recent sessions'}
          items={items}
          columns={columns}
          getRowId={(s) => s.id}
          onActivate={(s) => open(s.id)}
        />
      )}
    </LoadableView>
  );
}

function sessionColumns(open: (id: string) => void, startedAtOf: (id: string) => string | null): Column<SessionView>[] {
  // a restore session shows in the same lists, named as one
  const kind = (s: SessionView) => (s.kind === 'restore' ? 'Restore' : sessionKindText(s, s.retryOf ? startedAtOf(s.retryOf) : null));
  return [
    {
      id: 'job',
      label: 'Job',
      width: 150,
      render: (s) => (
        // the accessible name contains the visible text (axe: label-content-name-mismatch)
        <Link as="button" onClick={() => open(s.id)} aria-label={`Open session ${s.kind === 'restore' ? `Restore from ${s.jobName}` : `of ${s.jobName}`} started ${formatDateTime(s.startedAt)}`}>
          {s.kind === 'restore' ? `Restore from ${s.jobName}` : s.jobName}
        </Link>
      ),
      sortValue: (s) => s.jobName,
    },
    { id: 'result', label: 'Result', width: 120, minWidth: 120, render: (s) => <ResultBadge result={s.result} stopping={s.stopping !== null} />, sortValue: (s) => s.result },
    { id: 'kind', label: 'Kind', width: 160, minWidth: 120, render: (s) => <span data-kind>{kind(s)}</span>, sortValue: kind },
    { id: 'started', label: 'Started', width: 170, minWidth: 170, render: (s) => formatDateTime(s.startedAt), sortValue: (s) => s.startedAt },
    { id: 'startedBy', label: 'Started by', width: 100, minWidth: 100, render: (s) => STARTED_BY_TEXT[s.startedBy], sortValue: (s) => STARTED_BY_TEXT[s.startedBy] },
    {
      id: 'duration',
      label: 'Duration',
      width: 80,
      render: (s) => formatDuration(durationBetween(s.startedAt, s.endedAt)),
      sortValue: (s) => durationBetween(s.startedAt, s.endedAt),
    },
    {
      id: 'progress',
      label: 'Progress',
      width: 100,
      render: (s) => (
        <ResultProgressBar result={s.result} value={s.progress} label={`Progress ${formatPercent(s.progress)}`} />
      ),
      sortValue: (s) => s.progress,
    },
    { id: 'reason', label: 'Details', width: 240, render: (s) => s.reason },
  ];
}
