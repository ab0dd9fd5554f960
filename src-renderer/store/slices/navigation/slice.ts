// The current page. routing/sync.ts mirrors it to location.hash so Back/Forward and reloads work.
import type { Route } from '../../../routing/routes';
import type { SliceCreator } from '../../types';

export interface NavigationSlice {
  route: Route;
  navigate(route: Route): void;
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set) => ({
  route: { view: 'home' },
  navigate: (route) => set({ route }),
});
