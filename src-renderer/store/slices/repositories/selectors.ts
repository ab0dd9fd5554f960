import type { FerryStore } from '../../types';

export const repositoriesSelectors = {
  loadable: (s: FerryStore) => s.repositories,
  items: (s: FerryStore) => s.repositories.data,
  byId: (id: string) => (s: FerryStore) => s.repositories.data.find((r) => r.id === id),
};
