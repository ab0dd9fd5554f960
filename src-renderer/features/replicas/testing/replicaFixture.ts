// A replica as replicas.list answers it: DC01 replicated to HV02 with two points (for component tests).
import type { Replica } from '../../../../src-shared/contract/replication';

export function replicaFixture(patch: Partial<Replica> = {}): Replica {
  const point = (id: string, createdAt: string, kind: 'full' | 'incremental') => ({
    id,
    createdAt,
    sessionId: `s-${id}`,
    checkpointName: `Ferry ${createdAt}`,
    kind,
    consistency: 'application' as const,
    disks: [{ diskIndex: 0, path: `C:\\Replicas\\DC01_replica\\${id}.vhdx`, virtualSizeBytes: 64 << 20, fileBytes: 8 << 20 }],
  });
  return {
    id: 'rep-dc01',
    jobId: 'job-dr',
    jobName: 'DR',
    sourceVmId: 'dc01',
    sourceVmName: 'DC01',
    name: 'DC01_replica',
    targetHostId: 'hvc01',
    targetHostName: 'HVC01',
    path: 'C:\\Replicas\\DC01_replica',
    state: 'Ready',
    points: [point('p1', '2026-12-07T21:00:00.000Z', 'full'), point('p2', '2026-12-07T22:00:00.000Z', 'incremental')],
    lastSyncAt: '2026-12-07T22:00:00.000Z',
    failover: null,
    failback: null,
    health: { level: 'ok', reason: '' },
    pausedReason: '',
    ...patch,
  };
}
