import type { FerryStore } from '../../types';

export const proxiesSelectors = {
  loadable: (s: FerryStore) => s.proxies,
  items: (s: FerryStore) => s.proxies.data,
  byId: (id: string) => (s: FerryStore) => s.proxies.data.find((p) => p.id === id),
  byServerId: (serverId: string | null) => (s: FerryStore) => s.proxies.data.find((p) => p.serverId === serverId),
};
