// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { Route } from '../../../routing/routes';

export interface NavigationSlice {
  route: Route;
  navigate(route: Route): void;
}
