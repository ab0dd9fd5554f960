// How a job's processing settings read in lists and summaries.
import type { Job, Proxy } from '../../src-shared/domain';

export function processingModeText(job: Job): string {
  const p = job.spec.processing;
  if (p.mode === 'on-host') return 'On-host';
  return p.failoverToOnHost ? 'Off-host (failover to on-host)' : 'Off-host';
}

export function proxyText(job: Job, proxies: Proxy[]): string {
  const p = job.spec.processing;
  if (p.mode === 'on-host') return 'Hyper-V host';
  if (p.proxySelection === 'automatic') return 'Automatic';
  return p.pinnedProxyIds.map((id) => proxies.find((x) => x.id === id)?.name ?? id).join(', ');
}
