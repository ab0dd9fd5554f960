// Restore points per job, and which verify task belongs to which restore point.
import type { RestorePoint } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { RestorePointsSlice } from './state';

export const createRestorePointsSlice: SliceCreator<RestorePointsSlice> = (set, get) => ({
  restorePointsByJob: {},
  verifyTaskByRestorePoint: {},
  allRestorePoints: notLoaded<RestorePoint[]>([]),
  fetchAllRestorePoints: () =>
    load(
      'restorePoints:*',
      () => get().allRestorePoints,
      (allRestorePoints) => set({ allRestorePoints }),
      () => getClient().call('restorePoints.list', {}),
    ),
  fetchRestorePoints: (jobId) =>
    load(
      `restorePoints:${jobId}`,
      () => get().restorePointsByJob[jobId] ?? notLoaded<RestorePoint[]>([]),
      (next) => set({ restorePointsByJob: { ...get().restorePointsByJob, [jobId]: next } }),
      () => getClient().call('restorePoints.list', { jobId }),
    ),
  async verifyRestorePoint(id) {
    const { taskId } = await getClient().call('restorePoints.verify', { id });
    set({ verifyTaskByRestorePoint: { ...get().verifyTaskByRestorePoint, [id]: taskId } });
    return taskId;
  },
});
