import { describe, expect, it } from 'vitest';
import { inventory, proxy01, readiness } from '../../test/fixtures';
import { maxTasksError, readinessStepError, servableVolumeIds, serverStepError, suggestedMaxTasks } from './validation';

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
});
