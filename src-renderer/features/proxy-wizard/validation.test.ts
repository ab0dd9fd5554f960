import { describe, expect, it } from 'vitest';
import { inventory, proxy01, readiness } from '../../test/fixtures';
import {
  connectedVolumesError,
  maxTasksError,
  readinessStepError,
  servableVolumeIds,
  serverStepError,
  settingsOf,
  suggestedMaxTasks,
  throttleError,
  throttleWindowErrors,
  toPatch,
  trafficRuleText,
  trafficStepError,
  unservableReason,
} from './validation';

describe('Add proxy wizard rules', () => {
  it('needs a server that is not a proxy yet', () => {
    expect(serverStepError(null, inventory.hosts, [])).toMatch(/Choose/);
    expect(serverStepError('proxy01', inventory.hosts, [proxy01])).toMatch(/already/);
    expect(serverStepError('proxy01', inventory.hosts, [])).toBeNull();
  });

  it('counts a volume only when its own row passes and no server-wide row fails', () => {
    expect(servableVolumeIds(readiness.proxy01!)).toEqual(['vol-d', 'csv1']);
    expect(servableVolumeIds(readiness.hvc01!)).toEqual([]);
    // Hyper-V role missing: the passing volume row does not help.
    expect(servableVolumeIds(readiness.hv01!)).toEqual([]);
  });

  it('a volume with a not-applicable row (LUN not zoned) is not served, even beside a passing row of it', () => {
    const rows = [
      ...readiness.proxy01!,
      { id: 'lun-visible:csv1', title: 'SAN LUN visible', status: 'not-applicable' as const, reason: 'The proxy does not see LUN-10: it does not serve this volume.', volumeId: 'csv1' },
    ];
    expect(servableVolumeIds(rows)).toEqual(['vol-d']);
    expect(unservableReason(rows, 'csv1')).toBe('The proxy does not see LUN-10: it does not serve this volume.');
  });

  it('blocks Readiness → Next when no volume can be served', () => {
    expect(readinessStepError(null)).not.toBeNull();
    expect(readinessStepError(readiness.hvc01!)).toMatch(/cannot back up any volume/);
    expect(readinessStepError(readiness.proxy01!)).toBeNull();
  });

  it('accepts 1..64 tasks and suggests about two per core', () => {
    expect(maxTasksError(null)).not.toBeNull();
    expect(maxTasksError(0)).toMatch(/At least 1/);
    expect(maxTasksError(65)).toMatch(/At most 64/);
    expect(maxTasksError(2.5)).not.toBeNull();
    expect(maxTasksError(8)).toBeNull();
    expect(suggestedMaxTasks(inventory.hosts[3])).toBe(8);
    expect(suggestedMaxTasks({ ...inventory.hosts[3]!, cpuCores: 48 })).toBe(64);
  });

  it('lets the proxy being edited keep its own server', () => {
    expect(serverStepError('proxy01', inventory.hosts, [proxy01], 'px-1')).toBeNull();
  });

  it('connected volumes: automatic always passes; a choice needs reachable volumes', () => {
    expect(connectedVolumesError('automatic', [], [])).toBeNull();
    expect(connectedVolumesError('chosen', [], ['vol-d'])).toMatch(/at least one/);
    expect(connectedVolumesError('chosen', ['csv1'], ['vol-d'])).toMatch(/no longer be served/);
    expect(connectedVolumesError('chosen', ['vol-d'], ['vol-d', 'csv1'])).toBeNull();
    expect(unservableReason(readiness.hvc01!, 'csv1')).toMatch(/node of cluster CLU01/);
    expect(unservableReason(readiness.hv01!, 'vol-d')).toMatch(/Hyper-V role installed: not installed/);
  });

  it('traffic rule: off is unlimited; on needs 1..100000 MB/s', () => {
    expect(throttleError(false, null)).toBeNull();
    expect(throttleError(true, null)).toMatch(/Enter a limit/);
    expect(throttleError(true, 0)).toMatch(/at least 1/);
    expect(throttleError(true, 100_001)).toMatch(/at most/);
    expect(throttleError(true, 500)).toBeNull();
  });

  it('traffic window: at least one day, HH:MM times that differ; "always" needs none', () => {
    expect(throttleWindowErrors('always', [], '', '')).toBeNull();
    expect(throttleWindowErrors('window', [], '08:00', '18:00')).toEqual({ days: 'Pick at least one day.' });
    expect(throttleWindowErrors('window', ['Mon'], '8:00', '24:00')).toEqual({
      start: 'Enter the start as HH:MM (24-hour).',
      end: 'Enter the end as HH:MM (24-hour).',
    });
    expect(throttleWindowErrors('window', ['Mon'], '18:00', '18:00')?.end).toMatch(/must differ/);
    expect(throttleWindowErrors('window', ['Sat', 'Sun'], '22:00', '06:00')).toBeNull(); // across midnight
    // The rate is checked first; with throttling off nothing else matters.
    expect(trafficStepError(true, 0, 'window', [], '', '')).toMatch(/at least 1 MB\/s/);
    expect(trafficStepError(false, null, 'window', [], '', '')).toBeNull();
    expect(trafficStepError(true, 50, 'window', [], '08:00', '18:00')).toBe('Pick at least one day.');
  });

  it('traffic rule text: unlimited, always, or days and hours', () => {
    expect(trafficRuleText(0, null)).toBe('unlimited');
    expect(trafficRuleText(0, { days: ['Mon'], start: '08:00', end: '18:00' })).toBe('unlimited');
    expect(trafficRuleText(50, null)).toBe('50 MB/s, always');
    expect(trafficRuleText(50, { days: ['Fri', 'Mon', 'Tue', 'Wed', 'Thu'], start: '08:00', end: '18:00' })).toBe('50 MB/s, Mon–Fri 08:00–18:00');
    expect(trafficRuleText(50, { days: ['Sat', 'Sun'], start: '22:00', end: '06:00' })).toBe('50 MB/s, Sat, Sun 22:00–06:00');
    expect(trafficRuleText(50, { days: ['Mon', 'Wed', 'Thu', 'Fri', 'Sun'], start: '08:00', end: '18:00' })).toBe('50 MB/s, Mon, Wed–Fri, Sun 08:00–18:00');
    expect(trafficRuleText(50, { days: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'], start: '08:00', end: '18:00' })).toBe('50 MB/s, every day 08:00–18:00');
  });

  it('an edit sends only what changed (and nothing when nothing did)', () => {
    const same = settingsOf(proxy01);
    expect(toPatch(proxy01, same)).toBeNull();
    expect(toPatch(proxy01, { ...same, throttleMBps: 50 })).toEqual({ id: 'px-1', throttleMBps: 50 });
    expect(toPatch(proxy01, { ...same, enabled: false })).toEqual({ id: 'px-1', enabled: false });
    const window = { days: ['Mon', 'Tue'] as const, start: '08:00', end: '18:00' };
    const windowed = { ...proxy01, throttleMBps: 50, throttleWindow: { ...window, days: [...window.days] } };
    // The same window with the days in another order is no change.
    expect(toPatch(windowed, { ...settingsOf(windowed), throttleWindow: { ...window, days: ['Tue', 'Mon'] } })).toBeNull();
    expect(toPatch(windowed, { ...settingsOf(windowed), throttleWindow: null })).toEqual({ id: 'px-1', throttleWindow: null });
    expect(toPatch(proxy01, { ...same, connectedVolumes: { mode: 'chosen', volumeIds: ['vol-d'] } })).toEqual({
      id: 'px-1',
      connectedVolumes: { mode: 'chosen', volumeIds: ['vol-d'] },
    });
  });
});
