// How a job's processing settings read in lists and summaries.
import type { ActiveFull, Job, JobSpec, Proxy } from '../../src-shared/domain';

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

/** "Off", "Weekly on Sat, Sun", "Monthly on day 1". */
export function activeFullText(a: ActiveFull): string {
  if (a.kind === 'none') return 'Off';
  if (a.kind === 'weekly') return `Weekly on ${a.days.join(', ')}`;
  return `Monthly on day ${a.dayOfMonth}`;
}

export function changeTrackingText(spec: Pick<JobSpec, 'changeTracking'>): string {
  return spec.changeTracking ? 'Changed block tracking (RCT): only changed blocks are read' : 'No change tracking: every disk is read in full';
}

export function consistencyText(spec: Pick<JobSpec, 'applicationConsistent' | 'requireSuccessfulProcessing'>): string {
  if (!spec.applicationConsistent) return 'Crash-consistent';
  return spec.requireSuccessfulProcessing
    ? 'Application-consistent (Hyper-V VSS writer); a VM whose writer fails fails'
    : 'Application-consistent (Hyper-V VSS writer); a VM whose writer fails falls back to crash-consistent';
}
