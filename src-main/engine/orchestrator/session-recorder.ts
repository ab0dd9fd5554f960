// Holds one session's live view, appends its log, persists it and tells the listeners.
// Progress changes are frequent: the store is written at most once a second, lifecycle changes at once.
import type { LogLine, SessionView, SnapshotStage, SnapshotView, VmTaskView } from '../../../src-shared/domain';
import type { Store } from '../store/store';
import type { RateSample } from '../../../src-shared/contract/methods';
import { nowIso } from '../util/time';

export interface SessionSink {
  state(view: SessionView): void;
  log(sessionId: string, line: LogLine): void;
  /** after the session ended and the job's last result was stored */
  ended?(view: SessionView): void;
  /** attempt `attempt` (1-based) of the session's VMs left some failed, and the session retries them (retry `attempt` of `retries`) */
  attemptFailed?(view: SessionView, attempt: number, retries: number): void;
}

const PERSIST_EVERY_MS = 1000;
const SAMPLE_EVERY_MS = 1000;
/** a chart of a long session keeps its shape: beyond this, every other sample is dropped */
const MAX_SAMPLES = 720;

export class SessionRecorder {
  private nextLogSeq = 1;
  private lastPersist = 0;
  /** processing-rate history (read / transferred bytes per second), one sample a second */
  readonly samples: RateSample[] = [];
  private lastSample: { t: number; read: number; transferred: number } | null = null;

  constructor(
    readonly view: SessionView,
    private readonly store: Store,
    private readonly sink: SessionSink,
  ) {
    store.putSession(view);
  }

  get id(): string {
    return this.view.id;
  }

  log(level: LogLine['level'], text: string, vmId: string | null = null): void {
    const line: LogLine = { seq: this.nextLogSeq++, at: nowIso(), level, vmId, text };
    this.store.appendLog(this.view.id, line);
    this.sink.log(this.view.id, line);
  }

  /**
   * A line about one VM: the console and the CLI show whose it is ([VM]) from `vmId`, so the text does not repeat
   * the VM's name.
   */
  vmLog(vmId: string, level: LogLine['level'], text: string): void {
    this.log(level, text, vmId);
  }

  vm(vmId: string): VmTaskView {
    const v = this.view.vms.find((x) => x.vmId === vmId);
    if (!v) throw new Error(`session ${this.view.id}: unknown VM ${vmId}`);
    return v;
  }

  patchVm(vmId: string, patch: Partial<VmTaskView>, persist = true): void {
    const vm = this.vm(vmId);
    Object.assign(vm, patch, patch.status ? timesFor(vm, patch.status) : {});
    this.changed(persist);
  }

  addSnapshot(s: SnapshotView): void {
    this.view.snapshots.push(s);
    this.changed(true);
  }

  snapshotStage(snapshotId: string, stage: SnapshotStage, note?: string): void {
    const s = this.view.snapshots.find((x) => x.id === snapshotId);
    if (!s) return;
    s.stage = stage;
    s.history.push(note ? { stage, at: nowIso(), note } : { stage, at: nowIso() });
    this.changed(true);
  }

  /** Any change: listeners always hear it (the hub throttles); the store gets it now or within a second. */
  changed(persistNow = false): void {
    const now = Date.now();
    this.sample(now);
    if (persistNow || now - this.lastPersist >= PERSIST_EVERY_MS) {
      this.lastPersist = now;
      this.store.putSession(this.view);
      this.store.putSessionSamples(this.view.id, this.samples);
    }
    this.sink.state(this.view);
  }

  private sample(now: number): void {
    const { bytesRead, bytesTransferred } = this.view.stats;
    if (!this.lastSample) {
      this.lastSample = { t: now, read: bytesRead, transferred: bytesTransferred };
      return;
    }
    const dt = (now - this.lastSample.t) / 1000;
    if (dt * 1000 < SAMPLE_EVERY_MS && this.view.result === 'Running') return;
    if (dt <= 0) return;
    this.samples.push({ at: new Date(now).toISOString(), readPerSec: Math.max(0, (bytesRead - this.lastSample.read) / dt), transferredPerSec: Math.max(0, (bytesTransferred - this.lastSample.transferred) / dt) });
    if (this.samples.length > MAX_SAMPLES) {
      const kept = this.samples.filter((_, i) => i % 2 === 0);
      this.samples.splice(0, this.samples.length, ...kept);
    }
    this.lastSample = { t: now, read: bytesRead, transferred: bytesTransferred };
  }
}

const FINAL: ReadonlySet<VmTaskView['status']> = new Set(['Success', 'Warning', 'Failed', 'Stopped']);

/** A VM's processing time: from its first start to its final status; a retry (Pending again) reopens the end. */
function timesFor(vm: VmTaskView, status: VmTaskView['status']): Pick<VmTaskView, 'startedAt' | 'endedAt'> {
  const now = nowIso();
  if (FINAL.has(status)) return { startedAt: vm.startedAt, endedAt: vm.endedAt ?? now };
  if (status === 'Running') return { startedAt: vm.startedAt ?? now, endedAt: null };
  return { startedAt: vm.startedAt, endedAt: null };
}
