// Which change-tracking references a session retires: only Ferry's own, never a base some job still builds on.
import { describe, expect, it } from 'vitest';
import type { RestorePoint } from '../../../src-shared/domain';
import type { ChangeReference } from '../platform/types';
import type { StoredPointDisk } from './change-chain';
import { planReferenceRetirement, retireChangeReferences } from './reference-retirement';

const disk = (vmId: string, diskIndex: number, referenceId: string | null): StoredPointDisk =>
  ({ vmId, vmName: vmId, diskIndex, sourcePath: 'x', virtualSizeBytes: 1, storedBytes: 1, kind: 'full', consistency: 'application', referenceId }) as StoredPointDisk;
const point = (id: string, jobId: string, createdAt: string, disks: StoredPointDisk[]): RestorePoint =>
  ({ id, jobId, sessionId: 's', repositoryId: 'r', createdAt, disks, lastVerify: null }) as RestorePoint;
const taken = (vmId: string, ...ids: string[]): ChangeReference[] => ids.map((referenceId, diskIndex) => ({ vmId, diskIndex, referenceId }));

describe('planReferenceRetirement', () => {
  it("a committed point: the job's previous base goes, the new one stays", () => {
    const points = [point('p2', 'job-a', '2026-12-02', [disk('vm1', 0, 'r2')]), point('p1', 'job-a', '2026-12-01', [disk('vm1', 0, 'r1')])];
    expect(planReferenceRetirement(taken('vm1', 'r2'), points)).toEqual([{ vmId: 'vm1', retire: ['r1'], keep: ['r2'] }]);
  });

  it('no point made (failed, stopped): this session\'s references go, the old base stays', () => {
    const points = [point('p1', 'job-a', '2026-12-01', [disk('vm1', 0, 'r1'), disk('vm1', 1, 'r1b')])];
    expect(planReferenceRetirement(taken('vm1', 'r2', 'r2b'), points)).toEqual([{ vmId: 'vm1', retire: ['r2', 'r2b'], keep: ['r1', 'r1b'] }]);
  });

  it("another job's newest base of the same VM is kept; VMs this session did not touch are left alone", () => {
    const points = [
      point('a2', 'job-a', '2026-12-03', [disk('vm1', 0, 'a-r2')]),
      point('b1', 'job-b', '2026-12-02', [disk('vm1', 0, 'b-r1'), disk('vm2', 0, 'b-vm2')]),
      point('a1', 'job-a', '2026-12-01', [disk('vm1', 0, 'a-r1'), disk('vm2', 0, 'a-vm2-old')]),
    ];
    expect(planReferenceRetirement(taken('vm1', 'a-r2'), points)).toEqual([{ vmId: 'vm1', retire: ['a-r1'], keep: ['a-r2', 'b-r1'] }]);
  });

  it('bases of points retention removed during the session are retired too', () => {
    const now = [point('p3', 'job-a', '2026-12-03', [disk('vm1', 0, 'r3')])];
    const earlier = [point('p2', 'job-a', '2026-12-02', [disk('vm1', 0, 'r2')]), point('p1', 'job-a', '2026-12-01', [disk('vm1', 0, 'r1')])];
    expect(planReferenceRetirement(taken('vm1', 'r3'), now, earlier)).toEqual([{ vmId: 'vm1', retire: ['r1', 'r2'], keep: ['r3'] }]);
  });

  it('nothing to retire → no call; a disk the newest point lacks keeps its newest base from an older point', () => {
    const points = [point('p2', 'job-a', '2026-12-02', [disk('vm1', 0, 'r2')]), point('p1', 'job-a', '2026-12-01', [disk('vm1', 0, 'r1'), disk('vm1', 1, 'r1-d1')])];
    expect(planReferenceRetirement(taken('vm1', 'r2'), [points[0]])).toEqual([]);
    expect(planReferenceRetirement(taken('vm1', 'r2'), points)).toEqual([{ vmId: 'vm1', retire: ['r1'], keep: ['r1-d1', 'r2'] }]);
    expect(planReferenceRetirement([], points)).toEqual([]);
  });
});

describe('retireChangeReferences', () => {
  it('a platform failure is a warning per VM, never thrown; the other VMs are still asked', async () => {
    const calls: string[] = [];
    const logs: string[] = [];
    const platform = {
      retireChangeReferences: async (vmId: string, retire: readonly string[]) => {
        calls.push(`${vmId}: ${retire.join(',')}`);
        if (vmId === 'vm1') throw new Error('host unreachable');
      },
    } as unknown as Parameters<typeof retireChangeReferences>[0];
    await retireChangeReferences(platform, [...taken('vm1', 'x1'), ...taken('vm2', 'x2')], [], [], (level, text) => logs.push(`${level}: ${text}`));
    expect(calls).toEqual(['vm1: x1', 'vm2: x2']);
    expect(logs).toEqual([expect.stringMatching(/^warning: Old change-tracking references of VM vm1 were not deleted \(.*host unreachable.*\); tried again at the next start and after its next backup$/)]);
  });
});
