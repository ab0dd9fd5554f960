import type { FerryStore } from '../../types';

export const restorePointsSelectors = {
  forJob: (jobId: string) => (s: FerryStore) => s.restorePointsByJob[jobId],
  verifyTaskId: (restorePointId: string) => (s: FerryStore) => s.verifyTaskByRestorePoint[restorePointId],
  loadedJobIds: (s: FerryStore) => Object.keys(s.restorePointsByJob),
};
