// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { ParamsOf } from '../../../../src-shared/contract';
import type { ManagedServer } from '../../../../src-shared/domain';
import type { Loadable } from '../../loadable';

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
