// A restore session: a session like a backup's (same view, log, stop graceful/immediate, crash ledger) whose
// source is a restore point and whose sink is the target server's data mover. One VM after another; a stop or a
// failure undoes what it can (restore-steps.ts) and the facts say what each target is left as.
import type { SessionView, VmTaskStatus } from '../../../src-shared/domain';
import type { RestoreSessionFacts, RestoreStep } from '../../../src-shared/contract/restore';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { DiskWriter } from '../datamover/restore-task';
import type { RestorePlatform } from '../platform/restore-types';
import type { SessionRecorder, SessionSink } from '../orchestrator/session-recorder';
import { SessionRecorder as Recorder } from '../orchestrator/session-recorder';
import type { Store } from '../store/store';
import { fmtBytes } from '../util/format';
import { finishLine } from '../orchestrator/session-result';
import { nowIso } from '../util/time';
import { ledgerItemOf, RestoreLedger } from './restore-ledger';
import type { Resolved, ResolvedItem } from './restore-plan-types';
import { runItem, undoItem, type StepContext } from './restore-steps';

export interface RestoreRequestFacts {
  mode: 'original' | 'new' | 'disks';
  reason: string;
  powerOn: boolean;
  quickRollback: boolean;
  startedBy: 'console' | 'cli';
}

export interface RestoreSessionDeps {
  store: Store;
  platform: RestorePlatform;
  writer: DiskWriter;
  sink: SessionSink;
  /** inventory changed (a VM registered, powered off or on) */
  changed: (what: 'inventory' | 'sessions') => void;
}

const STOPPED = 'Stopped by the user';

export class RestoreSession {
  readonly rec: SessionRecorder;
  readonly ledger: RestoreLedger;
  private readonly abort = new AbortController();
  private graceful = false;
  /** an undo failed: the ledger stays open so the next start cleans up */
  private cleanupPending = false;
  private readonly started = Date.now();

  constructor(
    id: string,
    private readonly resolved: Resolved,
    private readonly req: RestoreRequestFacts,
    private readonly deps: RestoreSessionDeps,
  ) {
    const first = resolved.items[0];
    const job = first ? deps.store.getJob(first.point.jobId) : null;
    const view: SessionView = {
      id,
      kind: 'restore',
      jobId: first?.point.jobId ?? 'restore',
      jobName: job?.spec.name ?? (first?.point.jobName || 'Restore'),
      result: 'Running',
      reason: '',
      startedBy: req.startedBy,
      retryOf: null,
      activeFull: false,
      backupKind: null,
      interrupted: false,
      startedAt: nowIso(),
      endedAt: null,
      progress: 0,
      stats: { bytesRead: 0, bytesProcessed: 0, bytesTransferred: 0, ratePerSec: 0, dedupeRatio: 1, compressionRatio: 1, busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, bottleneck: null },
      vms: resolved.items.map((it) => ({
        vmId: it.vmId,
        vmName: it.vmName,
        status: 'Pending',
        progress: 0,
        processingMode: 'on-host',
        proxyServerId: it.moverServerId,
        bytesTotal: it.disks.reduce((s, d) => s + d.bytesToWrite, 0),
        bytesRead: 0,
        message: 'Waiting',
        consistency: null,
        backupKind: null,
        departures: [],
        startedAt: null,
        endedAt: null,
      })),
      snapshots: [],
      restorePointId: first?.point.id ?? null,
      stopping: null,
    };
    const facts: RestoreSessionFacts = {
      sessionId: id,
      mode: req.mode,
      reason: req.reason,
      powerOn: req.powerOn,
      items: resolved.items.map((it) => ({
        vmId: it.vmId,
        vmName: it.vmName,
        pointId: it.point.id,
        targetServerId: it.targetServerId,
        targetHostId: it.targetHostId,
        targetVmName: it.targetVmName,
        restoredVmId: it.mode === 'original' ? it.vmId : null,
        step: 'check',
        quickRollback: it.disks.some((d) => d.write === 'in-place'),
        disks: it.disks.map((d) => ({ diskIndex: d.diskIndex, targetPath: d.targetPath, state: 'Pending', bytesTotal: d.bytesToWrite, bytesWritten: 0 })),
        targetState: 'not started: nothing changed',
        error: null,
      })),
      bytesWritten: 0,
    };
    // the ledger first: from the first change on the target, a crash leaves a record to clean from
    this.ledger = new RestoreLedger(deps.store, { sessionId: id, items: resolved.items.map(ledgerItemOf), facts });
    this.ledger.save();
    this.rec = new Recorder(view, deps.store, deps.sink);
  }

  get id(): string {
    return this.rec.id;
  }

  get facts(): RestoreSessionFacts {
    return this.ledger.doc.facts;
  }

  stop(mode: 'graceful' | 'immediate' = 'immediate', reason = STOPPED): void {
    if (this.abort.signal.aborted) return;
    const asked = this.rec.view.stopping;
    if (!asked || (asked.mode === 'graceful' && mode === 'immediate')) {
      this.rec.view.stopping = { mode, at: nowIso(), reason };
      this.rec.changed(true);
    }
    if (mode === 'graceful') {
      if (!this.graceful) this.rec.log('warning', `${reason}: graceful stop, the VM in progress finishes, the others are not restored`);
      this.graceful = true;
      return;
    }
    this.rec.log('warning', `${reason}: immediate stop, the disk writes are cancelled and what was written is undone`);
    this.abort.abort(new FerryError(ErrorCode.Cancelled, reason));
  }

  async run(): Promise<SessionView> {
    const r = this.req;
    this.rec.log('info', `Restore (${r.mode === 'original' ? `original location${r.quickRollback ? ', quick rollback' : ''}` : r.mode === 'new' ? 'new location' : 'virtual disks'}) of ${this.resolved.items.length} VM(s)${r.reason ? `; reason: ${r.reason}` : ''}`);
    for (const w of this.resolved.plan.items.flatMap((p) => p.warnings)) this.rec.log('warning', w);
    const outcomes: VmTaskStatus[] = [];
    for (const item of this.resolved.items) outcomes.push(await this.runOne(item));
    return this.finish(outcomes);
  }

  private async runOne(item: ResolvedItem): Promise<VmTaskStatus> {
    const facts = this.itemFacts(item.vmId);
    if (this.graceful || this.abort.signal.aborted) {
      this.rec.patchVm(item.vmId, { status: 'Stopped', message: 'Not restored: the session was stopped before this VM' });
      return 'Stopped';
    }
    this.rec.patchVm(item.vmId, { status: 'Running', message: 'Restoring' });
    this.rec.vmLog(item.vmId, 'info', `From restore point ${item.point.id} (${item.point.createdAt}) to ${item.targetServerName}${item.targetVmName ? ` as ${item.targetVmName}` : ''}`);
    try {
      const warnings = await runItem(this.stepContext(item));
      for (const w of warnings) this.rec.vmLog(item.vmId, 'warning', w);
      const status: VmTaskStatus = warnings.length > 0 ? 'Warning' : 'Success';
      this.rec.patchVm(item.vmId, { status, progress: 1, message: facts.targetState });
      this.rec.vmLog(item.vmId, 'info', facts.targetState);
      this.deps.changed('inventory');
      return status;
    } catch (e) {
      return this.failed(item, FerryError.from(e));
    }
  }

  private async failed(item: ResolvedItem, err: FerryError): Promise<VmTaskStatus> {
    const facts = this.itemFacts(item.vmId);
    const stopped = err.code === ErrorCode.Cancelled;
    if (!stopped) this.rec.vmLog(item.vmId, 'error', `${err.code}: ${err.message}`);
    facts.error = stopped ? null : { code: err.code, message: err.message };
    try {
      const left = await undoItem(this.deps.platform, this.ledger.item(item.vmId), (level, text) => this.rec.vmLog(item.vmId, level, text));
      if (left) facts.targetState = left;
    } catch (e) {
      // the ledger stays open: the next start tries the clean-up again
      facts.targetState = `${facts.targetState}; cleaning up failed (${FerryError.from(e).message}): Ferry retries at its next start`;
      this.rec.vmLog(item.vmId, 'error', facts.targetState);
      this.cleanupPending = true;
      this.ledger.save();
    }
    const status: VmTaskStatus = stopped ? 'Stopped' : 'Failed';
    this.rec.patchVm(item.vmId, { status, message: facts.targetState });
    this.rec.vmLog(item.vmId, stopped ? 'warning' : 'error', facts.targetState);
    this.deps.changed('inventory');
    return status;
  }

  private stepContext(item: ResolvedItem): StepContext {
    const facts = this.itemFacts(item.vmId);
    const repo = this.deps.store.getRepository(item.point.repositoryId);
    if (!repo) throw new FerryError(ErrorCode.RepoMissing, `Repository ${item.point.repositoryId} no longer exists`);
    return {
      item,
      ledger: this.ledger,
      platform: this.deps.platform,
      writer: this.deps.writer,
      repositoryDir: repo.path,
      signal: this.abort.signal,
      powerOn: this.req.powerOn,
      log: (level, text) => this.rec.vmLog(item.vmId, level, text),
      step: (step: RestoreStep) => {
        facts.step = step;
        this.ledger.save();
        this.rec.patchVm(item.vmId, { message: STEP_TEXT[step] });
      },
      diskProgress: (diskIndex, state, bytesWritten) => this.diskProgress(item, diskIndex, state, bytesWritten),
      targetState: (text) => {
        facts.targetState = text;
        this.ledger.save();
      },
      restoredVmId: (id) => {
        facts.restoredVmId = id;
        this.ledger.save();
      },
    };
  }

  private diskProgress(item: ResolvedItem, diskIndex: number, state: RestoreSessionFacts['items'][number]['disks'][number]['state'], bytesWritten: number): void {
    const facts = this.itemFacts(item.vmId);
    const disk = facts.disks.find((d) => d.diskIndex === diskIndex);
    if (!disk) return;
    disk.state = state;
    if (state !== 'Failed' && state !== 'Stopped') disk.bytesWritten = bytesWritten;
    const written = facts.disks.reduce((s, d) => s + d.bytesWritten, 0);
    const total = facts.disks.reduce((s, d) => s + d.bytesTotal, 0);
    this.facts.bytesWritten = this.facts.items.reduce((s, it) => s + it.disks.reduce((n, d) => n + d.bytesWritten, 0), 0);
    const v = this.rec.view;
    const vm = v.vms.find((x) => x.vmId === item.vmId);
    if (vm) {
      vm.bytesRead = written;
      vm.progress = total > 0 ? Math.min(1, written / total) : 1;
    }
    const all = v.vms.reduce((s, x) => s + x.bytesTotal, 0);
    v.progress = all > 0 ? Math.min(1, this.facts.bytesWritten / all) : 1;
    v.stats.bytesRead = v.stats.bytesProcessed = v.stats.bytesTransferred = this.facts.bytesWritten;
    v.stats.ratePerSec = this.facts.bytesWritten / Math.max(0.001, (Date.now() - this.started) / 1000);
    v.stats.bottleneck = 'Target';
    this.rec.changed(state !== 'Writing');
  }

  private itemFacts(vmId: string) {
    const f = this.facts.items.find((x) => x.vmId === vmId);
    if (!f) throw new Error(`restore session ${this.id}: unknown VM ${vmId}`);
    return f;
  }

  private finish(outcomes: VmTaskStatus[]): SessionView {
    const v = this.rec.view;
    const result = outcomes.includes('Failed') ? 'Failed' : outcomes.includes('Stopped') ? 'Stopped' : outcomes.includes('Warning') ? 'Warning' : 'Success';
    v.result = result;
    v.reason = result === 'Stopped' ? (v.stopping?.reason ?? STOPPED) : result === 'Failed' ? (this.facts.items.find((i) => i.error)?.error?.message ?? '') : '';
    v.endedAt = nowIso();
    v.stopping = null;
    v.progress = result === 'Success' || result === 'Warning' ? 1 : v.progress;
    if (!this.cleanupPending) this.ledger.close();
    else this.ledger.save();
    const end = finishLine(result, `${v.reason ? `${v.reason}. ` : ''}${fmtBytes(this.facts.bytesWritten)} written to the target(s)`);
    this.rec.log(end.level, end.text);
    this.rec.changed(true);
    this.deps.sink.ended?.(v);
    return v;
  }
}

const STEP_TEXT: Record<RestoreStep, string> = {
  check: 'Checking the target',
  'power-off': 'Turning the VM off',
  prepare: 'Preparing the target folder and data mover',
  write: 'Writing disks',
  register: 'Registering',
  network: 'Connecting network adapters',
  'cluster-role': 'Adding the cluster role',
  'power-on': 'Starting the VM',
  done: 'Done',
};
