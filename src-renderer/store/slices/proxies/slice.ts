// Off-host backup proxies.
import type { Proxy } from '../../../../src-shared/domain';
import { getClient } from '../../../api/client';
import { load, notLoaded, type Loadable } from '../../loadable';
import type { SliceCreator } from '../../types';

export interface ProxiesSlice {
  proxies: Loadable<Proxy[]>;
  fetchProxies(): Promise<void>;
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
  async removeProxy(id) {
    await getClient().call('proxies.remove', { id });
    await get().fetchProxies();
  },
});
