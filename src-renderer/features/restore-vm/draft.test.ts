import { describe, expect, it } from 'vitest';
import { inventory } from '../../test/fixtures';
import { restorePoint, restorePoints, targets } from '../../test/restoreFixtures';
import { firstInvalidStep, hostProblems, initialDraft, mappedSwitch, networkError, pointError, stepError, stepsFor, toRequest, type RestoreContext, type VmRestoreDraft } from './draft';

const ctx: RestoreContext = { points: restorePoints, inventory, targets };
const draft = (patch: Partial<VmRestoreDraft> = {}): VmRestoreDraft => ({ ...initialDraft('app01', null), ...patch });
const toNew = (patch: Partial<VmRestoreDraft> = {}) => draft({ mode: 'new', serverId: 'hv01', path: 'D:\\Hyper-V', ...patch });

describe('Entire VM restore rules', () => {
  it('has Host and Network steps only for a new location', () => {
    expect(stepsFor('original').map((s) => s.id)).toEqual(['vms', 'point', 'mode', 'options', 'summary']);
    expect(stepsFor('new').map((s) => s.id)).toEqual(['vms', 'point', 'mode', 'host', 'network', 'options', 'summary']);
  });

  it('wants a VM, and a point that holds its configuration (the newest by default)', () => {
    expect(stepError('vms', draft({ vmIds: [] }), ctx)).toBe('Pick at least one VM');
    expect(stepError('point', draft(), ctx)).toBeNull();
    expect(toRequest(draft(), ctx).vms[0]!.pointId).toBe('rp-2');
    expect(toRequest(draft({ pointByVm: { app01: 'rp-1' } }), ctx).vms[0]!.pointId).toBe('rp-1');
    const old = { ...ctx, points: [restorePoint('rp-old', '2026-01-01T00:00:00Z', { config: null })] };
    expect(pointError(draft(), old)).toMatch(/holds no VM configuration .*Virtual disks restore instead/);
  });

  it('refuses the original location for a VM that is no longer in the inventory', () => {
    expect(stepError('mode', draft(), ctx)).toBeNull();
    const gone = { ...ctx, inventory: { ...inventory, vms: inventory.vms.filter((v) => v.id !== 'app01') } };
    expect(stepError('mode', draft(), gone)).toMatch(/APP01 no longer exists in the inventory: restore to a new location/);
    expect(stepError('mode', draft({ mode: 'new' }), gone)).toBeNull();
  });

  it('checks host, path and new name: `<name>_restored` by default, never one that exists on the target', () => {
    expect(hostProblems(toNew(), ctx)).toEqual([]);
    expect(hostProblems(draft({ mode: 'new' }), ctx).map((p) => p.field)).toEqual(['server', 'path']);
    expect(hostProblems(toNew({ path: 'relative\\dir' }), ctx)[0]!.message).toMatch(/full path/);
    expect(hostProblems(toNew({ nameByVm: { app01: 'DC01' } }), ctx)[0]).toEqual({ field: 'name:app01', message: 'A VM named DC01 already exists on HV01' });
    expect(hostProblems(toNew({ nameByVm: { app01: 'a:b' } }), ctx)[0]!.message).toMatch(/cannot contain/);
    expect(hostProblems(toNew({ nameByVm: { app01: '  ' } }), ctx)[0]!.message).toBe('Enter a VM name');
    // on the cluster, APP01 itself is taken
    expect(hostProblems(toNew({ serverId: 'clu01', nameByVm: { app01: 'app01' } }), ctx)[0]!.message).toMatch(/already exists on CLU01/);
    const unavailable = { ...ctx, targets: targets.map((t) => (t.serverId === 'hv01' ? { ...t, available: false, unavailableReason: 'HV01 does not answer' } : t)) };
    expect(hostProblems(toNew(), unavailable)[0]!.message).toBe('HV01 does not answer');
  });

  it('maps switches by name when the target has them, else not connected; a chosen switch must exist', () => {
    const target = targets[0]!;
    expect(mappedSwitch(toNew(), target, 'LAN')).toBe('LAN');
    expect(mappedSwitch(toNew(), target, 'Backup')).toBeNull();
    expect(networkError(toNew(), ctx)).toBeNull();
    expect(networkError(toNew({ networkMap: { LAN: 'Backup' } }), ctx)).toBe('HV01 has no virtual switch Backup');
  });

  it('finds the first incomplete step for Finish, and builds the request the engine takes', () => {
    expect(firstInvalidStep(toNew({ path: '' }), ctx)).toBe('host');
    expect(firstInvalidStep(toNew({ reason: 'x'.repeat(1001) }), ctx)).toBe('options');
    expect(toRequest(toNew({ powerOn: true, reason: 'ticket 42', networkMap: { Backup: 'Isolated' } }), ctx)).toEqual({
      vms: [{ vmId: 'app01', pointId: 'rp-2', newName: 'APP01_restored' }],
      mode: 'new',
      target: {
        serverId: 'hv01', path: 'D:\\Hyper-V', newVmId: true, registerClusterRole: false,
        networkMap: [{ sourceSwitch: 'Backup', targetSwitch: 'Isolated' }, { sourceSwitch: 'LAN', targetSwitch: 'LAN' }],
      },
      powerOn: true,
      reason: 'ticket 42',
    });
    expect(toRequest(draft({ quickRollback: false }), ctx)).toEqual({ vms: [{ vmId: 'app01', pointId: 'rp-2' }], mode: 'original', quickRollback: false, powerOn: false, reason: '' });
  });
});
