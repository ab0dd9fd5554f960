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
  toPatch,
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

  it('an edit sends only what changed (and nothing when nothing did)', () => {
    const same = settingsOf(proxy01);
    expect(toPatch(proxy01, same)).toBeNull();
    expect(toPatch(proxy01, { ...same, throttleMBps: 50 })).toEqual({ id: 'px-1', throttleMBps: 50 });
    expect(toPatch(proxy01, { ...same, connectedVolumes: { mode: 'chosen', volumeIds: ['vol-d'] } })).toEqual({
      id: 'px-1',
      connectedVolumes: { mode: 'chosen', volumeIds: ['vol-d'] },
    });
  });
});
