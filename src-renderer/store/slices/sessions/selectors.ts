import type { FerryStore } from '../../types';

/** Narrow views of a live session, so each part of the session window re-renders only for its own data. */
export const sessionsSelectors = {
  loadable: (s: FerryStore) => s.sessions,
  items: (s: FerryStore) => s.sessions.data,
  live: (id: string) => (s: FerryStore) => s.live[id],
  anyRunning: (s: FerryStore) => s.sessions.data.some((x) => x.result === 'Running'),
  /** use with useShallow: loading state of the watch */
  watchState: (id: string) => (s: FerryStore) => ({ status: s.live[id]?.status, error: s.live[id]?.error ?? null, loaded: Boolean(s.live[id]?.session) }),
  /** use with useShallow: what the header shows */
  summary: (id: string) => (s: FerryStore) => {
    const v = s.live[id]?.session;
    return {
      jobId: v?.jobId ?? '',
      jobName: v?.jobName ?? '',
      /** a restore session (restore.session has its facts) or a backup */
      kind: v?.kind ?? 'backup',
      result: v?.result ?? 'Running',
      reason: v?.reason ?? '',
      startedAt: v?.startedAt ?? '',
      endedAt: v?.endedAt ?? null,
      progress: v?.progress ?? 0,
      /** how the admin asked it to stop, while it winds down; null when no stop was asked for */
      stopping: v?.stopping?.mode ?? null,
      startedBy: v?.startedBy ?? 'console',
      retryOf: v?.retryOf ?? null,
      activeFull: v?.activeFull ?? false,
      backupKind: v?.backupKind ?? null,
    };
  },
  /** the start of a session by id, from the sessions list (null when the list does not have it) */
  startedAt: (id: string | null) => (s: FerryStore) => (id ? (s.sessions.data.find((x) => x.id === id)?.startedAt ?? null) : null),
  stats: (id: string) => (s: FerryStore) => s.live[id]?.session?.stats,
  vms: (id: string) => (s: FerryStore) => s.live[id]?.session?.vms,
  view: (id: string) => (s: FerryStore) => s.live[id]?.session ?? null,
  log: (id: string) => (s: FerryStore) => s.live[id]?.log,
  snapshots: (id: string) => (s: FerryStore) => s.live[id]?.session?.snapshots,
  /** use with useShallow: "vmId\0name" pairs, stable while names do not change */
  vmNamePairs: (id: string) => (s: FerryStore) => (s.live[id]?.session?.vms ?? []).map((v) => `${v.vmId}\u0000${v.vmName}`),
};
