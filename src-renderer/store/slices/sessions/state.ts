// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { RateSample } from '../../../../src-shared/contract';
import type { LogLine, SessionView } from '../../../../src-shared/domain';
import type { Loadable } from '../../loadable';

export interface LiveSession {
  session: SessionView | null;
  log: LogLine[];
  /** 1/s rate samples of the snapshot (whole session); the chart extends them from live stats */
  samples: RateSample[];
  /** hub seq of the newest snapshot or event applied */
  seq: number;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
}

export interface SessionSnapshot {
  session: SessionView;
  log: LogLine[];
  seq: number;
  samples?: RateSample[];
}

/** Stream events that arrived within one frame, applied together (see store/live-updates.ts). */
export interface SessionEventBatch {
  /** newest state in the batch, with its seq */
  state: { session: SessionView; seq: number } | null;
  /** log events in arrival order */
  logs: { lines: LogLine[]; seq: number }[];
}

export interface SessionsSlice {
  sessions: Loadable<SessionView[]>;
  live: Record<string, LiveSession>;
  fetchSessions(): Promise<void>;
  sessionWatchStarted(id: string): void;
  sessionSnapshotLoaded(id: string, snapshot: SessionSnapshot): void;
  sessionWatchFailed(id: string, error: unknown): void;
  sessionStateReceived(id: string, session: SessionView, seq: number): void;
  sessionLogReceived(id: string, lines: LogLine[], seq: number): void;
  /** One store update for a frame's worth of events: keeps a 200-disk session cheap to render. */
  sessionEventsReceived(id: string, batch: SessionEventBatch): void;
  sessionUnwatched(id: string): void;
  /** Every line of the session, in order (the live view keeps only the newest MAX_LOG_LINES): for the export. */
  fetchFullSessionLog(id: string): Promise<LogLine[]>;
  stopSession(id: string, mode: StopMode): Promise<void>;
  /** A new session for the VMs that failed; returns its id. */
  retrySession(id: string): Promise<string>;
}

/** graceful: VMs in flight finish; immediate: they get no restore point. Snapshots are released either way. */
export type StopMode = 'graceful' | 'immediate';
