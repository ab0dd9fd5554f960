// Which proxies can take work right now: live readiness (a proxy may have gone away since the wizard),
// narrowed to the volumes the admin connected it to, with its task slots in use.
import type { Platform } from '../platform/types';
import type { Store } from '../store/store';
import type { KeyedSemaphore } from '../util/semaphore';
import { eligibleVolumes, servedVolumes, serverFailures } from '../infrastructure/proxy-eligibility';
import type { ProxyCandidate } from './plan';

export async function proxyCandidates(store: Store, platform: Platform, slots: KeyedSemaphore, warn?: (text: string) => void): Promise<ProxyCandidate[]> {
  const out: ProxyCandidate[] = [];
  for (const proxy of store.listProxies()) {
    if (proxy.enabled === false) {
      // the admin took it out of service: not even probed; the plan names it when no other proxy can serve
      out.push({ proxy, eligibleVolumeIds: [], notReadyReason: `proxy ${proxy.name} is disabled`, tasksInUse: slots.inUse(proxy.id) });
      continue;
    }
    const checks = await platform.checkProxy(proxy.serverId).catch(() => null);
    const failure = checks ? (serverFailures(checks)[0]?.reason ?? null) : 'readiness check failed';
    out.push({ proxy, eligibleVolumeIds: checks ? servedVolumes(eligibleVolumes(checks), proxy.connectedVolumes) : [], notReadyReason: failure, tasksInUse: slots.inUse(proxy.id) });
    if (failure) warn?.(`Proxy ${proxy.name} is not ready: ${failure}`);
  }
  return out;
}
