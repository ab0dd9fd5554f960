// Managed servers: Hyper-V hosts, clusters and plain Windows servers in Ferry's backup infrastructure.
import type { ParamsOf } from '../../../../src-shared/contract';
import type { ManagedServer } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { load, notLoaded, type Loadable } from '../../loadable';
import type { SliceCreator } from '../../types';

export interface ServersSlice {
  servers: Loadable<ManagedServer[]>;
  fetchServers(): Promise<void>;
  /** Saves credential / description / VSS settings; resolves with the saved server. */
  updateServer(patch: ParamsOf<'servers.update'>): Promise<ManagedServer>;
  /** Reconnects; resolves with the refreshed server (its status says how it went). */
  rescanServer(id: string): Promise<ManagedServer>;
  /** Rejects with the host's FerryError (E_IN_USE names the jobs / proxy) so the dialog can show it. */
  removeServer(id: string): Promise<void>;
  /** After servers.add finished: the server, what it brought into the inventory, and credential usage changed. */
  serverAdded(): Promise<void>;
}

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
