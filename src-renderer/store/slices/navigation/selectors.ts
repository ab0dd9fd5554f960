import type { FerryStore } from '../../types';

export const navigationSelectors = {
  route: (s: FerryStore) => s.route,
  navigate: (s: FerryStore) => s.navigate,
};
