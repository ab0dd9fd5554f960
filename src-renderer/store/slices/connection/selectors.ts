import type { FerryStore } from '../../types';

export const connectionSelectors = {
  state: (s: FerryStore) => s.connection,
  isConnected: (s: FerryStore) => s.connection.kind === 'connected',
  appInfo: (s: FerryStore) => s.appInfo,
  hostKind: (s: FerryStore) => s.hostKind,
  retry: (s: FerryStore) => s.retryConnection,
};
