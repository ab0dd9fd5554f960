import { describe, expect, it } from 'vitest';
import { JobSpec, type Job, type RestorePoint } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { ChangedRanges, CreatedSnapshot, Platform } from '../platform/types';
import { ChangeChain, type StoredPointDisk } from './change-chain';

const MiB = 1024 * 1024;
const job: Job = {
  id: 'job-1',
  spec: JobSpec.parse({ name: 'J', vmIds: ['vm-a'], repositoryId: 'repo', processing: { mode: 'on-host' } }),
  createdAt: '2026-11-01T00:00:00.000Z',
  lastResult: null,
  lastRunAt: null,
  nextRunAt: null,
};
const disk = (over: Partial<StoredPointDisk> = {}): StoredPointDisk => ({
  vmId: 'vm-a',
  vmName: 'A',
  diskIndex: 0,
  sourcePath: 'x',
  virtualSizeBytes: 64 * MiB,
  storedBytes: 1,
  kind: 'full',
  consistency: 'application',
  referenceId: 'ref-old',
  blockSize: MiB,
  ...over,
});
const point = (id: string, createdAt: string, disks: StoredPointDisk[]): RestorePoint => ({ id, jobId: job.id, jobName: 'J', jobDeleted: false, sessionId: 's', repositoryId: 'repo', createdAt, disks, lastVerify: null });
const snap: CreatedSnapshot = { snapshotId: 'snap', shadowIds: [], provider: 'p', providerKind: 'hardware', metadataRef: '', references: [{ vmId: 'vm-a', diskIndex: 0, referenceId: 'ref-new' }] };
const platform = (answer: ChangedRanges, asked: string[] = []) => ({ changedRanges: async (_s: CreatedSnapshot, _v: string, _d: number, since: string) => (asked.push(since), answer) }) as unknown as Platform;
const now = () => new Date('2026-11-25T22:00:00');

describe('ChangeChain', () => {
  it('builds on the newest point holding the disk, asks the platform since its reference, and keeps the new reference', async () => {
    const points = [point('p1', '2026-11-23T22:00:00.000Z', [disk({ referenceId: 'ref-older' })]), point('p2', '2026-11-24T22:00:00.000Z', [disk()]), point('p3', '2026-11-25T01:00:00.000Z', [])];
    const asked: string[] = [];
    const plan = await new ChangeChain(job, points, false, now).plan(platform({ ranges: [{ offset: 0, length: 3 * MiB / 2 }] }, asked), snap, 'vm-a', 0, 64 * MiB, () => undefined);
    expect(asked).toEqual(['ref-old']);
    expect(plan).toEqual({
      kind: 'incremental',
      task: { changedRanges: [{ offset: 0, length: 3 * MiB / 2 }], basePointId: 'p2' },
      referenceId: 'ref-new',
      level: 'info',
      text: 'incremental: 1 changed range(s), 1.5 MiB of 64.0 MiB (since RCT reference ref-old, restore point p2)',
    });
  });

  it('an unknown reference is a full with the platform\'s reason, as a warning; the new reference is still kept', async () => {
    const plan = await new ChangeChain(job, [point('p2', '2026-11-24T22:00:00.000Z', [disk()])], false, now).plan(platform({ ranges: null, reason: 'RCT reference ref-old is gone' }), snap, 'vm-a', 0, 64 * MiB, () => undefined);
    expect(plan).toMatchObject({ kind: 'full', task: {}, referenceId: 'ref-new', level: 'warning', text: 'full: RCT reference ref-old is gone' });
  });

  it('a platform that throws (host unreachable, bad answer) is a full with the reason, as a warning, not a failed VM', async () => {
    const throwing = { changedRanges: async () => Promise.reject(new FerryError(ErrorCode.ServerUnreachable, 'hv02 did not answer')) } as unknown as Platform;
    const plan = await new ChangeChain(job, [point('p2', '2026-11-24T22:00:00.000Z', [disk()])], false, now).plan(throwing, snap, 'vm-a', 0, 64 * MiB, () => undefined);
    expect(plan).toEqual({ kind: 'full', task: {}, referenceId: 'ref-new', level: 'warning', text: 'full: change tracking unavailable: hv02 did not answer' });
    const plain = { changedRanges: async () => Promise.reject(new Error('socket hang up')) } as unknown as Platform;
    expect(await new ChangeChain(job, [point('p2', '2026-11-24T22:00:00.000Z', [disk()])], false, now).plan(plain, snap, 'vm-a', 0, 64 * MiB, () => undefined)).toMatchObject({
      kind: 'full',
      level: 'warning',
      text: expect.stringMatching(/^full: change tracking unavailable: .*socket hang up/),
    });
  });

  it('does not ask the platform when the chain is already broken', async () => {
    const asked: string[] = [];
    const plan = await new ChangeChain(job, [point('p2', '2026-11-24T22:00:00.000Z', [disk()])], true, now).plan(platform({ ranges: [] }, asked), snap, 'vm-a', 0, 64 * MiB, () => undefined);
    expect(asked).toEqual([]);
    expect(plan).toMatchObject({ kind: 'full', level: 'info', text: 'full: active full requested' });
  });
});
