// Which selected VMs no proxy can reach off-host: the console makes on-host fallback visible up front.
import type { Inventory, Proxy } from '../../../src-shared/domain';
import type { JobDraft } from './draft';

export interface OffHostCoverage {
  /** proxies the job may use (all ready ones when automatic; the pinned ones otherwise) */
  candidates: Proxy[];
  /** names of selected VMs with at least one disk on a volume none of the candidates can serve */
  uncoveredVmNames: string[];
}

export function offHostCoverage(draft: JobDraft, inv: Inventory, proxies: Proxy[]): OffHostCoverage {
  const candidates =
    draft.proxySelection === 'pinned'
      ? proxies.filter((p) => draft.pinnedProxyIds.includes(p.id))
      : proxies.filter((p) => p.status === 'ready');
  const served = new Set(candidates.flatMap((p) => p.eligibleVolumeIds));
  const uncoveredVmNames = inv.vms
    .filter((vm) => draft.vmIds.includes(vm.id))
    .filter((vm) => vm.disks.some((d) => !served.has(d.volumeId)))
    .map((vm) => vm.name);
  return { candidates, uncoveredVmNames };
}
