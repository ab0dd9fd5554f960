import { describe, expect, it } from 'vitest';
import { decideBackupKind, type KindInput } from './backup-kind';

const MiB = 1024 * 1024;
const prev = { pointId: 'p1', createdAt: '2026-11-24T22:00:00.000Z', repositoryId: 'repo', virtualSizeBytes: 64 * MiB, blockSize: MiB, referenceId: 'rct-1' };
const base: KindInput = {
  changeTracking: true,
  activeFull: { kind: 'none' },
  activeFullRequested: false,
  now: new Date('2026-11-25T22:00:00'), // a Wednesday, local time
  jobHasPoints: true,
  previous: prev,
  lastFullAt: new Date('2026-11-24T22:00:00'),
  repositoryId: 'repo',
  virtualSizeBytes: 64 * MiB,
  blockSize: MiB,
  currentReferenceId: 'rct-2',
};

describe('full or incremental', () => {
  it('is incremental on an unbroken chain, since the previous point\'s reference', () => {
    expect(decideBackupKind(base)).toEqual({ kind: 'incremental', basePointId: 'p1', sinceReferenceId: 'rct-1' });
  });

  it.each<[string, Partial<KindInput>, RegExp, 'info' | 'warning']>([
    ['first run of the job', { jobHasPoints: false, previous: null }, /first run of the job/, 'info'],
    ['no previous point of this disk (e.g. a disk added to the VM)', { previous: null }, /no previous restore point of this disk/, 'warning'],
    ['change tracking off in the job', { changeTracking: false }, /change tracking is off/, 'warning'],
    ['active full requested', { activeFullRequested: true }, /active full requested/, 'info'],
    ['active full day', { activeFull: { kind: 'weekly', days: ['Wed'] } }, /active full day \(weekly on Wed\)/, 'info'],
    ['monthly active full day', { activeFull: { kind: 'monthly', dayOfMonth: 25 } }, /monthly on day 25/, 'info'],
    ['virtual size changed', { virtualSizeBytes: 128 * MiB }, /virtual size changed \(64\.0 MiB → 128\.0 MiB\)/, 'warning'],
    ['block size changed', { blockSize: 4 * MiB }, /block size changed \(1\.0 MiB → 4\.0 MiB\)/, 'warning'],
    ['previous point in another repository', { repositoryId: 'repo2' }, /another repository/, 'warning'],
    ['previous point without reference', { previous: { ...prev, referenceId: null } }, /has no change-tracking reference/, 'warning'],
    ['no reference taken with this snapshot', { currentReferenceId: null }, /took no change-tracking reference/, 'warning'],
  ])('is full when: %s', (_name, patch, reason, level) => {
    const d = decideBackupKind({ ...base, ...patch });
    expect(d).toMatchObject({ kind: 'full', level });
    expect(d.kind === 'full' && d.reason).toMatch(reason);
  });

  it('an active full day is full only until that day has its full', () => {
    const activeFull = { kind: 'weekly' as const, days: ['Wed' as const] };
    expect(decideBackupKind({ ...base, activeFull, lastFullAt: new Date('2026-11-25T01:00:00') })).toMatchObject({ kind: 'incremental' });
  });

  it('a point recorded before block sizes were kept does not break the chain by itself', () => {
    expect(decideBackupKind({ ...base, previous: { ...prev, blockSize: null } })).toMatchObject({ kind: 'incremental' });
  });

  it('tracking off wins over everything (the reason an admin must see)', () => {
    expect(decideBackupKind({ ...base, changeTracking: false, activeFullRequested: true, previous: null })).toMatchObject({ reason: 'change tracking is off in the job' });
  });
});
