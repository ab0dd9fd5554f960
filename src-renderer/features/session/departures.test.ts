import { describe, expect, it } from 'vitest';
import type { Departure, SnapshotView, VmTaskView } from '../../../src-shared/domain';
import { departureReason, NO_DEPARTURES, proxyFailovers, sessionDepartures } from './departures';

const snap = (id: string, departures: Departure[] = [], o: Partial<SnapshotView> = {}): SnapshotView => ({
  id, volumeId: 'csv1', volumePath: 'C:\\ClusterStorage\\Volume1', hostId: 'hv01', proxyServerId: null, vmIds: ['a', 'b'], provider: 'hardware', stage: 'deleted',
  history: [{ stage: 'planned', at: 't' }], departures, ...o,
});
const vm = (vmId: string, departures: Departure[] = []): Pick<VmTaskView, 'vmId' | 'departures'> => ({ vmId, departures });

const NO_PROXY = 'Failed over to on-host backup: no eligible off-host proxy (proxy PROXY01 is disabled)';
const SOFTWARE = 'hardware VSS provider failed on C:\\ClusterStorage\\Volume1: vetoed; fell back to the Microsoft Software Shadow Copy provider — processed on-host';
const CRASH = 'application-consistent processing failed: the Hyper-V VSS writer failed; backed up crash-consistent';

describe("what a session did differently from its job, from the engine's typed facts", () => {
  it('nothing recorded: nothing departed (whatever the history notes or the log say)', () => {
    const noted = snap('s1', [], { history: [{ stage: 'planned', at: 't', note: 'Failed over to on-host backup: no eligible off-host proxy' }] });
    expect(sessionDepartures([noted], [vm('a'), vm('b')])).toBe(NO_DEPARTURES);
    expect(proxyFailovers([noted])).toEqual([]);
  });

  it('failover, software provider and crash-consistent come from the VMs and snapshots that carry them', () => {
    const d = sessionDepartures(
      [snap('sw', [{ kind: 'software-provider', reason: SOFTWARE }, { kind: 'failover-on-host', reason: SOFTWARE }], { provider: 'software' }), snap('hw')],
      [vm('a', [{ kind: 'failover-on-host', reason: SOFTWARE }]), vm('b', [{ kind: 'crash-consistent', reason: CRASH }, { kind: 'throttled', reason: 'capped' }])],
    );
    expect([...d.failoverVmIds]).toEqual(['a']);
    expect([...d.writerFallbackVmIds]).toEqual(['b']);
    expect([...d.softwareFallbacks]).toEqual([['sw', SOFTWARE]]);
  });

  it('the failover alert lists volumes that found no proxy, once each; software shadow copies have their own alert', () => {
    const lines = proxyFailovers([
      snap('s1', [{ kind: 'failover-on-host', reason: NO_PROXY }]),
      snap('s2', [{ kind: 'failover-on-host', reason: NO_PROXY }]),
      snap('s3', [{ kind: 'failover-on-host', reason: SOFTWARE }, { kind: 'software-provider', reason: SOFTWARE }], { volumePath: 'D:\\' }),
    ]);
    expect(lines).toEqual([`C:\\ClusterStorage\\Volume1: ${NO_PROXY}`]);
  });

  it('departureReason reads one kind; an old session without the field has none', () => {
    expect(departureReason(vm('a', [{ kind: 'throttled', reason: 'capped at 2 MB/s' }]), 'throttled')).toBe('capped at 2 MB/s');
    expect(departureReason({}, 'throttled')).toBeNull();
  });
});
