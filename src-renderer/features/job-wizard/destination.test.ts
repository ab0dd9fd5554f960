import { describe, expect, it } from 'vitest';
import { inventory } from '../../test/fixtures';
import { defaultReplicaPath, targetChoices } from './destination';

describe('replication destination', () => {
  it('offers Hyper-V hosts (standalone first, cluster nodes with their cluster), not plain servers', () => {
    expect(targetChoices(inventory).map((c) => c.label)).toEqual(['HV01', 'HVC01 (cluster CLU01)', 'HVC02 (cluster CLU01)']);
  });

  it('defaults to C:\\Replicas on a standalone host and to the emptiest CSV on a cluster', () => {
    const withTwoCsvs = {
      ...inventory,
      volumes: [...inventory.volumes, { id: 'csv2', path: 'C:\\ClusterStorage\\Volume2\\', kind: 'csv' as const, clusterId: 'clu01', ownerHostId: 'hvc02', sizeBytes: 2e12, usedBytes: 1e11, lun: 'LUN-11' }],
    };
    const choices = targetChoices(withTwoCsvs);
    expect(defaultReplicaPath(choices.find((c) => c.host.id === 'hv01'))).toBe('C:\\Replicas');
    expect(defaultReplicaPath(choices.find((c) => c.host.id === 'hvc01'))).toBe('C:\\ClusterStorage\\Volume2\\Replicas');
    expect(choices.find((c) => c.host.id === 'hvc02')?.freeBytes).toBe(2e12 - 1e11);
    expect(defaultReplicaPath(undefined)).toBe('C:\\Replicas');
  });
});
