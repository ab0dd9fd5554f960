import type { FerryStore } from '../../types';

export const jobsSelectors = {
  loadable: (s: FerryStore) => s.jobs,
  items: (s: FerryStore) => s.jobs.data,
  selectedId: (s: FerryStore) => s.selectedJobId,
  selected: (s: FerryStore) => s.jobs.data.find((j) => j.id === s.selectedJobId),
  byId: (id: string) => (s: FerryStore) => s.jobs.data.find((j) => j.id === id),
};
