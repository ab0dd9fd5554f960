// Off-host backup proxies.
import type { Proxy } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { ProxiesSlice } from './state';

export const createProxiesSlice: SliceCreator<ProxiesSlice> = (set, get) => {
  const replace = (proxy: Proxy) => {
    const list = get().proxies;
    set({ proxies: { ...list, data: list.data.map((p) => (p.id === proxy.id ? proxy : p)) } });
  };
  return {
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
      // Show the new status at once; the app.changed refetch confirms it a moment later.
      replace(proxy);
      return proxy;
    },
    async setProxyEnabled(id, enabled) {
      const proxy = await getClient().call('proxies.update', { id, enabled });
      replace(proxy);
      return proxy;
    },
    async removeProxy(id) {
      await getClient().call('proxies.remove', { id });
      await get().fetchProxies();
    },
  };
};
