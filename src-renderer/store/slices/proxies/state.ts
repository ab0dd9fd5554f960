// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { Proxy } from '../../../../src-shared/domain';
import type { Loadable } from '../../loadable';

export interface ProxiesSlice {
  proxies: Loadable<Proxy[]>;
  fetchProxies(): Promise<void>;
  /** Re-runs readiness on the proxy's server; resolves with the refreshed proxy. */
  recheckProxy(id: string): Promise<Proxy>;
  /** Rejects with the host's FerryError (e.g. E_PROXY_IN_USE) so the dialog can show it. */
  removeProxy(id: string): Promise<void>;
  /** Disabled proxies are skipped by automatic selection and take no new tasks. */
  setProxyEnabled(id: string, enabled: boolean): Promise<Proxy>;
}
