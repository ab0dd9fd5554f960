import { describe, expect, it } from 'vitest';
import type { RestorePoint } from '../../src-shared/domain';
import { disksInOrder, diskStateText, pointConsistencyText, pointKindText, pointVmNames } from './restorePointText';

type Disk = RestorePoint['disks'][number];
const disk = (vmName: string, diskIndex: number, kind: Disk['kind'], consistency: Disk['consistency']): Disk => ({
  vmId: vmName.toLowerCase(), vmName, diskIndex, sourcePath: `C:\\VMs\\${vmName}_${diskIndex}.vhdx`, virtualSizeBytes: 1, storedBytes: 1, kind, consistency,
});

describe('restore point text', () => {
  it('says Full, Incremental, or how many disks were read in full', () => {
    expect(pointKindText({ disks: [disk('A', 0, 'full', 'application'), disk('B', 0, 'full', 'application')] })).toBe('Full');
    expect(pointKindText({ disks: [disk('A', 0, 'incremental', 'application')] })).toBe('Incremental');
    expect(pointKindText({ disks: [disk('A', 0, 'incremental', 'application'), disk('B', 0, 'full', 'application')] })).toBe('Incremental, 1 full disk');
  });

  it('names the crash-consistent VMs when only some are', () => {
    const app = disk('A', 0, 'full', 'application');
    expect(pointConsistencyText({ disks: [app] })).toBe('Application');
    expect(pointConsistencyText({ disks: [disk('B', 0, 'full', 'crash'), disk('B', 1, 'full', 'crash')] })).toBe('Crash');
    expect(pointConsistencyText({ disks: [app, disk('SQL01', 0, 'full', 'crash'), disk('SQL01', 1, 'full', 'crash')] })).toBe('Crash: SQL01');
    expect(diskStateText({ kind: 'incremental', consistency: 'crash' })).toBe('Incremental, crash-consistent');
  });

  it('lists VMs and disks in one order whatever order the disks finished in', () => {
    const finished = [disk('WEB01', 0, 'full', 'application'), disk('SQL01', 1, 'full', 'crash'), disk('DC01', 0, 'full', 'application'), disk('SQL01', 0, 'full', 'crash'), disk('LOAD10', 0, 'full', 'application'), disk('LOAD9', 0, 'full', 'application')];
    const expected = ['DC01', 'LOAD9', 'LOAD10', 'SQL01', 'WEB01'];
    expect(pointVmNames({ disks: finished })).toEqual(expected);
    expect(pointVmNames({ disks: [...finished].reverse() })).toEqual(expected);
    expect(disksInOrder(finished).map((d) => `${d.vmName}/${d.diskIndex}`)).toEqual(['DC01/0', 'LOAD9/0', 'LOAD10/0', 'SQL01/0', 'SQL01/1', 'WEB01/0']);
  });
});
