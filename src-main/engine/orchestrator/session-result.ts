// The session's first and last log lines: what started it and how it ended (shared by every session kind).
import type { LogLine, SessionView } from '../../../src-shared/domain';

/** "Job X started by the console (retry of session s-…, active full, off-host processing)" */
export function startLine(jobName: string, v: SessionView, mode: 'off-host' | 'on-host'): string {
  const by = { schedule: 'by its schedule', console: 'from the console', cli: 'from the command line' }[v.startedBy];
  const what = [v.retryOf ? `retry of session ${v.retryOf}` : null, v.activeFull ? 'active full' : null, `${mode} processing`].filter(Boolean).join(', ');
  return `Job ${jobName} started ${by} (${what})`;
}

/** "Session ended: Warning. <reason>" at the level the result deserves */
export function finishLine(result: SessionView['result'], reason: string): { level: LogLine['level']; text: string } {
  const level = result === 'Failed' ? 'error' : result === 'Success' ? 'info' : 'warning';
  return { level, text: `Session ended: ${result}. ${reason}` };
}
