// The RCT scripts executed by pwsh against stub CIM commands, read by Ferry's WindowsChangeTracking: reference
// points matched to disks by identity (never by position), asynchronous jobs waited for, GetVirtualDiskChanges
// looped on ProcessedByteLength with UInt64 arguments, return codes turned into "read in full" reasons, and only
// Ferry's retired reference points destroyed. One pwsh process for the file.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAME } from './testing/hostile';
import { PwshExecutor } from './testing/pwsh-executor';
import { PwshSession } from './testing/pwsh-session';
import { stubPrelude } from './testing/stubs';
import { toolForTests } from './testing/tools';
import { ScriptRunner, WindowsChangeTracking, type Target } from './windows-scripts';

const pwsh = toolForTests('pwsh');
const HOST: Target = { id: 'hv01', server: 'hv01.contoso.local', name: 'hv01.contoso.local' };
const VM_A = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const VM_B = '4a3b2c1d-6e5f-4081-9bac-1d2e3f4a5b6c';
const VM_C = '5b4c3d2e-7f60-4192-acbd-2e3f4a5b6c7d';
const VM_D = '6c5d4e3f-8071-42a3-bdce-3f4a5b6c7d8e';
const FOLDER = `C:\\VMs\\${HOSTILE_NAME}`;

interface Call {
  call: string;
  details: Record<string, unknown>;
}

function winVm(id: string, name: string, paths: string[], rctCapable = true) {
  return {
    id,
    name,
    hostId: 'hv01',
    clusterId: null,
    state: 'Running' as const,
    rawState: 'Running',
    configVersion: rctCapable ? '10.0' : '5.0',
    rctCapable,
    referencePoints: [],
    checkpointCount: 0,
    disks: paths.map((topPath, index) => ({ index, topPath, format: 'vhdx' as const, chain: [], volumeId: null, chainVolumeIds: [], virtualSizeBytes: 1 << 30, fileSizeBytes: 1 << 20 })),
    configVolumeId: null,
    skipped: [],
  };
}

describe.skipIf(!pwsh.path)(`RCT scripts through pwsh${pwsh.path ? '' : ` (skipped: ${pwsh.skipReason})`}`, () => {
  let session: PwshSession;
  let dir: string;
  let logCount = 0;
  beforeAll(() => {
    session = new PwshSession(pwsh.path!);
    dir = mkdtempSync(join(tmpdir(), 'ferry-rct-'));
  });
  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A WindowsChangeTracking whose scripts run in pwsh against the stubs configured by `rct`; and its call log. */
  function tracking(rct: Record<string, unknown>) {
    const callLog = join(dir, `calls-${++logCount}.jsonl`);
    const executor = new PwshExecutor(session, stubPrelude({ vars: { FerryRct: { ...rct, callLog } }, files: ['cim-rct'] }));
    const logs: string[] = [];
    const calls = (): Call[] => (existsSync(callLog) ? readFileSync(callLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Call) : []);
    return { ct: new WindowsChangeTracking({ run: new ScriptRunner(executor), timeoutMs: 30_000 }), executor, calls, logs, log: (_l: string, text: string) => logs.push(text) };
  }

  it('reference points: ids matched to disks through VirtualDiskIdentifiers, jobs waited for, failures are "read in full"', async () => {
    const a0 = `${FOLDER}\\os.vhdx`;
    const a1 = `${FOLDER}\\data 1.avhdx`;
    const t = tracking({
      vms: [
        {
          id: VM_A,
          create: { code: 0 },
          rp: { instanceId: 'Microsoft:A:RP:1', diskIds: ['Microsoft:A:disk-0', 'Microsoft:A:disk-1'], rctIds: ['rctX:a0:1:0', 'rctX:a1:1:0'] },
          // the settings list the disks in another order than the reference point, with a DVD drive among them
          sasd: [{ instanceId: 'Microsoft:A:dvd', path: 'C:\\iso\\setup.iso' }, { instanceId: 'Microsoft:A:disk-1', path: a1 }, { instanceId: 'Microsoft:A:disk-0', path: a0 }],
        },
        {
          id: VM_B,
          create: { code: 4096, jobStates: [4, 4, 7] },
          rp: { instanceId: 'Microsoft:B:RP:1', diskIds: ['Microsoft:B:disk-0'], rctIds: ['rctX:b0:1:0'] },
          sasd: [{ instanceId: 'Microsoft:B:disk-0', path: 'C:\\VMs\\B\\b.vhdx' }],
        },
        { id: VM_D, create: { code: 4096, jobStates: [4, 10], jobError: 32779 }, rp: { instanceId: 'x', diskIds: [], rctIds: [] }, sasd: [] },
      ],
    });
    const vms = [winVm(VM_A, HOSTILE_NAME, [a0, a1]), winVm(VM_B, 'B', ['C:\\VMs\\B\\b.vhdx']), winVm(VM_C, 'C (gone)', ['C:\\VMs\\C\\c.vhdx']), winVm(VM_D, 'D', ['C:\\VMs\\D\\d.vhdx']), winVm('7d6e5f40-9182-43b4-8edf-405b6c7d8e9f', 'old', ['C:\\x.vhd'], false)];
    const refs = await t.ct.takeReferences(HOST, vms, t.log);
    expect(refs).toEqual([
      { vmId: VM_A, diskIndex: 0, referenceId: 'rctX:a0:1:0' },
      { vmId: VM_A, diskIndex: 1, referenceId: 'rctX:a1:1:0' },
      { vmId: VM_B, diskIndex: 0, referenceId: 'rctX:b0:1:0' },
    ]);
    expect(t.logs.join('\n')).toMatch(/C \(gone\): no RCT reference point \(code -1, VM 5b4c3d2e-.* not found\)/);
    expect(t.logs.join('\n')).toMatch(/D: no RCT reference point \(code 32779\)/);
    expect(t.logs.join('\n')).toMatch(/old: configuration version 5\.0 has no Resilient Change Tracking/);
    const creates = t.calls().filter((c) => c.call === 'CreateReferencePoint');
    expect(creates.map((c) => c.details.VmId)).toEqual([VM_A, VM_B, VM_D]);
    // ReferencePointType 1 (RCT-based) as the UInt16 the WMI method declares
    expect(creates[0].details).toMatchObject({ ReferencePointType: 1, Settings: '', Types: { ReferencePointType: 'UInt16' } });
    expect(t.calls().filter((c) => c.call === 'Start-Sleep')).toHaveLength(3);
    expect(t.executor.warnings()).toEqual([]);
  });

  it('one VM: the answer is still a list', async () => {
    const t = tracking({
      vms: [{ id: VM_A, create: { code: 0 }, rp: { instanceId: 'rp', diskIds: ['d0'], rctIds: ['rctX:1'] }, sasd: [{ instanceId: 'd0', path: 'C:\\a.vhdx' }] }],
    });
    expect(await t.ct.takeReferences(HOST, [winVm(VM_A, 'A', ['c:\\A.VHDX'])], t.log)).toEqual([{ vmId: VM_A, diskIndex: 0, referenceId: 'rctX:1' }]);
    expect(t.executor.results[0].stdout).toMatch(/^FERRY_JSON:\[\{/m);
  });

  it('changed ranges: looped on ProcessedByteLength, UInt64 arguments, the path and RCT id passed unchanged', async () => {
    const size = 2 * 2 ** 40; // 2 TiB: past 32 bits
    const half = size / 2;
    const path = `${FOLDER}\\data 1.avhdx`;
    const rctId = `rctX:${HOSTILE_NAME}:1:0`;
    const t = tracking({
      changes: [
        { code: 0, offsets: [0, 1048576], lengths: [4096, 65536], processed: half },
        { code: 0, offsets: [size - 4096], lengths: [4096], processed: half },
      ],
    });
    expect(await t.ct.changedRanges(HOST, path, size, rctId)).toEqual({
      ranges: [
        { offset: 0, length: 4096 },
        { offset: 1048576, length: 65536 },
        { offset: size - 4096, length: 4096 },
      ],
    });
    const calls = t.calls().filter((c) => c.call === 'GetVirtualDiskChanges');
    expect(calls.map((c) => [c.details.ByteOffset, c.details.ByteLength])).toEqual([[0, size], [half, half]]);
    expect(calls[0].details).toMatchObject({ Path: path, LimitId: rctId, TargetSnapshotId: '', Types: { ByteOffset: 'UInt64', ByteLength: 'UInt64', Path: 'String' } });
  });

  it('changed ranges: one range, none, an unknown RCT id, no progress', async () => {
    const size = 1 << 30;
    const one = tracking({ changes: [{ code: 0, offsets: [512], lengths: [512], processed: size }] });
    expect(await one.ct.changedRanges(HOST, 'C:\\a.vhdx', size, 'rctX:1')).toEqual({ ranges: [{ offset: 512, length: 512 }] });
    const none = tracking({ changes: [{ code: 0, offsets: [], lengths: [], processed: size }] });
    expect(await none.ct.changedRanges(HOST, 'C:\\a.vhdx', size, 'rctX:1')).toEqual({ ranges: [] });
    const reset = tracking({ changes: [{ code: 32773, offsets: [], lengths: [], processed: 0 }] });
    expect(await reset.ct.changedRanges(HOST, 'C:\\a.vhdx', size, 'rctX:1')).toMatchObject({ ranges: null, reason: expect.stringMatching(/RCT id is unknown/) });
    const stuck = tracking({ changes: [{ code: 0, offsets: [], lengths: [], processed: 0 }] });
    expect(await stuck.ct.changedRanges(HOST, 'C:\\a.vhdx', size, 'rctX:1')).toMatchObject({ ranges: null, reason: expect.stringMatching(/invalid state/) });
  });

  it('retire: only reference points holding a retired id and no kept one; a failure names it', async () => {
    const vm = {
      id: VM_A,
      referencePoints: [
        { instanceId: 'rp-old', rctIds: ['rctX:old1'] },
        { instanceId: 'rp-keep', rctIds: ['rctX:old2', 'rctX:keep1'] },
        { instanceId: 'rp-foreign', rctIds: ['rctX:someone-else'] },
        { instanceId: 'rp-fail', rctIds: ['rctX:old3'] },
      ],
    };
    const ok = tracking({ vms: [{ ...vm, referencePoints: vm.referencePoints.slice(0, 3) }] });
    await ok.ct.retire(HOST, { id: VM_A, name: 'A' }, ['rctX:old1', 'rctX:old2'], ['rctX:keep1'], ok.log);
    expect(ok.calls().filter((c) => c.call === 'DestroyReferencePoint').map((c) => c.details.InstanceId)).toEqual(['rp-old']);
    expect(ok.logs).toEqual(['A: deleted 1 old change-tracking reference point(s) on hv01.contoso.local that no backup needs any more']);

    const failing = tracking({ vms: [vm], destroy: { 'rp-fail': 32775 } });
    await expect(failing.ct.retire(HOST, { id: VM_A, name: 'A' }, ['rctX:old1', 'rctX:old3'], [], failing.log)).rejects.toMatchObject({
      code: 'E_WIN_RCT_RETIRE_FAILED',
      message: expect.stringMatching(/1 RCT reference point\(s\) of A .* \(rp-fail: invalid state\)/),
    });
    expect(failing.calls().filter((c) => c.call === 'DestroyReferencePoint').map((c) => c.details.InstanceId)).toEqual(['rp-old', 'rp-fail']);

    const gone = tracking({ vms: [] });
    await gone.ct.retire(HOST, { id: VM_A, name: 'A' }, ['rctX:old1'], [], gone.log);
    expect(gone.calls().filter((c) => c.call === 'DestroyReferencePoint')).toEqual([]);
  });
});
