// Backup jobs and the commands on them.
import type { Job } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { JobsSlice } from './state';

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
