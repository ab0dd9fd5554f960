import { describe, expect, it } from 'vitest';
import { JobSpec } from '../../../src-shared/domain';
import { cloneName, draftFromSpec, draftToSpec, emptyDraft } from './draft';
import { toggleDisk, toggleVm, vmCheckState } from './vmTree';
import { inventory } from '../../test/fixtures';
import { allErrors, stepErrors, stepOfPath } from './validation';

const ctx = { existingJobNames: ['Nightly'] };
const valid = { ...emptyDraft(), name: 'Weekly', vmIds: ['app01'], repositoryId: 'repo-default' };

describe('New job wizard step validation', () => {
  it('checks only the fields of the current step', () => {
    const draft = emptyDraft();
    expect(stepErrors('name', draft, ctx).map((e) => e.message)).toEqual(['Name is required']);
    expect(stepErrors('vms', draft, ctx).map((e) => e.message)).toEqual(['Select at least one VM']);
    expect(stepErrors('storage', draft, ctx).map((e) => e.message)).toEqual(['Choose a backup repository']);
    expect(stepErrors('guest', draft, ctx)).toEqual([]);
    expect(stepErrors('processing', draft, ctx)).toEqual([]);
  });

  it('refuses a duplicate name, whatever the case', () => {
    expect(stepErrors('name', { ...valid, name: ' nightly ' }, ctx).map((e) => e.message)).toEqual([
      'A job with this name already exists',
    ]);
  });

  it('requires at least one proxy when pinning', () => {
    const pinned = { ...valid, proxySelection: 'pinned' as const };
    expect(stepErrors('processing', pinned, ctx)).toEqual([{ path: 'processing.pinnedProxyIds', message: 'Pick at least one proxy' }]);
    expect(stepErrors('processing', { ...pinned, pinnedProxyIds: ['px-1'] }, ctx)).toEqual([]);
  });

  it('builds the JobSpec the contract expects (defaults: off-host, automatic, failover on)', () => {
    expect(allErrors(valid, ctx)).toEqual([]);
    expect(draftToSpec(valid).processing).toEqual({
      mode: 'off-host',
      proxySelection: 'automatic',
      pinnedProxyIds: [],
      failoverToOnHost: true,
    });
    expect(draftToSpec({ ...valid, mode: 'on-host' }).processing).toEqual({ mode: 'on-host' });
  });

  it('validates schedule, window and retries on the Schedule step', () => {
    expect(stepErrors('schedule', valid, ctx)).toEqual([]);
    const weekly = { ...valid, scheduleKind: 'weekly' as const, scheduleDays: [] };
    expect(stepErrors('schedule', weekly, ctx).map((e) => e.message)).toEqual(['Pick at least one day']);
    const periodic = { ...valid, scheduleKind: 'periodic' as const, everyMinutes: 2 };
    expect(stepErrors('schedule', periodic, ctx).map((e) => e.message)).toEqual(['Enter 5 to 1440 minutes']);
    expect(stepErrors('schedule', { ...valid, windowEnabled: true, windowStart: '25:00' }, ctx).map((e) => e.message)).toEqual([
      'Use HH:MM (24-hour)',
    ]);
    expect(stepErrors('schedule', { ...valid, retryCount: null }, ctx).map((e) => e.message)).toEqual(['Enter 0 to 10 retries']);
    expect(stepErrors('processing', { ...valid, maxVmsPerSnapshot: 9 }, ctx).map((e) => e.message)).toEqual(['Enter 1 to 8 VMs per snapshot']);
  });

  it('round-trips a job spec through the draft (edit job)', () => {
    const spec = JobSpec.parse(draftToSpec({ ...valid, scheduleKind: 'daily', scheduleAt: '01:30', proxySelection: 'pinned', pinnedProxyIds: ['px-1'] }));
    expect(JobSpec.parse(draftToSpec(draftFromSpec(spec)))).toEqual(spec);
  });

  it('maps server field paths back to wizard steps', () => {
    expect(stepOfPath('vmIds')).toBe('vms');
    expect(stepOfPath('processing.pinnedProxyIds')).toBe('processing');
    expect(stepOfPath('repositoryId')).toBe('storage');
    expect(stepOfPath('schedule.days')).toBe('schedule');
    expect(stepOfPath('')).toBe('summary');
  });

  it('validates retention on the Storage step and drops exclusions of unselected VMs', () => {
    expect(stepErrors('storage', { ...valid, keepLast: 0 }, ctx).map((e) => e.message)).toEqual(['Keep 1 to 1000 restore points']);
    expect(stepErrors('storage', { ...valid, keepLast: null }, ctx).map((e) => e.message)).toEqual(['Keep 1 to 1000 restore points']);
    expect(draftToSpec({ ...valid, excludedDisks: ['app01/1', 'dc01/0'] }).excludedDisks).toEqual(['app01/1']);
  });

  it('refuses a selected VM whose every disk is excluded', () => {
    const withVms = { ...ctx, vms: inventory.vms };
    expect(stepErrors('vms', { ...valid, excludedDisks: ['app01/0'] }, withVms).map((e) => e.message)).toEqual([
      'Every disk of APP01 is excluded: keep one, or clear the VM',
    ]);
  });

  it('disk toggles keep the selection coherent', () => {
    const vm = { ...inventory.vms[0]!, disks: [inventory.vms[0]!.disks[0]!, { ...inventory.vms[0]!.disks[0]!, index: 1 }] };
    const none = { vmIds: [], excludedDisks: [] };
    const onlyDisk1 = toggleDisk(vm, 1, true, none);
    expect(onlyDisk1).toEqual({ vmIds: ['dc01'], excludedDisks: ['dc01/0'] });
    expect(vmCheckState(vm, onlyDisk1)).toBe('mixed');
    expect(toggleDisk(vm, 1, false, onlyDisk1)).toEqual(none);
    expect(vmCheckState(vm, toggleVm(vm, true, onlyDisk1))).toBe(true);
  });

  it('names a clone after the first free "Copy of"', () => {
    expect(cloneName('Nightly', ['Nightly'])).toBe('Copy of Nightly');
    expect(cloneName('Nightly', ['Nightly', 'copy of nightly'])).toBe('Copy of Nightly (2)');
  });

  it('validates active full on the Storage step: at least one day, a day of the month 1 to 28', () => {
    expect(stepErrors('storage', { ...valid, activeFullKind: 'weekly', activeFullDays: [] }, ctx)).toEqual([
      { path: 'activeFull.days', message: 'Pick at least one day' },
    ]);
    expect(stepErrors('storage', { ...valid, activeFullKind: 'weekly', activeFullDays: ['Sun'] }, ctx)).toEqual([]);
    for (const day of [0, 29, null]) {
      expect(stepErrors('storage', { ...valid, activeFullKind: 'monthly', activeFullDayOfMonth: day }, ctx)).toEqual([
        { path: 'activeFull.dayOfMonth', message: 'Enter a day from 1 to 28' },
      ]);
    }
    expect(stepErrors('storage', { ...valid, activeFullKind: 'monthly', activeFullDayOfMonth: 28 }, ctx)).toEqual([]);
    // Days left over from a weekly choice do not matter once active full is off.
    expect(stepErrors('storage', { ...valid, activeFullKind: 'none', activeFullDays: [] }, ctx)).toEqual([]);
    expect(stepOfPath('activeFull.days')).toBe('storage');
    expect(stepOfPath('requireSuccessfulProcessing')).toBe('guest');
  });

  it('defaults to RCT on, no active full, writer fallback allowed; requires success only with the writer', () => {
    expect(draftToSpec(valid)).toMatchObject({ changeTracking: true, activeFull: { kind: 'none' }, requireSuccessfulProcessing: false });
    expect(draftToSpec({ ...valid, requireSuccessfulProcessing: true }).requireSuccessfulProcessing).toBe(true);
    expect(draftToSpec({ ...valid, requireSuccessfulProcessing: true, applicationConsistent: false }).requireSuccessfulProcessing).toBe(false);
  });

  it('round-trips the incremental and guest options (edit and clone keep them)', () => {
    for (const extra of [
      { changeTracking: false, activeFullKind: 'weekly' as const, activeFullDays: ['Wed' as const, 'Sun' as const], requireSuccessfulProcessing: true },
      { activeFullKind: 'monthly' as const, activeFullDayOfMonth: 15 },
    ]) {
      const spec = JobSpec.parse(draftToSpec({ ...valid, ...extra }));
      expect(JobSpec.parse(draftToSpec(draftFromSpec(spec)))).toEqual(spec);
    }
    const monthly = draftFromSpec(JobSpec.parse(draftToSpec({ ...valid, activeFullKind: 'monthly', activeFullDayOfMonth: 15 })));
    expect(monthly).toMatchObject({ activeFullKind: 'monthly', activeFullDayOfMonth: 15 });
  });
});

describe('replication job wizard validation', () => {
  const vms = inventory.vms;
  const rctx = { existingJobNames: [], vms };
  const replication = { ...emptyDraft('replication'), name: 'DR', vmIds: ['dc01'], repositoryId: 'repo-default' };

  it('has its own steps: destination, network, job settings instead of storage', () => {
    expect(stepErrors('destination', replication, rctx).map((e) => e.message)).toEqual(['Choose the target host']);
    expect(stepOfPath('replication.targetHostId', 'replication')).toBe('destination');
    expect(stepOfPath('replication.networkMapping.0.sourceSwitch', 'replication')).toBe('network');
    expect(stepOfPath('replication.pointsToKeep', 'replication')).toBe('settings');
    expect(stepOfPath('changeTracking', 'replication')).toBe('settings');
    expect(stepOfPath('changeTracking')).toBe('storage');
  });

  it('refuses the host the source VM runs on as the target', () => {
    expect(stepErrors('destination', { ...replication, targetHostId: 'hv01' }, rctx).map((e) => e.message)).toEqual(['DC01 run(s) on this host: pick another target host']);
    expect(stepErrors('destination', { ...replication, targetHostId: 'hvc01' }, rctx)).toEqual([]);
    expect(stepErrors('destination', { ...replication, targetHostId: 'hvc01', replicaPath: 'C:' }, rctx).map((e) => e.path)).toEqual(['replication.path']);
  });

  it('restore points to keep: 1 to 28, default 7; suffix default _replica', () => {
    const ok = { ...replication, targetHostId: 'hvc01' };
    expect(ok.pointsToKeep).toBe(7);
    expect(ok.suffix).toBe('_replica');
    expect(stepErrors('settings', { ...ok, pointsToKeep: 29 }, rctx).map((e) => e.message)).toEqual(['Keep 1 to 28 restore points']);
    expect(stepErrors('settings', { ...ok, pointsToKeep: 0 }, rctx).map((e) => e.message)).toEqual(['Keep 1 to 28 restore points']);
    expect(stepErrors('settings', { ...ok, suffix: '_re/plica' }, rctx).map((e) => e.path)).toEqual(['replication.suffix']);
    expect(allErrors(ok, rctx)).toEqual([]);
  });

  it('network mapping: one row per source switch, a target or Not connected', () => {
    const ok = { ...replication, targetHostId: 'hvc01' };
    const twice = { ...ok, networkMapping: [{ sourceSwitch: 'Prod', targetSwitch: 'DR' }, { sourceSwitch: 'prod', targetSwitch: null }] };
    expect(stepErrors('network', twice, rctx).map((e) => e.message)).toEqual(['prod is mapped twice']);
    const empty = { ...ok, networkMapping: [{ sourceSwitch: 'Prod', targetSwitch: ' ' }] };
    expect(stepErrors('network', empty, rctx).map((e) => e.message)).toEqual(['Enter the target switch, or choose Not connected']);
    expect(stepErrors('network', { ...ok, networkMapping: [{ sourceSwitch: '', targetSwitch: null }] }, rctx).map((e) => e.path)).toEqual(['replication.networkMapping.0.sourceSwitch']);
  });

  it('builds the replication JobSpec and round-trips it (edit keeps the excluded VMs)', () => {
    const draft = { ...replication, targetHostId: 'hvc01', replicaPath: 'C:\\ClusterStorage\\Volume1\\Replicas', networkMapping: [{ sourceSwitch: 'Prod', targetSwitch: null }], excludedVmIds: ['app01'] };
    const spec = JobSpec.parse(draftToSpec(draft));
    expect(spec.kind).toBe('replication');
    expect(spec.replication).toEqual({ targetHostId: 'hvc01', path: 'C:\\ClusterStorage\\Volume1\\Replicas', networkMapping: [{ sourceSwitch: 'Prod', targetSwitch: null }], pointsToKeep: 7, suffix: '_replica', excludedVmIds: ['app01'] });
    expect(JobSpec.parse(draftToSpec(draftFromSpec(spec)))).toEqual(spec);
    expect(JobSpec.parse(draftToSpec(valid)).replication).toBeNull();
  });
});
