// The session report and the daily summary as rendered (no server): hostile values are text in HTML, the per-VM
// table has every column, the RPO finds the VMs whose last good point is too old (or missing).
import { describe, expect, it } from 'vitest';
import type { Job, RestorePoint, SessionView } from '../../../src-shared/domain';
import { sessionReport } from './session-report';
import { dailySummary, rpoMisses } from './daily-summary';
import { eventLogEntry } from './channels/event-log';

const HOSTILE = `<script>alert("x")</script>&'`;

function session(over: Partial<SessionView> = {}): SessionView {
  const vm = (id: string, name: string, status: SessionView['vms'][number]['status'], message: string) => ({
    vmId: id, vmName: name, status, progress: 1, processingMode: 'off-host' as const, proxyServerId: null, bytesTotal: 10 * 2 ** 30, bytesRead: 2 ** 30, bytesTransferred: 2 ** 29,
    message, consistency: null, backupKind: null, departures: [], startedAt: '2026-12-07T22:00:00.000Z', endedAt: '2026-12-07T22:01:05.000Z',
  });
  return {
    id: 's-1', jobId: 'job-1', jobName: 'Nightly', result: 'Failed', reason: '1 of 2 VM(s) failed', startedBy: 'schedule', retryOf: null, activeFull: false, backupKind: 'full', interrupted: false,
    startedAt: '2026-12-07T22:00:00.000Z', endedAt: '2026-12-07T23:02:03.000Z', progress: 1,
    stats: { bytesRead: 2 ** 31, bytesProcessed: 2 ** 34, bytesTransferred: 2 ** 30, ratePerSec: 1, dedupeRatio: 1, compressionRatio: 1, busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, bottleneck: null },
    vms: [vm('vm-1', HOSTILE, 'Failed', `Disk 0: ${HOSTILE}`), vm('vm-2', 'SRV-SQL01', 'Success', '')],
    snapshots: [], restorePointId: 'rp-1', stopping: null,
    ...over,
  };
}

describe('session report', () => {
  it('escapes every value in the HTML part and keeps them as they are in the text part', () => {
    const m = sessionReport(session({ jobName: HOSTILE }));
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(m.text).toContain(HOSTILE);
    expect(m.subject).toBe(`[Ferry] Failed: ${HOSTILE} (2 VMs)`);
  });

  it('has the totals and one row per VM with status, size, read, transferred, duration and details', () => {
    const m = sessionReport(session());
    expect(m.text).toMatch(/Duration\s+1:02:03/);
    expect(m.text).toMatch(/Read\s+2\.0 GiB/);
    expect(m.text).toMatch(/Transferred\s+1\.0 GiB/);
    expect(m.text).toMatch(/SRV-SQL01\s+Success\s+10\.0 GiB\s+1\.0 GiB\s+512\.0 MiB\s+1:05/);
    const rows = [...m.html.matchAll(/<tr><td[^>]*>(.*?)<\/td><td[^>]*>(.*?)<\/td><td[^>]*>(.*?)<\/td><td[^>]*>(.*?)<\/td><td[^>]*>(.*?)<\/td><td[^>]*>(.*?)<\/td><td[^>]*>(.*?)<\/td><\/tr>/g)].map((r) => r.slice(1));
    expect(rows[1]).toEqual(['SRV-SQL01', 'Success', '10.0 GiB', '1.0 GiB', '512.0 MiB', '1:05', '']);
    expect(m.severity).toBe('error');
    expect(m.facts).toMatchObject({ result: 'Failed', vms: [{ status: 'Failed' }, { name: 'SRV-SQL01', transferredBytes: 2 ** 29 }] });
  });

  it('says when the session was interrupted, and the event log id follows the result', () => {
    const m = sessionReport(session({ interrupted: true }));
    expect(m.subject).toBe('[Ferry] Failed (interrupted): Nightly (2 VMs)');
    expect(eventLogEntry(m)).toMatchObject({ eventId: 1002, entryType: 'Error' });
    expect(eventLogEntry(sessionReport(session({ result: 'Success' })))).toMatchObject({ eventId: 1000, entryType: 'Information' });
    expect(eventLogEntry(sessionReport(session({ result: 'Warning' })))).toMatchObject({ eventId: 1001, entryType: 'Warning' });
    expect(eventLogEntry(sessionReport(session(), { kind: 'retry-alert', note: 'retry 1 of 2 follows' }))).toMatchObject({ eventId: 1010, entryType: 'Warning' });
  });
});

describe('daily summary and RPO', () => {
  const now = new Date('2026-12-08T08:00:00Z');
  const job = (id: string, name: string, vmIds: string[], enabled = true): Job =>
    ({ id, spec: { name, vmIds, enabled }, createdAt: '', lastResult: 'Success', lastRunAt: '2026-12-07T22:00:00Z', nextRunAt: null }) as unknown as Job;
  const point = (jobId: string, vmId: string, createdAt: string): RestorePoint =>
    ({ id: `${jobId}-${vmId}-${createdAt}`, jobId, createdAt, disks: [{ vmId }] }) as unknown as RestorePoint;
  const input = {
    jobs: [job('j1', 'Nightly', ['vm-a', 'vm-b']), job('j2', 'Off', ['vm-c'], false)],
    sessions: [],
    restorePoints: [point('j1', 'vm-a', '2026-12-07T22:00:00Z'), point('j1', 'vm-b', '2026-12-06T01:00:00Z')],
    vmNames: new Map([['vm-a', 'SRV-A'], ['vm-b', '<b>SRV-B</b>']]),
    rpoHours: 24,
    now,
  };

  it('lists the VMs whose newest point is older than the RPO, or that have none (disabled jobs aside)', () => {
    expect(rpoMisses(input)).toEqual([{ job: 'Nightly', vm: '<b>SRV-B</b>', lastGoodAt: '2026-12-06T01:00:00Z' }]);
    expect(rpoMisses({ ...input, restorePoints: [] }).map((m) => m.vm)).toEqual(['SRV-A', '<b>SRV-B</b>']);
    expect(rpoMisses({ ...input, rpoHours: 72 })).toEqual([]);
  });

  it('renders both parts, escaped', () => {
    const m = dailySummary(input);
    expect(m.subject).toBe('[Ferry] Daily summary: 2 job(s), 1 VM(s) outside the 24 h RPO');
    expect(m.html).toContain('&lt;b&gt;SRV-B&lt;/b&gt;');
    expect(m.html).not.toContain('<b>SRV-B</b>');
    expect(m.text).toContain('<b>SRV-B</b> (job Nightly): last good point');
    expect(m.severity).toBe('error');
  });
});
