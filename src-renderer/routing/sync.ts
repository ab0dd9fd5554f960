// Keeps the navigation slice and location.hash in step, both ways.
import type { StoreApi } from 'zustand';
import type { FerryStore } from '../store/types';
import { hashToRoute, routeToHash, sameRoute } from './routes';

export function syncRouteWithHash(store: Pick<StoreApi<FerryStore>, 'getState' | 'subscribe'>): () => void {
  const fromHash = () => {
    const route = hashToRoute(window.location.hash);
    if (!sameRoute(route, store.getState().route)) store.getState().navigate(route);
  };
  fromHash();
  window.addEventListener('hashchange', fromHash);
  const off = store.subscribe((s, prev) => {
    if (s.route !== prev.route && window.location.hash !== routeToHash(s.route)) {
      window.location.hash = routeToHash(s.route);
    }
  });
  return () => {
    window.removeEventListener('hashchange', fromHash);
    off();
  };
}
