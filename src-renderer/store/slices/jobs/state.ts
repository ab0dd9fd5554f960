// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { Job, JobSpecInput } from '../../../../src-shared/domain';
import type { Loadable } from '../../loadable';

export interface JobsSlice {
  jobs: Loadable<Job[]>;
  selectedJobId: string | null;
  fetchJobs(): Promise<void>;
  selectJob(id: string | null): void;
  createJob(spec: JobSpecInput): Promise<Job>;
  updateJob(id: string, spec: JobSpecInput): Promise<Job>;
  setJobEnabled(id: string, enabled: boolean): Promise<Job>;
  /** restorePoints: keep them in the repository (still listed and restorable) or delete them from it */
  deleteJob(id: string, restorePoints: 'keep' | 'delete'): Promise<{ restorePointsDeleted: number; restorePointsKept: number }>;
  /** Returns the new session id. activeFull: read every disk in full now, whatever the job's active full days. */
  startJob(id: string, opts?: { activeFull?: boolean }): Promise<string>;
}
