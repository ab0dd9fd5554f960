// Backup jobs: create, change, enable, delete, start, and the snapshot plan a job would run now.
import type { Job, JobSpec, ManualStarter } from '../../../src-shared/domain';
import type { PlannedSnapshot } from '../../../src-shared/contract/methods';
import type { Orchestrator } from '../orchestrator/orchestrator';
import { planSnapshots } from '../orchestrator/plan';
import type { ChangeListener } from '../util/changes';
import { newId } from '../util/ids';
import { notFound } from '../util/not-found';
import { nowIso } from '../util/time';
import { checkJobSpec, type JobSpecContext } from './job-spec-checks';

export interface JobsDeps extends JobSpecContext {
  orchestrator: Orchestrator;
  changed: ChangeListener;
}

export class Jobs {
  constructor(private readonly d: JobsDeps) {}

  list(): Job[] {
    return this.d.store.listJobs();
  }

  get(id: string): Job {
    const job = this.d.store.getJob(id);
    if (!job) throw notFound('Job', id);
    return job;
  }

  async create(spec: JobSpec): Promise<Job> {
    await checkJobSpec(spec, null, this.d);
    return this.save(this.d.orchestrator.withNextRun({ id: newId('job'), spec, createdAt: nowIso(), lastResult: null, lastRunAt: null, nextRunAt: null }));
  }

  async update(id: string, spec: JobSpec): Promise<Job> {
    const current = this.get(id);
    await checkJobSpec(spec, id, this.d);
    // A running session keeps the settings it started with; the change applies from the next run.
    return this.save(this.d.orchestrator.withNextRun({ ...current, spec }));
  }

  setEnabled(id: string, enabled: boolean): Job {
    const current = this.get(id);
    return this.save(this.d.orchestrator.withNextRun({ ...current, spec: { ...current.spec, enabled } }));
  }

  /** Deletes the job; its restore points are kept (still listed and restorable) or deleted from the repository. */
  async delete(id: string, restorePoints: 'keep' | 'delete'): Promise<{ ok: true; restorePointsDeleted: number; restorePointsKept: number }> {
    const outcome = await this.d.orchestrator.deleteJob(this.get(id), restorePoints);
    this.d.changed('jobs');
    this.d.changed('restorePoints');
    this.d.changed('repositories');
    return { ok: true, ...outcome };
  }

  /** A manual run; activeFull reads every disk in full this time. */
  start(id: string, activeFull: boolean | undefined, startedBy: ManualStarter): { sessionId: string } {
    const sessionId = this.d.orchestrator.start(this.get(id), { trigger: 'manual', activeFull, startedBy });
    this.d.changed('sessions');
    return { sessionId };
  }

  /** The snapshots the job would take now, named for the console: volumes, shared snapshots, proxy or on-host, warnings. */
  async plan(spec: JobSpec): Promise<PlannedSnapshot[]> {
    const { orchestrator } = this.d;
    const inv = await this.d.servers.inventory();
    const candidates = spec.processing.mode === 'off-host' ? await orchestrator.proxyCandidates() : [];
    const name = (id: string) => inv.hosts.find((h) => h.id === id)?.name ?? id;
    return planSnapshots(spec, inv, candidates, { hostVss: orchestrator.hostVss }).map((g) => ({
      volumeId: g.volumeId,
      volumePath: g.volumePath,
      hostName: name(g.hostId),
      vmNames: g.vmIds.map((id) => inv.vms.find((v) => v.id === id)?.name ?? id),
      mode: g.mode,
      proxyName: g.proxy?.name ?? null,
      warning: g.warning,
      failReason: g.failReason,
    }));
  }

  private save(job: Job): Job {
    this.d.store.putJob(job);
    this.d.changed('jobs');
    return job;
  }
}
