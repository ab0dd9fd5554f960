// The current page. routing/sync.ts mirrors it to location.hash so Back/Forward and reloads work.
import type { SliceCreator } from '../../types';
import type { NavigationSlice } from './state';

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set) => ({
  route: { view: 'home' },
  navigate: (route) => set({ route }),
});
