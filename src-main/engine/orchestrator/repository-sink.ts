// The backup session's sink: disks go into the job's repository as one restore point; incrementals build on
// the job's newest point of each disk (change-chain.ts); retention and reference retirement follow the commit.
import type { Inventory, Job, RestorePoint } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { ChangeReference, CreatedSnapshot, Platform, PlatformLog } from '../platform/types';
import type { RepoPool } from '../repository/repo-pool';
import type { Store } from '../store/store';
import { ChangeChain, type DiskReadPlan } from './change-chain';
import type { DiskSink, SinkSession, SinkTaskFields } from './disk-sink';
import { blockSizeBytes } from './job-options';
import { retireChangeReferences } from './reference-retirement';
import { commitRestorePoint, type DiskOutcome } from './restore-point-commit';

export interface RepositorySinkDeps {
  store: Store;
  platform: Platform;
  repos: RepoPool;
  clock: () => Date;
}

export class RepositorySink implements DiskSink {
  private chain: ChangeChain | null = null;
  /** retention may remove points during the session: their change-tracking references are retired at the end */
  private readonly pointsAtStart: RestorePoint[];

  constructor(
    private readonly job: Job,
    private readonly deps: RepositorySinkDeps,
    private readonly session: SinkSession,
    private readonly activeFull: boolean,
  ) {
    this.pointsAtStart = job.spec.changeTracking ? deps.store.listRestorePoints() : [];
  }

  async open(_inv: Inventory): Promise<void> {
    this.chain = new ChangeChain(this.job, this.deps.store.listRestorePoints(this.job.id), this.activeFull, this.deps.clock);
    if (this.activeFull) this.session.rec.log('info', 'Active full: every disk is read in full, a new backup chain starts');
  }

  checkDestination(): void {
    this.repositoryPath();
  }

  planDisk(created: CreatedSnapshot, vmId: string, diskIndex: number, virtualSizeBytes: number, log: PlatformLog): Promise<DiskReadPlan> {
    if (!this.chain) throw new Error('RepositorySink.planDisk before open');
    return this.chain.plan(this.deps.platform, created, vmId, diskIndex, virtualSizeBytes, log);
  }

  taskFields(_vmId: string, _diskIndex: number, plan: DiskReadPlan): SinkTaskFields {
    return { repositoryDir: this.repositoryPath(), blockSize: blockSizeBytes(this.job.spec.blockSize), compression: this.job.spec.compression, ...plan.task };
  }

  commit(inv: Inventory, outcomes: DiskOutcome[]): Promise<void> {
    return commitRestorePoint({ job: this.job, store: this.deps.store, repos: this.deps.repos, rec: this.session.rec, isOnlySession: this.session.isOnlySession }, inv, outcomes);
  }

  async close(taken: readonly ChangeReference[]): Promise<string[]> {
    if (taken.length === 0) return [];
    const rec = this.session.rec;
    return retireChangeReferences(this.deps.platform, taken, this.deps.store.listRestorePoints(), this.pointsAtStart, (level, text) => rec.log(level, text));
  }

  private repositoryPath(): string {
    const repo = this.deps.store.getRepository(this.job.spec.repositoryId);
    if (!repo) throw new FerryError(ErrorCode.RepoMissing, `Repository ${this.job.spec.repositoryId} no longer exists`);
    return repo.path;
  }
}
