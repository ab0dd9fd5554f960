// Managed servers: Hyper-V hosts, clusters and plain Windows servers in Ferry's backup infrastructure.
import type { ManagedServer } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { ServersSlice } from './state';

export const createServersSlice: SliceCreator<ServersSlice> = (set, get) => {
  const replace = (server: ManagedServer) => {
    const list = get().servers;
    set({ servers: { ...list, data: list.data.map((s) => (s.id === server.id ? server : s)) } });
  };
  return {
    servers: notLoaded<ManagedServer[]>([]),
    fetchServers: () =>
      load(
        'servers',
        () => get().servers,
        (servers) => set({ servers }),
        () => getClient().call('servers.list', {}),
      ),
    async updateServer(patch) {
      const server = await getClient().call('servers.update', patch);
      replace(server);
      // A changed credential changes what each credential is "used by".
      if (patch.credentialId !== undefined) void get().fetchCredentials();
      return server;
    },
    async rescanServer(id) {
      const server = await getClient().call('servers.rescan', { id });
      replace(server);
      // A rescan can bring new VMs and volumes.
      void get().fetchInventory();
      return server;
    },
    async removeServer(id) {
      await getClient().call('servers.remove', { id });
      await Promise.all([get().fetchServers(), get().fetchInventory(), get().fetchCredentials()]);
    },
    async serverAdded() {
      await Promise.all([get().fetchServers(), get().fetchInventory(), get().fetchCredentials()]);
    },
  };
};
