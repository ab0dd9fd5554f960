// What in a session must stand out: failovers to on-host (with the reason) and VM failures.
import type { VmTaskView } from '../../../src-shared/domain';

const FAILOVER = /failed over to on-host/i;

/**
 * One line per volume snapshot that fell back to on-host, with its reason: the log's warnings (kept by
 * the sessions slice as lines arrive), else the VMs' messages (a log cut short still shows them).
 */
export function failoverWarnings(vms: VmTaskView[], fromLog: string[]): string[] {
  if (fromLog.length > 0) return fromLog;
  return [...new Set(vms.filter((v) => FAILOVER.test(v.message)).map((v) => `${v.vmName}: ${v.message}`))];
}

export function failedVms(vms: VmTaskView[]): { name: string; message: string }[] {
  return vms.filter((v) => v.status === 'Failed').map((v) => ({ name: v.vmName, message: v.message }));
}
