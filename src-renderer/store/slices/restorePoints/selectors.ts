import type { FerryStore } from '../../types';

export const restorePointsSelectors = {
  forJob: (jobId: string) => (s: FerryStore) => s.restorePointsByJob[jobId],
  verifyTaskId: (restorePointId: string) => (s: FerryStore) => s.verifyTaskByRestorePoint[restorePointId],
  all: (s: FerryStore) => s.allRestorePoints,
  loadedJobIds: (s: FerryStore) => Object.keys(s.restorePointsByJob),
};
