// Event hub: one increasing seq for all events; session state throttled (latest wins), logs batched per tick,
// so a job with hundreds of disks never floods a console.
import type { LogLine, SessionView, TaskView } from '../../src-shared/domain';
import type { ChangedWhat, PayloadOf, TopicName } from '../../src-shared/contract/events';

export type HubListener = (topic: TopicName, key: string, seq: number, payload: unknown) => void;

const TICK_MS = 100;

export class EventHub {
  private seq = 0;
  private readonly listeners = new Set<HubListener>();
  private readonly pendingState = new Map<string, SessionView>();
  private readonly pendingLog = new Map<string, LogLine[]>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** Current seq: a snapshot taken now reflects every event up to it. */
  get currentSeq(): number {
    return this.seq;
  }

  listen(l: HubListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  sessionState(view: SessionView): void {
    this.pendingState.set(view.id, view);
    // Terminal states go out at once: a console must never miss the end.
    if (view.result !== 'Running') this.flush();
    else this.schedule();
  }

  sessionLog(sessionId: string, line: LogLine): void {
    const arr = this.pendingLog.get(sessionId) ?? [];
    arr.push(line);
    this.pendingLog.set(sessionId, arr);
    this.schedule();
  }

  task(view: TaskView): void {
    this.publish('task.updated', view.id, view);
  }

  changed(what: ChangedWhat): void {
    this.publish('app.changed', '*', { what });
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Logs before state, so a console that sees "ended" already has the lines explaining why.
    for (const [id, lines] of this.pendingLog) this.publish('session.log', id, { lines });
    this.pendingLog.clear();
    for (const [id, view] of this.pendingState) this.publish('session.state', id, structuredClone(view));
    this.pendingState.clear();
  }

  private schedule(): void {
    if (!this.timer) this.timer = setTimeout(() => this.flush(), TICK_MS);
  }

  private publish<T extends TopicName>(topic: T, key: string, payload: PayloadOf<T>): void {
    const seq = ++this.seq;
    for (const l of this.listeners) l(topic, key, seq, payload);
  }
}
