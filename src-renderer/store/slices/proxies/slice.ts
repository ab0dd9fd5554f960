// Off-host backup proxies.
import type { Proxy } from '../../../../src-shared/domain';
import { getClient } from '../../../api/client';
import { load, notLoaded, type Loadable } from '../../loadable';
import type { SliceCreator } from '../../types';

export interface ProxiesSlice {
  proxies: Loadable<Proxy[]>;
  fetchProxies(): Promise<void>;
  /** Re-runs readiness on the proxy's server; resolves with the refreshed proxy. */
  recheckProxy(id: string): Promise<Proxy>;
  /** Rejects with the host's FerryError (e.g. E_PROXY_IN_USE) so the dialog can show it. */
  removeProxy(id: string): Promise<void>;
}

export const createProxiesSlice: SliceCreator<ProxiesSlice> = (set, get) => ({
  proxies: notLoaded<Proxy[]>([]),
  fetchProxies: () =>
    load(
      'proxies',
      () => get().proxies,
      (proxies) => set({ proxies }),
      () => getClient().call('proxies.list', {}),
    ),
  async recheckProxy(id) {
    const proxy = await getClient().call('proxies.recheck', { id });
    const list = get().proxies;
    // Show the new status at once; the app.changed refetch confirms it a moment later.
    set({ proxies: { ...list, data: list.data.map((p) => (p.id === id ? proxy : p)) } });
    return proxy;
  },
  async removeProxy(id) {
    await getClient().call('proxies.remove', { id });
    await get().fetchProxies();
  },
});
