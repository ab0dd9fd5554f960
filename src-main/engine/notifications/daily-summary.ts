// The daily summary of all jobs: each job's sessions of the last 24 hours and its last result, and the VMs that
// miss their recovery point objective — whose last good restore point (a point holding the VM) is older than N
// hours, or that have none.
import type { Job, RestorePoint, SessionView } from '../../../src-shared/domain';
import { escapeHtml, type NotificationMessage } from './message';
import { fmtTime } from './session-report';

export interface SummaryInput {
  jobs: Job[];
  /** the sessions of the period (any job) */
  sessions: SessionView[];
  restorePoints: RestorePoint[];
  /** VM id → name, for the VMs of the jobs */
  vmNames: Map<string, string>;
  rpoHours: number;
  now: Date;
}

export interface RpoMiss {
  job: string;
  vm: string;
  lastGoodAt: string | null;
}

export function rpoMisses(input: SummaryInput): RpoMiss[] {
  const limit = input.now.getTime() - input.rpoHours * 3600_000;
  const misses: RpoMiss[] = [];
  for (const job of input.jobs) {
    if (!job.spec.enabled) continue;
    for (const vmId of job.spec.vmIds) {
      const last = input.restorePoints
        .filter((p) => p.jobId === job.id && p.disks.some((d) => d.vmId === vmId))
        .reduce<string | null>((a, p) => (a === null || p.createdAt > a ? p.createdAt : a), null);
      if (last === null || Date.parse(last) < limit) misses.push({ job: job.spec.name, vm: input.vmNames.get(vmId) ?? vmId, lastGoodAt: last });
    }
  }
  return misses;
}

export function dailySummary(input: SummaryInput): NotificationMessage {
  const misses = rpoMisses(input);
  const rows = input.jobs.map((j) => {
    const mine = input.sessions.filter((s) => s.jobId === j.id);
    const failed = mine.filter((s) => s.result === 'Failed').length;
    const warned = mine.filter((s) => s.result === 'Warning').length;
    return { job: j.spec.name, sessions: mine.length, failed, warned, last: j.lastResult ?? 'never run', lastAt: j.lastRunAt };
  });
  const worst = misses.length > 0 || rows.some((r) => r.failed > 0) ? 'error' : rows.some((r) => r.warned > 0) ? 'warning' : 'info';
  const subject = `[Ferry] Daily summary: ${input.jobs.length} job(s), ${misses.length === 0 ? 'all VMs within RPO' : `${misses.length} VM(s) outside the ${input.rpoHours} h RPO`}`;
  const text = [
    subject.replace(/^\[Ferry\] /, ''),
    '',
    'Job'.padEnd(28) + 'Sessions'.padEnd(10) + 'Failed'.padEnd(8) + 'Warning'.padEnd(9) + 'Last result',
    ...rows.map((r) => r.job.padEnd(28) + String(r.sessions).padEnd(10) + String(r.failed).padEnd(8) + String(r.warned).padEnd(9) + `${r.last}${r.lastAt ? ` (${fmtTime(r.lastAt)})` : ''}`),
    '',
    misses.length === 0 ? `Every protected VM has a restore point newer than ${input.rpoHours} h.` : `VMs whose last good restore point is older than ${input.rpoHours} h:`,
    ...misses.map((m) => `  ${m.vm} (job ${m.job}): ${m.lastGoodAt ? `last good point ${fmtTime(m.lastGoodAt)}` : 'no restore point'}`),
  ].join('\n');
  const e = escapeHtml;
  const cell = 'padding:4px 8px;border-bottom:1px solid #e1dfdd;text-align:left';
  const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#323130">
<h2>Daily summary</h2>
<table style="border-collapse:collapse" id="jobs"><thead><tr>${['Job', 'Sessions (24 h)', 'Failed', 'Warning', 'Last result'].map((h) => `<th style="${cell}">${h}</th>`).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr><td style="${cell}">${e(r.job)}</td><td style="${cell}">${r.sessions}</td><td style="${cell}">${r.failed}</td><td style="${cell}">${r.warned}</td><td style="${cell}">${e(r.last)}${r.lastAt ? ` (${e(fmtTime(r.lastAt))})` : ''}</td></tr>`).join('\n')}
</tbody></table>
<h3>Recovery point objective (${input.rpoHours} h)</h3>
${
  misses.length === 0
    ? '<p>Every protected VM has a restore point within the RPO.</p>'
    : `<table style="border-collapse:collapse" id="rpo"><thead><tr><th style="${cell}">VM</th><th style="${cell}">Job</th><th style="${cell}">Last good restore point</th></tr></thead><tbody>
${misses.map((m) => `<tr><td style="${cell}">${e(m.vm)}</td><td style="${cell}">${e(m.job)}</td><td style="${cell}">${m.lastGoodAt ? e(fmtTime(m.lastGoodAt)) : 'none'}</td></tr>`).join('\n')}
</tbody></table>`
}
</body></html>
`;
  return {
    kind: 'daily-summary',
    subject,
    text,
    html,
    severity: worst,
    line: subject.replace(/^\[Ferry\] /, ''),
    result: null,
    sessionId: null,
    jobName: null,
    facts: { event: 'daily-summary', rpoHours: input.rpoHours, jobs: rows, rpoMisses: misses },
  };
}
