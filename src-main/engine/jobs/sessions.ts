// Job sessions as the console sees them: live while running (the orchestrator's view), stored once ended.
import type { LogLine, ManualStarter, SessionView } from '../../../src-shared/domain';
import type { RateSample } from '../../../src-shared/contract/methods';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { Store } from '../store/store';
import type { ChangeListener } from '../util/changes';
import { notFound } from '../util/not-found';
import type { Jobs } from './jobs';

export interface SessionsDeps {
  store: Store;
  orchestrator: Orchestrator;
  jobs: Jobs;
  changed: ChangeListener;
}

export interface SessionSnapshot {
  session: SessionView;
  log: LogLine[];
  samples: RateSample[];
}

export class Sessions {
  constructor(private readonly d: SessionsDeps) {}

  list(jobId?: string): SessionView[] {
    return this.d.store.listSessions(jobId).map((s) => this.d.orchestrator.liveView(s.id) ?? s);
  }

  get(id: string): SessionSnapshot {
    const { store, orchestrator } = this.d;
    const session = this.view(id);
    return { session, log: store.getLog(id), samples: orchestrator.liveSamples(id) ?? store.getSessionSamples(id) };
  }

  stop(id: string, mode: 'graceful' | 'immediate'): { ok: true } {
    if (!this.d.store.getSession(id)) throw notFound('Session', id);
    this.d.orchestrator.stop(id, mode);
    return { ok: true };
  }

  /** A new session of the same job for the VMs that failed in this one. */
  retry(id: string, startedBy: ManualStarter): { sessionId: string } {
    const session = this.view(id);
    if (session.result === 'Running') throw new FerryError(ErrorCode.JobRunning, 'The session is still running');
    if (session.kind === 'restore') throw new FerryError(ErrorCode.Conflict, 'A restore session is not retried as a backup: run the restore again (restore.startVm / restore.startDisks)');
    // the VMs a stop left unfinished are retried with the failed ones
    const failed = session.vms.filter((v) => v.status === 'Failed' || v.status === 'Stopped').map((v) => v.vmId);
    if (failed.length === 0) throw new FerryError(ErrorCode.Conflict, 'No VM failed or was stopped in this session: nothing to retry');
    // a retry keeps the kind asked for: the VMs an active full did not process are read in full too
    const sessionId = this.d.orchestrator.start(this.d.jobs.get(session.jobId), { trigger: 'retry', vmIds: failed, activeFull: session.activeFull === true, retryOf: session.id, startedBy });
    this.d.changed('sessions');
    return { sessionId };
  }

  private view(id: string): SessionView {
    const session = this.d.orchestrator.liveView(id) ?? this.d.store.getSession(id);
    if (!session) throw notFound('Session', id);
    return session;
  }
}
