// Which host we talk to and whether we can reach it.
import type { SliceCreator } from '../../types';
import type { ConnectionSlice } from './state';

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set) => ({
  connection: { kind: 'connecting' },
  hostKind: null,
  appInfo: null,
  retryConnection: () => undefined,
  setConnection: (connection) => set({ connection }),
  setHostKind: (hostKind, retryConnection) => set({ hostKind, retryConnection }),
  setAppInfo: (appInfo) => set({ appInfo }),
});
