// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { AppInfo } from '../../../../src-shared/domain';
import type { ConnectionState } from '../../../backend/status';

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
