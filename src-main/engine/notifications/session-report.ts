// The session report admins know from other backup products: job, result, start, end, duration, totals, and a table
// per VM (status, size, read, transferred, duration, details) — as HTML with a plain-text part. Values from the
// inventory (VM and job names, messages) are escaped: a VM named "<script>" shows as text.
import type { SessionView, VmTaskView } from '../../../src-shared/domain';
import { fmtBytes } from '../util/format';
import { escapeHtml, severityOf, type NotificationMessage } from './message';

const RESULT_COLOURS: Record<string, string> = { Success: '#107c10', Warning: '#c19c00', Failed: '#d13438', Stopped: '#605e5c', Running: '#0f6cbd' };

export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

const span = (from: string | null, to: string | null): string => (from && to ? fmtDuration(Date.parse(to) - Date.parse(from)) : '–');
/** Local time as the engine's machine shows it, with the UTC offset so a reader elsewhere is not misled. */
export function fmtTime(iso: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} (UTC${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)})`;
}

interface VmRow {
  name: string;
  status: string;
  size: string;
  read: string;
  transferred: string;
  duration: string;
  details: string;
}

function vmRow(vm: VmTaskView): VmRow {
  return {
    name: vm.vmName,
    status: vm.status,
    size: fmtBytes(vm.bytesTotal),
    read: fmtBytes(vm.bytesRead),
    transferred: fmtBytes(vm.bytesTransferred ?? 0),
    duration: span(vm.startedAt, vm.endedAt),
    details: [vm.message, ...vm.departures.map((d) => d.reason)].filter((t) => t.length > 0).join(' · '),
  };
}

export interface ReportContext {
  /** e.g. "retry 1 of 2 follows" for an alert sent before the session's last retry */
  note?: string;
  kind?: 'session-report' | 'retry-alert';
}

export function sessionReport(s: SessionView, ctx: ReportContext = {}): NotificationMessage {
  const kind = ctx.kind ?? 'session-report';
  const vms = s.vms.map(vmRow);
  const counts = countBy(s.vms.map((v) => v.status));
  const label = s.interrupted ? `${s.result} (interrupted)` : s.result;
  const subject = kind === 'retry-alert' ? `[Ferry] ${s.jobName}: VM(s) failed, ${ctx.note ?? 'retrying'}` : `[Ferry] ${label}: ${s.jobName} (${s.vms.length} VM${s.vms.length === 1 ? '' : 's'})`;
  const summary: Array<[string, string]> = [
    ['Job', s.jobName],
    ['Result', label],
    ['Details', s.reason],
    ['Start', fmtTime(s.startedAt)],
    ['End', fmtTime(s.endedAt)],
    ['Duration', span(s.startedAt, s.endedAt)],
    ['VMs', `${s.vms.length} (${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'})`],
    ['Read', fmtBytes(s.stats.bytesRead)],
    ['Transferred', fmtBytes(s.stats.bytesTransferred)],
    ['Processed', fmtBytes(s.stats.bytesProcessed)],
    ['Restore point', s.restorePointId ?? 'none'],
    ['Session', s.id],
  ];
  if (ctx.note) summary.splice(2, 0, ['Note', ctx.note]);
  const text = [
    subject.replace(/^\[Ferry\] /, ''),
    '',
    ...summary.map(([k, v]) => `${k.padEnd(14)}${v}`),
    '',
    'VM'.padEnd(24) + 'Status'.padEnd(10) + 'Size'.padEnd(12) + 'Read'.padEnd(12) + 'Transferred'.padEnd(13) + 'Duration'.padEnd(10) + 'Details',
    ...vms.map((v) => v.name.padEnd(24) + v.status.padEnd(10) + v.size.padEnd(12) + v.read.padEnd(12) + v.transferred.padEnd(13) + v.duration.padEnd(10) + v.details),
    '',
    '— Ferry, off-host backup for Hyper-V',
  ].join('\n');
  return {
    kind,
    subject,
    text,
    html: reportHtml(s, label, summary, vms),
    severity: kind === 'retry-alert' ? 'warning' : severityOf(s.result),
    line: `${s.jobName}: ${label}. ${s.reason}`.trim(),
    result: s.result,
    sessionId: s.id,
    jobName: s.jobName,
    facts: {
      event: kind,
      sessionId: s.id,
      jobId: s.jobId,
      job: s.jobName,
      result: s.result,
      interrupted: s.interrupted,
      reason: s.reason,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      bytesRead: s.stats.bytesRead,
      bytesTransferred: s.stats.bytesTransferred,
      restorePointId: s.restorePointId,
      ...(ctx.note ? { note: ctx.note } : {}),
      vms: s.vms.map((v) => ({ name: v.vmName, status: v.status, sizeBytes: v.bytesTotal, readBytes: v.bytesRead, transferredBytes: v.bytesTransferred ?? 0, startedAt: v.startedAt, endedAt: v.endedAt, details: v.message })),
    },
  };
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function reportHtml(s: SessionView, label: string, summary: Array<[string, string]>, vms: VmRow[]): string {
  const e = escapeHtml;
  const colour = RESULT_COLOURS[s.result] ?? '#605e5c';
  const cell = 'padding:4px 8px;border-bottom:1px solid #e1dfdd;text-align:left;vertical-align:top';
  const head = ['VM', 'Status', 'Size', 'Read', 'Transferred', 'Duration', 'Details'].map((h) => `<th style="${cell};background:#f3f2f1">${h}</th>`).join('');
  const rows = vms
    .map(
      (v) =>
        `<tr><td style="${cell}">${e(v.name)}</td><td style="${cell};color:${RESULT_COLOURS[v.status] ?? '#323130'}">${e(v.status)}</td><td style="${cell}">${e(v.size)}</td><td style="${cell}">${e(v.read)}</td><td style="${cell}">${e(v.transferred)}</td><td style="${cell}">${e(v.duration)}</td><td style="${cell}">${e(v.details)}</td></tr>`,
    )
    .join('\n');
  const facts = summary.map(([k, v]) => `<tr><th style="${cell};width:140px">${e(k)}</th><td style="${cell}">${e(v)}</td></tr>`).join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${e(`${label}: ${s.jobName}`)}</title></head>
<body style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#323130">
<h2 style="margin:0 0 8px 0">${e(s.jobName)} <span style="color:${colour}">${e(label)}</span></h2>
<table style="border-collapse:collapse;margin-bottom:16px" id="session">
${facts}
</table>
<table style="border-collapse:collapse;width:100%" id="vms">
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p style="color:#605e5c;font-size:12px">Ferry, off-host backup for Hyper-V</p>
</body></html>
`;
}
