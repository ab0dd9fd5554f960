import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src-shared/domain';
import { inventory } from '../../test/fixtures';
import { restorePoints, targets } from '../../test/restoreFixtures';
import { diskStepError, initialDiskDraft, targetProblems, toDisksRequest, type DiskRestoreContext, type DiskRestoreDraft } from './draft';

const off = (inv: Inventory, id: string): Inventory => ({ ...inv, vms: inv.vms.map((vm) => (vm.id === id ? { ...vm, state: 'Off' as const } : vm)) });
const ctx: DiskRestoreContext = { points: restorePoints, inventory, targets };
const draft = (patch: Partial<DiskRestoreDraft> = {}): DiskRestoreDraft => ({ ...initialDiskDraft('app01', null), diskIndexes: [1], ...patch });

describe('Virtual disks restore rules', () => {
  it('wants at least one disk of the chosen point', () => {
    expect(diskStepError('disks', draft({ diskIndexes: [] }), ctx)).toBe('Pick at least one disk');
    expect(diskStepError('disks', draft({ diskIndexes: [7] }), ctx)).toBe('The restore point has no disk 7');
    expect(diskStepError('disks', draft(), ctx)).toBeNull();
  });

  it('replaces disks only on a VM that is off; another VM must exist, be another one, and be off', () => {
    expect(targetProblems(draft(), ctx)[0]!.message).toBe('APP01 is running: shut it down first (its disks are replaced)');
    expect(targetProblems(draft(), { ...ctx, inventory: off(inventory, 'app01') })).toEqual([]);
    expect(targetProblems(draft({ target: 'other-vm' }), ctx)[0]!.message).toBe('Choose the VM to attach the disks to');
    expect(targetProblems(draft({ target: 'other-vm', otherVmId: 'dc01' }), ctx)[0]!.message).toBe('DC01 is running: shut it down first');
    expect(targetProblems(draft({ target: 'other-vm', otherVmId: 'dc01' }), { ...ctx, inventory: off(inventory, 'dc01') })).toEqual([]);
  });

  it('writes into a folder on a managed server given by a full path', () => {
    expect(targetProblems(draft({ target: 'folder' }), ctx).map((p) => p.field)).toEqual(['server', 'path']);
    expect(targetProblems(draft({ target: 'folder', serverId: 'proxy01', path: 'restores' }), ctx)[0]!.message).toMatch(/full path/);
    expect(toDisksRequest(draft({ target: 'folder', serverId: 'proxy01', path: ' E:\\Restores ', diskIndexes: [1, 0] }), ctx)).toEqual({
      pointId: 'rp-2', vmId: 'app01', diskIndexes: [0, 1], target: { kind: 'folder', serverId: 'proxy01', path: 'E:\\Restores' }, reason: '',
    });
  });
});
