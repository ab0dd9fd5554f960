// A stored replica as the contract shows it: names resolved, the point being merged away hidden, health from
// the job's schedule (a warning when the last good sync is older than it allows), why replication is paused.
import type { Job } from '../../../src-shared/domain';
import type { Replica } from '../../../src-shared/contract/replication';
import type { ReplicaRecord } from './replica-record';

export function replicaView(r: ReplicaRecord, job: Job | null, hostName: string, now: Date): Replica {
  const { root: _root, mergingPointId, failoverFiles: _files, pendingRanges: _pending, ...facts } = r;
  return {
    ...facts,
    jobName: job?.spec.name ?? '',
    targetHostName: hostName,
    points: r.points.filter((p) => p.id !== mergingPointId).map((p) => ({ ...p, disks: p.disks.map(({ referenceId: _ref, sourcePath: _src, ...d }) => d) })),
    health: health(r, job, now),
    pausedReason: r.state === 'Ready' || r.state === 'PermanentFailover' ? '' : `Replication of ${r.sourceVmName} is paused while its replica is in state ${r.state}`,
  };
}

/** How old the last good sync may be before it is a warning: twice the schedule's interval (a missed run). */
function allowedAgeMs(job: Job | null): number | null {
  const s = job?.spec.schedule;
  if (!s || s.kind === 'none') return null;
  if (s.kind === 'periodic') return 2 * s.everyMinutes * 60_000;
  if (s.kind === 'daily') return 26 * 3600_000;
  return 8 * 24 * 3600_000;
}

function health(r: ReplicaRecord, job: Job | null, now: Date): Replica['health'] {
  if (r.state === 'PermanentFailover') return { level: 'ok', reason: '' };
  const allowed = allowedAgeMs(job);
  if (!r.lastSyncAt || allowed === null) return { level: 'ok', reason: '' };
  const age = now.getTime() - new Date(r.lastSyncAt).getTime();
  if (age <= allowed) return { level: 'ok', reason: '' };
  const why = r.state !== 'Ready' ? ` (replication is paused: the replica is in state ${r.state})` : '';
  return { level: 'warning', reason: `The last good sync was ${Math.round(age / 60_000)} min ago; the job's schedule allows ${Math.round(allowed / 60_000)} min${why}` };
}
