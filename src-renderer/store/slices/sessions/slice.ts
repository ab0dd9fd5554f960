// Session history (list) and the live state of sessions someone is watching.
import type { SessionView } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { errorMessage } from '../../../backend/errors';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import { mergeLogLines } from './logMerge';
import type { LiveSession, SessionsSlice } from './state';

/** Keeps memory bounded on jobs with hundreds of disks; the full log stays on the host. */
export const MAX_LOG_LINES = 10_000;

export const createSessionsSlice: SliceCreator<SessionsSlice> = (set, get) => {
  const patchLive = (id: string, patch: (prev: LiveSession) => LiveSession | null) => {
    const prev = get().live[id];
    if (!prev) return;
    const next = patch(prev);
    if (next) set({ live: { ...get().live, [id]: next } });
  };

  return {
    sessions: notLoaded<SessionView[]>([]),
    live: {},
    fetchSessions: () =>
      load(
        'sessions',
        () => get().sessions,
        (sessions) => set({ sessions }),
        () => getClient().call('sessions.list', {}),
      ),
    sessionWatchStarted(id) {
      const prev = get().live[id];
      set({ live: { ...get().live, [id]: prev ?? { session: null, log: [], samples: [], seq: 0, status: 'loading', error: null } } });
    },
    sessionSnapshotLoaded(id, snap) {
      // A refetch (reconnect) merges with what the stream already delivered: lines are immutable, keyed by seq.
      const log = mergeLogLines(get().live[id]?.log ?? [], snap.log, MAX_LOG_LINES);
      set({
        live: {
          ...get().live,
          [id]: {
            session: snap.session,
            log,
            samples: snap.samples ?? [],
            seq: snap.seq,
            status: 'ready',
            error: null,
          },
        },
      });
      replaceInList(id, snap.session);
    },
    sessionWatchFailed(id, error) {
      patchLive(id, (prev) => ({ ...prev, status: 'error', error: errorMessage(error) }));
    },
    sessionStateReceived(id, session, seq) {
      patchLive(id, (prev) => (seq <= prev.seq ? null : { ...prev, session, seq }));
      replaceInList(id, session);
    },
    sessionLogReceived(id, lines, seq) {
      patchLive(id, (prev) => {
        const log = mergeLogLines(prev.log, lines, MAX_LOG_LINES);
        if (log === prev.log) return null;
        return { ...prev, log, seq: Math.max(prev.seq, seq) };
      });
    },
    sessionEventsReceived(id, batch) {
      let listed: SessionView | null = null;
      patchLive(id, (prev) => {
        // State is latest-wins by the hub's seq; log lines merge by their own seq whatever batch brought them
        // (the snapshot already holds lines the hub publishes after it).
        const state = batch.state && batch.state.seq > prev.seq ? batch.state : null;
        const added = batch.logs.flatMap((l) => l.lines);
        const log = mergeLogLines(prev.log, added, MAX_LOG_LINES);
        if (!state && log === prev.log) return null;
        const seq = Math.max(prev.seq, state?.seq ?? 0, ...batch.logs.map((l) => l.seq));
        listed = state?.session ?? null;
        return { ...prev, session: state?.session ?? prev.session, log, seq };
      });
      if (listed) replaceInList(id, listed);
    },
    sessionUnwatched(id) {
      const { [id]: _gone, ...rest } = get().live;
      set({ live: rest });
    },
    async fetchFullSessionLog(id) {
      const { log } = await getClient().call('sessions.get', { id });
      // lines streamed after the host answered are merged in: the export is never older than the screen
      return mergeLogLines(mergeLogLines([], log, Number.MAX_SAFE_INTEGER), get().live[id]?.log ?? [], Number.MAX_SAFE_INTEGER);
    },
    async stopSession(id, mode) {
      await getClient().call('sessions.stop', { id, mode });
    },
    async retrySession(id) {
      const { sessionId } = await getClient().call('sessions.retry', { id });
      void get().fetchSessions();
      return sessionId;
    },
  };

  /** A watched session also refreshes its row in the history list, so both agree. */
  function replaceInList(id: string, session: SessionView) {
    const list = get().sessions;
    const i = list.data.findIndex((s) => s.id === id);
    if (i < 0) return;
    const data = list.data.slice();
    data[i] = session;
    set({ sessions: { ...list, data } });
  }
};
