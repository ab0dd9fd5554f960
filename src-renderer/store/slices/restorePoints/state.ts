// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { RestorePoint } from '../../../../src-shared/domain';
import type { Loadable } from '../../loadable';

export interface RestorePointsSlice {
  restorePointsByJob: Record<string, Loadable<RestorePoint[]>>;
  /** every restore point in every repository, deleted jobs' kept points included (the Backups view, a VM's points) */
  allRestorePoints: Loadable<RestorePoint[]>;
  /** restore point id → verify task id (latest) */
  verifyTaskByRestorePoint: Record<string, string>;
  fetchRestorePoints(jobId: string): Promise<void>;
  fetchAllRestorePoints(): Promise<void>;
  /** Starts verification; returns the task id. */
  verifyRestorePoint(id: string): Promise<string>;
}
