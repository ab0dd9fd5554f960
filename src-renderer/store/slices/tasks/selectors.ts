import type { FerryStore } from '../../types';

export const tasksSelectors = {
  byId: (id: string | null | undefined) => (s: FerryStore) => (id ? s.tasks[id] : undefined),
};
