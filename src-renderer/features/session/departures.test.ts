import { describe, expect, it } from 'vitest';
import type { SnapshotView, VmTaskView } from '../../../src-shared/domain';
import { sessionDepartures } from './departures';

type History = SnapshotView['history'];
const planned = (note?: string): History[number] => (note ? { stage: 'planned', at: 't', note } : { stage: 'planned', at: 't' });
const failedAt = (note: string): History => [planned(), { stage: 'failed', at: 't', note }];
const snap = (id: string, o: Partial<SnapshotView> = {}): SnapshotView => ({
  id, volumeId: 'csv1', volumePath: 'C:\\ClusterStorage\\Volume1', hostId: 'hv01', proxyServerId: null, vmIds: ['a', 'b'], provider: 'hardware', stage: 'deleted',
  history: [planned()], ...o,
});
const vm = (vmId: string, o: Partial<VmTaskView> = {}): Pick<VmTaskView, 'vmId' | 'processingMode' | 'consistency'> => ({
  vmId, processingMode: 'on-host', consistency: 'application', ...o,
});
const both = [vm('a'), vm('b')];

describe('what a session did differently from its job, read from the session alone', () => {
  it('an off-host snapshot, or a plain on-host one, is what the job asked for', () => {
    const offHost = sessionDepartures([snap('s1', { proxyServerId: 'proxy01' })], [vm('a', { processingMode: 'off-host' }), vm('b', { processingMode: 'off-host' })]);
    expect([...offHost.failoverVmIds]).toEqual([]);
    const onHost = sessionDepartures([snap('s1')], both);
    expect([...onHost.failoverVmIds]).toEqual([]);
    expect([...onHost.softwareFallbacks]).toEqual([]);
    // an on-host job on a host without a hardware provider: the software provider is the plan
    expect([...sessionDepartures([snap('s1', { provider: 'software' })], both).softwareFallbacks]).toEqual([]);
  });

  it('on-host with a note from the plan is a failover (no eligible proxy)', () => {
    const d = sessionDepartures([snap('s1', { history: [planned('Failed over to on-host backup: no eligible off-host proxy (PROXY01 is disabled)')] })], both);
    expect([...d.failoverVmIds]).toEqual(['a', 'b']);
    expect([...d.softwareFallbacks]).toEqual([]);
  });

  it('a host without a hardware provider in an off-host job: failover and software fallback, in the plan\'s words', () => {
    const note = 'HV01 has no VSS hardware provider: the Microsoft Software Shadow Copy provider takes the snapshot of C:\\ClusterStorage\\Volume1, which cannot leave the host — processed on-host';
    const d = sessionDepartures([snap('s1', { provider: 'software', history: [planned(note)] })], both);
    expect([...d.failoverVmIds]).toEqual(['a', 'b']);
    expect([...d.softwareFallbacks]).toEqual([['s1', note]]);
  });

  it('a failed hardware provider: the software retakes are fallbacks; failovers only when the failed attempt had a proxy', () => {
    const why = 'hardware VSS provider failed on C:\\ClusterStorage\\Volume1: vetoed; fell back to the Microsoft Software Shadow Copy provider — processed on-host';
    const retakes = [
      snap('sw1', { provider: 'software', vmIds: ['a'], history: [planned(why)] }),
      snap('sw2', { provider: 'software', vmIds: ['b'], history: [planned(why)] }),
    ];
    const offHostJob = sessionDepartures([snap('hw', { proxyServerId: 'proxy01', stage: 'failed', history: failedAt('vetoed') }), ...retakes], both);
    expect([...offHostJob.softwareFallbacks]).toEqual([['sw1', why], ['sw2', why]]);
    expect([...offHostJob.failoverVmIds]).toEqual(['a', 'b']);
    const onHostJob = sessionDepartures([snap('hw', { stage: 'failed', history: failedAt('vetoed') }), ...retakes], both);
    expect([...onHostJob.softwareFallbacks]).toEqual([['sw1', why], ['sw2', why]]);
    expect([...onHostJob.failoverVmIds]).toEqual([]);
  });

  it('a crash-consistent VM is a writer fallback only when its snapshot was retaken on the same provider', () => {
    const vms = [vm('a', { consistency: 'application' }), vm('b', { consistency: 'crash' })];
    const writer = sessionDepartures(
      [
        snap('app', { stage: 'failed', history: failedAt('writer failed for B') }),
        snap('rest', { vmIds: ['a'], history: [planned('retaken without 1 VM(s) whose Hyper-V VSS writer processing failed')] }),
        snap('crash', { vmIds: ['b'], history: [planned('crash-consistent: application-consistent processing failed')] }),
      ],
      vms,
    );
    expect([...writer.writerFallbackVmIds]).toEqual(['b']);
    // a crash-consistent job: its first snapshot already is
    expect([...sessionDepartures([snap('crash')], [vm('a', { consistency: 'crash' }), vm('b', { consistency: 'crash' })]).writerFallbackVmIds]).toEqual([]);
    // a crash-consistent job whose hardware provider failed: a provider retake, not a writer one
    const provider = sessionDepartures(
      [snap('hw', { stage: 'failed', history: failedAt('vetoed') }), snap('sw', { provider: 'software', history: [planned('hardware VSS provider failed…')] })],
      [vm('a', { consistency: 'crash' }), vm('b', { consistency: 'crash' })],
    );
    expect([...provider.writerFallbackVmIds]).toEqual([]);
  });

  it('a writer retake of a software fallback keeps the provider reason, not the retake\'s note', () => {
    const why = 'hardware VSS provider failed on C:\\ClusterStorage\\Volume1: vetoed; fell back to the Microsoft Software Shadow Copy provider — processed on-host';
    const d = sessionDepartures(
      [
        snap('hw', { proxyServerId: 'proxy01', stage: 'failed', history: failedAt('vetoed') }),
        snap('sw', { provider: 'software', stage: 'failed', history: [planned(why), { stage: 'failed', at: 't', note: 'writer failed for B' }] }),
        snap('swa', { provider: 'software', vmIds: ['a'], history: [planned('retaken without 1 VM(s) whose Hyper-V VSS writer processing failed')] }),
        snap('swb', { provider: 'software', vmIds: ['b'], history: [planned('crash-consistent: application-consistent processing failed')] }),
      ],
      [vm('a'), vm('b', { consistency: 'crash' })],
    );
    expect(d.softwareFallbacks.get('swa')).toBe(why);
    expect(d.softwareFallbacks.get('swb')).toBe(why);
    expect([...d.writerFallbackVmIds]).toEqual(['b']);
    expect([...d.failoverVmIds]).toEqual(['a', 'b']);
  });

  it('snapshots of another volume, or of other VMs, are not retakes', () => {
    const d = sessionDepartures(
      [snap('hw', { proxyServerId: 'proxy01', stage: 'failed', vmIds: ['a'], history: failedAt('vetoed') }), snap('other', { vmIds: ['b'], volumeId: 'csv2' })],
      [vm('a', { processingMode: 'off-host' }), vm('b')],
    );
    expect([...d.failoverVmIds]).toEqual([]);
  });
});
