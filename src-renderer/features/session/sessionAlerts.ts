// What in a session must stand out: failovers to on-host (with the reason) and VM failures.
import type { LogLine, SessionView } from '../../../src-shared/domain';

const FAILOVER = /failed over to on-host/i;

/** One line per volume snapshot that fell back to on-host, with its reason; from the log, else the VMs. */
export function failoverWarnings(session: SessionView, log: LogLine[]): string[] {
  // The closing "Session ended: Warning. <reason>" repeats one of them.
  const fromLog = log.filter((l) => l.level === 'warning' && FAILOVER.test(l.text) && !l.text.startsWith('Session ended')).map((l) => l.text);
  if (fromLog.length > 0) return [...new Set(fromLog)];
  return [...new Set(session.vms.filter((v) => FAILOVER.test(v.message)).map((v) => `${v.vmName}: ${v.message}`))];
}

export function failedVms(session: SessionView): { name: string; message: string }[] {
  return session.vms.filter((v) => v.status === 'Failed').map((v) => ({ name: v.vmName, message: v.message }));
}
