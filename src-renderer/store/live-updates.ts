// The one place where backend events reach the store. Components call watchSession/watchTask
// and never touch the client's subscribe themselves.
//
// Stream protocol: subscribe first, then fetch the snapshot, then apply only events whose seq is
// newer than the snapshot (events that raced the snapshot are buffered, then filtered).
import type { ChangedWhat } from '../../src-shared/contract';
import type { LogLine, SessionView } from '../../src-shared/domain';
import type { SessionEventBatch } from './slices/sessions/state';
import type { ConnectionStatusSource } from '../backend/status';
import { getClient } from '../backend/client';
import { useFerryStore } from './index';

const REFETCH_DEBOUNCE_MS = 200;

const store = () => useFerryStore.getState();

// ---------- lists: initial load, invalidation, reconnect ----------

const refetchers: Record<ChangedWhat, () => void> = {
  jobs: () => void store().fetchJobs(),
  proxies: () => void store().fetchProxies(),
  sessions: () => {
    void store().fetchSessions();
    // a replication session's new replica point is announced as a sessions change only: refetch replicas once they are shown
    if (store().replicas.status !== 'idle') void store().fetchReplicas();
  },
  // Adding, rescanning or removing a managed server changes the inventory; the host announces no separate
  // "servers" change, so the managed servers and credential usage are refetched with it.
  inventory: () => {
    void store().fetchInventory();
    void store().fetchServers();
    void store().fetchCredentials();
  },
  repositories: () => void store().fetchRepositories(),
  snapshots: () => void store().fetchSnapshotLeftovers(),
  settings: () => void store().fetchSettings(),
  notifications: () => void store().fetchDeliveries(),
  replicas: () => void store().fetchReplicas(),
  restorePoints: () => {
    for (const jobId of Object.keys(store().restorePointsByJob)) void store().fetchRestorePoints(jobId);
    if (store().allRestorePoints.status !== 'idle') void store().fetchAllRestorePoints();
  },
};

const pendingRefetch = new Map<ChangedWhat, ReturnType<typeof setTimeout>>();

/** A burst of `app.changed` (e.g. a job finishing touches jobs, sessions, restore points) refetches once. */
function scheduleRefetch(what: ChangedWhat): void {
  if (pendingRefetch.has(what)) return;
  pendingRefetch.set(
    what,
    setTimeout(() => {
      pendingRefetch.delete(what);
      refetchers[what]();
    }, REFETCH_DEBOUNCE_MS),
  );
}

function refetchEverything(): void {
  getClient()
    .call('app.info', {})
    .then((info) => store().setAppInfo(info))
    .catch(() => undefined);
  for (const what of Object.keys(refetchers) as ChangedWhat[]) refetchers[what]();
  for (const w of sessionWatches.values()) w.resnapshot();
  for (const w of taskWatches.values()) w.refresh();
}

/** Called once at boot. Returns a disposer (used by tests and hot reload). */
export function connectStore(status: ConnectionStatusSource): () => void {
  const client = getClient();
  const offChanged = client.subscribe('app.changed', '*', ({ what }) => scheduleRefetch(what));

  let wasConnected = false;
  const onStatus = () => {
    const state = status.get();
    store().setConnection(state);
    const connected = state.kind === 'connected';
    // Events missed while disconnected are gone: refetch lists and re-snapshot live streams.
    if (connected && !wasConnected) refetchEverything();
    wasConnected = connected;
  };
  const offStatus = status.subscribe(onStatus);
  onStatus();

  return () => {
    offChanged();
    offStatus();
    for (const t of pendingRefetch.values()) clearTimeout(t);
    pendingRefetch.clear();
  };
}

// ---------- live sessions ----------

interface SessionWatch {
  refs: number;
  resnapshot(): void;
  dispose(): void;
}
const sessionWatches = new Map<string, SessionWatch>();

/**
 * Ref-counted watches: two views of the same session (or task) share one subscription, which is disposed when
 * the last of them lets go. The returned release is idempotent (React may run a cleanup twice).
 */
function acquire<W extends { refs: number; dispose(): void }>(watches: Map<string, W>, key: string, open: () => W): () => void {
  let watch = watches.get(key);
  if (!watch) {
    watch = open();
    watches.set(key, watch);
  }
  watch.refs += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const w = watches.get(key);
    if (!w) return;
    w.refs -= 1;
    if (w.refs === 0) {
      watches.delete(key);
      w.dispose();
    }
  };
}

export function watchSession(id: string): () => void {
  return acquire(sessionWatches, id, () => openSessionWatch(id));
}

/**
 * Main throttles progress to ≈10 Hz per stream, but state and log are separate streams, and a job of
 * 200 disks makes every render of the session window costly. Events are applied together, at most
 * every SESSION_RENDER_INTERVAL_MS and on an animation frame: one store update, one React render.
 */
export const SESSION_RENDER_INTERVAL_MS = 250;
/** User Timing name of one applied batch (store update + React render). */
export const SESSION_UPDATE_MEASURE = 'ferry:session-update';
const nextFrame: (cb: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (cb) => requestAnimationFrame(() => cb()) : (cb) => setTimeout(cb, 16);

type SessionEvent = { kind: 'state'; seq: number; session: SessionView } | { kind: 'log'; seq: number; lines: LogLine[] };

export function batchOf(events: SessionEvent[], afterSeq: number): SessionEventBatch {
  let state: SessionEventBatch['state'] = null;
  const logs: SessionEventBatch['logs'] = [];
  for (const e of events) {
    if (e.seq <= afterSeq) continue;
    if (e.kind === 'state') {
      if (!state || e.seq > state.seq) state = { session: e.session, seq: e.seq };
    } else logs.push({ lines: e.lines, seq: e.seq });
  }
  return { state, logs };
}

function openSessionWatch(id: string): SessionWatch {
  const client = getClient();
  /** Events that arrived before the snapshot answered; null once the snapshot is applied. */
  let buffer: SessionEvent[] | null = [];
  /** Events waiting for the next frame. */
  let pending: SessionEvent[] = [];
  let frameRequested = false;
  let lastFlushAt = 0;
  let generation = 0;
  let disposed = false;

  const flush = () => {
    frameRequested = false;
    lastFlushAt = Date.now();
    if (disposed || pending.length === 0) return;
    const events = pending;
    pending = [];
    const started = performance.now();
    // The slice drops what is not newer than what it holds (seq), so a late event changes nothing.
    store().sessionEventsReceived(id, batchOf(events, 0));
    // React renders the update in a microtask queued by the store: measure after it, so DevTools
    // (and the perf e2e) see what one batch of progress costs the renderer.
    queueMicrotask(() => performance.measure(SESSION_UPDATE_MEASURE, { start: started, detail: { events: events.length } }));
  };

  const deliver = (event: SessionEvent) => {
    if (buffer) {
      buffer.push(event);
      return;
    }
    pending.push(event);
    if (!frameRequested) {
      frameRequested = true;
      const wait = lastFlushAt + SESSION_RENDER_INTERVAL_MS - Date.now();
      if (wait > 0) setTimeout(() => nextFrame(flush), wait);
      else nextFrame(flush);
    }
  };

  store().sessionWatchStarted(id);
  const offState = client.subscribe('session.state', id, (session, seq) => deliver({ kind: 'state', seq, session }));
  const offLog = client.subscribe('session.log', id, ({ lines }, seq) => deliver({ kind: 'log', seq, lines }));

  const snapshot = () => {
    const mine = ++generation;
    buffer = buffer ?? [];
    client.call('sessions.get', { id }).then(
      (snap) => {
        if (mine !== generation) return;
        store().sessionSnapshotLoaded(id, snap);
        const raced = buffer ?? [];
        buffer = null;
        const batch = batchOf(raced, snap.seq);
        if (batch.state || batch.logs.length > 0) store().sessionEventsReceived(id, batch);
      },
      (e: unknown) => {
        if (mine !== generation) return;
        buffer = null;
        store().sessionWatchFailed(id, e);
      },
    );
  };
  snapshot();

  return {
    refs: 0,
    resnapshot: snapshot,
    dispose() {
      disposed = true;
      generation++;
      offState();
      offLog();
      store().sessionUnwatched(id);
    },
  };
}

// ---------- tasks ----------

interface TaskWatch {
  refs: number;
  refresh(): void;
  dispose(): void;
}
const taskWatches = new Map<string, TaskWatch>();

/** Subscribe to the task, then fetch it once (it may have finished before we subscribed). */
export function watchTask(taskId: string): () => void {
  return acquire(taskWatches, taskId, () => {
    const client = getClient();
    const off = client.subscribe('task.updated', taskId, (task) => store().taskReceived(task));
    const refresh = () =>
      client.call('tasks.get', { id: taskId }).then(
        (task) => store().taskReceived(task),
        () => undefined, // the event stream still delivers; a failed poll is not an error to show
      );
    void refresh();
    return { refs: 0, refresh: () => void refresh(), dispose: off };
  });
}
