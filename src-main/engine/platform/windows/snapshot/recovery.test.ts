import { describe, expect, it } from 'vitest';
import { DEFAULT_WORK_ROOT } from '../paths';
import { parseFolderRecords } from './records';
import { leftoversFrom, stateFromRecords, type ServerRecords } from './recovery';
import { SCENARIO, transcript } from '../testing/test-support';

const hv01 = { id: 'hv01', server: 'hv01.contoso.local', name: 'hv01.contoso.local' };
const proxy01 = { id: 'proxy01', server: 'proxy01.contoso.local', name: 'proxy01.contoso.local' };

const scans = (): ServerRecords[] => [
  { target: hv01, records: parseFolderRecords([{ folder: 'snap-0001', record: JSON.stringify(SCENARIO.hostRecord), created: transcript('gate-created.txt') }]) },
  { target: proxy01, records: parseFolderRecords({ folder: 'snap-0001', record: `\uFEFF${JSON.stringify(SCENARIO.proxyRecord)}`, created: null }) },
];

describe('stateFromRecords', () => {
  it('rebuilds host, import and ids from the host record, the gate marker and the proxy record', () => {
    const s = stateFromRecords('snap-0001', scans(), DEFAULT_WORK_ROOT)!;
    expect(s).toMatchObject({
      snapshotId: 'snap-0001',
      hostId: 'hv01',
      volumeId: SCENARIO.hostRecord.volumeId,
      vmIds: SCENARIO.hostRecord.vmIds,
      setId: SCENARIO.setId,
      shadowIds: [SCENARIO.shadowId],
      importedOn: 'proxy01',
      importAttemptedOn: ['proxy01'],
      exposeAttemptedOn: ['hv01', 'proxy01'],
      session: null,
      deleted: false,
    });
    expect(s.paths.dir).toBe('C:\\ProgramData\\Ferry\\snapshots\\snap-0001');
  });

  it('a folder without a readable record still yields a state to clean up', () => {
    const s = stateFromRecords('snap-0001', [{ target: hv01, records: parseFolderRecords([{ folder: 'snap-0001', record: '{broken', created: null }]) }], DEFAULT_WORK_ROOT)!;
    expect(s).toMatchObject({ hostId: 'hv01', shadowIds: [], setId: null });
  });

  it('unknown snapshot → undefined', () => {
    expect(stateFromRecords('snap-9999', scans(), DEFAULT_WORK_ROOT)).toBeUndefined();
  });
});

describe('leftoversFrom', () => {
  it('reports recorded ids that VSS still lists, or all of them when the listing failed', () => {
    const listed = new Map<string, Set<string> | null>([
      ['hv01', new Set<string>()],
      ['proxy01', null],
    ]);
    expect(leftoversFrom(scans(), listed)).toEqual([
      { snapshotId: 'snap-0001', shadowIds: [], where: 'hv01' },
      { snapshotId: 'snap-0001', shadowIds: [SCENARIO.shadowId], where: 'proxy01' },
    ]);
  });
});
