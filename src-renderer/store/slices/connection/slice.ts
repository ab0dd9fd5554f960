// Which host we talk to and whether we can reach it.
import type { AppInfo } from '../../../../src-shared/domain';
import type { ConnectionState } from '../../../backend/status';
import type { SliceCreator } from '../../types';

export interface ConnectionSlice {
  connection: ConnectionState;
  hostKind: 'electron' | 'web' | null;
  appInfo: AppInfo | null;
  /** Injected at boot: skip the reconnect backoff. */
  retryConnection: () => void;
  setConnection(state: ConnectionState): void;
  setHostKind(kind: 'electron' | 'web', retry: () => void): void;
  setAppInfo(info: AppInfo | null): void;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set) => ({
  connection: { kind: 'connecting' },
  hostKind: null,
  appInfo: null,
  retryConnection: () => undefined,
  setConnection: (connection) => set({ connection }),
  setHostKind: (hostKind, retryConnection) => set({ hostKind, retryConnection }),
  setAppInfo: (appInfo) => set({ appInfo }),
});
