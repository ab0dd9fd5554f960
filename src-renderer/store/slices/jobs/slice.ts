// Backup jobs and the commands on them.
import type { Job, JobSpecInput } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { load, notLoaded, type Loadable } from '../../loadable';
import type { SliceCreator } from '../../types';

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

export const createJobsSlice: SliceCreator<JobsSlice> = (set, get) => ({
  jobs: notLoaded<Job[]>([]),
  selectedJobId: null,
  fetchJobs: () =>
    load(
      'jobs',
      () => get().jobs,
      (jobs) => set({ jobs }),
      () => getClient().call('jobs.list', {}),
    ),
  selectJob: (selectedJobId) => set({ selectedJobId }),
  async createJob(spec) {
    const job = await getClient().call('jobs.create', spec);
    set({ selectedJobId: job.id });
    await get().fetchJobs();
    return job;
  },
  async updateJob(id, spec) {
    const job = await getClient().call('jobs.update', { id, spec });
    await get().fetchJobs();
    return job;
  },
  async setJobEnabled(id, enabled) {
    const job = await getClient().call('jobs.setEnabled', { id, enabled });
    await get().fetchJobs();
    return job;
  },
  async deleteJob(id, restorePoints) {
    const result = await getClient().call('jobs.delete', { id, restorePoints });
    if (get().selectedJobId === id) set({ selectedJobId: null });
    await get().fetchJobs();
    return result;
  },
  async startJob(id, opts) {
    const { sessionId } = await getClient().call('jobs.start', opts?.activeFull ? { id, activeFull: true } : { id });
    void get().fetchSessions();
    return sessionId;
  },
});
