import { describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { Proxy } from '../../../src-shared/domain';
import { firstAttempt, retakeAfter, type AttemptPolicy, type SnapshotAttempt } from './snapshot-attempts';

const proxy = { id: 'px1', serverId: 'proxy01', name: 'PROXY01' } as Proxy;
const attempt = (vmIds: string[], extra: Partial<SnapshotAttempt> = {}): SnapshotAttempt =>
  firstAttempt({ volumeId: 'v1', volumePath: 'D:\\', hostId: 'hv01', vmIds, mode: 'off-host', proxy, provider: 'hardware', warning: null, failReason: null, departures: [], ...extra }, true);
const policy = (o: Partial<AttemptPolicy> = {}): AttemptPolicy => ({ hostName: 'HV01', failoverToSoftwareProvider: true, requireSuccessfulProcessing: false, ...o });
const hwFailed = new FerryError(ErrorCode.HardwareProviderFailed, 'Snapshot on hv01 failed: the VSS hardware provider refused the snapshot (VSS_E_PROVIDER_VETO, 0x80042306).');
const writerFailed = (vmIds?: string[]) => new FerryError(ErrorCode.WriterFailed, 'the Hyper-V VSS writer failed', vmIds ? { vmIds } : undefined);
const vms = (n: number) => Array.from({ length: n }, (_, i) => `vm${i + 1}`);

describe('retakes after a failed create', () => {
  it('hardware provider failed: software provider, on-host, ≤ 4 VMs per snapshot, a warning for every VM', () => {
    const r = retakeAfter(attempt(vms(6)), hwFailed, policy());
    const text = 'hardware VSS provider failed on D:\\: Snapshot on hv01 failed: the VSS hardware provider refused the snapshot (VSS_E_PROVIDER_VETO, 0x80042306); fell back to the Microsoft Software Shadow Copy provider — processed on-host';
    expect(r?.attempts.map((a) => [a.vmIds, a.provider, a.mode, a.proxy, a.applicationConsistent, a.note])).toEqual([
      [vms(4), 'software', 'on-host', null, true, text],
      [['vm5', 'vm6'], 'software', 'on-host', null, true, text],
    ]);
    expect(r?.failed).toEqual([]);
    expect(r?.warnings).toEqual(vms(6).map((vmId) => ({ vmId, text })));
    // as facts: the software provider took it, and an off-host snapshot became an on-host one
    for (const a of r!.attempts) {
      expect(a.departures).toEqual([
        { kind: 'software-provider', reason: text },
        { kind: 'failover-on-host', reason: text },
      ]);
    }
    // an on-host job's snapshot was never off-host: no failover, only the provider
    const onHost = retakeAfter(attempt(['vm1'], { mode: 'on-host', proxy: null }), hwFailed, policy());
    expect(onHost?.attempts[0].departures.map((d) => d.kind)).toEqual(['software-provider']);
  });

  it('hardware provider failed with failover off: every VM fails with the reason, nothing is retaken', () => {
    const r = retakeAfter(attempt(['vm1', 'vm2']), hwFailed, policy({ failoverToSoftwareProvider: false }));
    expect(r?.attempts).toEqual([]);
    expect(r?.failed.map((f) => f.vmId)).toEqual(['vm1', 'vm2']);
    expect(r?.failed[0].reason).toMatch(/^hardware VSS provider failed on D:\\: .*VSS_E_PROVIDER_VETO.*; failover to the software provider is off for HV01$/);
  });

  it('a software snapshot that fails is not retaken (nothing to fall back to)', () => {
    expect(retakeAfter(attempt(['vm1'], { provider: 'software', mode: 'on-host' }), hwFailed, policy())).toBeNull();
    expect(retakeAfter(attempt(['vm1']), new FerryError(ErrorCode.SnapshotFailed, 'x'), policy())).toBeNull();
  });

  it('writer failed for one VM: the others are retaken application-consistent, that VM alone crash-consistent', () => {
    const r = retakeAfter(attempt(['vm1', 'vm2', 'vm3']), writerFailed(['vm2', 'vm-elsewhere']), policy());
    expect(r?.attempts.map((a) => [a.vmIds, a.applicationConsistent, a.provider, a.mode])).toEqual([
      [['vm1', 'vm3'], true, 'hardware', 'off-host'],
      [['vm2'], false, 'hardware', 'off-host'],
    ]);
    expect(r?.warnings).toEqual([{ vmId: 'vm2', text: 'application-consistent processing failed: the Hyper-V VSS writer failed; backed up crash-consistent' }]);
    expect(r?.failed).toEqual([]);
    expect(r?.attempts.map((a) => a.departures)).toEqual([
      [{ kind: 'retake', reason: 'retaken without 1 VM(s) whose Hyper-V VSS writer processing failed' }],
      [{ kind: 'crash-consistent', reason: 'application-consistent processing failed: the Hyper-V VSS writer failed; backed up crash-consistent' }],
    ]);
  });

  it('writer failed with "require successful processing": that VM fails, the others are retaken', () => {
    const r = retakeAfter(attempt(['vm1', 'vm2']), writerFailed(['vm2']), policy({ requireSuccessfulProcessing: true }));
    expect(r?.attempts.map((a) => [a.vmIds, a.applicationConsistent])).toEqual([[['vm1'], true]]);
    expect(r?.failed).toEqual([{ vmId: 'vm2', reason: 'application-consistent processing failed: the Hyper-V VSS writer failed; the job requires successful processing' }]);
  });

  it('writer failed without naming VMs: each VM is retaken alone, application-consistent; the one that fails again is the one', () => {
    const r = retakeAfter(attempt(['vm1', 'vm2']), writerFailed(), policy());
    expect(r?.attempts.map((a) => [a.vmIds, a.applicationConsistent])).toEqual([
      [['vm1'], true],
      [['vm2'], true],
    ]);
    expect(r?.failed).toEqual([]);
    expect(r?.warnings).toEqual([]);
    expect(r?.log).toMatch(/without saying for which VM: each VM is retaken on its own to find it$/);
    // vm2 alone fails again, still unnamed: by elimination it is vm2 → crash-consistent (or failed when required)
    const alone = retakeAfter(r!.attempts[1], writerFailed(), policy());
    expect(alone?.attempts.map((a) => [a.vmIds, a.applicationConsistent])).toEqual([[['vm2'], false]]);
    expect(alone?.warnings.map((w) => w.vmId)).toEqual(['vm2']);
    // retaken alone, then crash-consistent: both facts stay with the snapshot
    expect(r!.attempts[1].departures).toEqual([{ kind: 'retake', reason: 'retaken alone: the Hyper-V VSS writer failed for the shared snapshot' }]);
    expect(alone?.attempts[0].departures.map((d) => d.kind)).toEqual(['retake', 'crash-consistent']);
    expect(retakeAfter(r!.attempts[1], writerFailed(), policy({ requireSuccessfulProcessing: true }))?.failed.map((f) => f.vmId)).toEqual(['vm2']);
    // a crash-consistent snapshot involves no writer: a writer error there is not worked around
    expect(retakeAfter(alone!.attempts[0], writerFailed(['vm2']), policy())).toBeNull();
  });
});
