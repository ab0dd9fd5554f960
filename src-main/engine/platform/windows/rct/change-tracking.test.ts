// RCT on Windows: the two scripts (golden), their answers with ConvertTo-Json's habits (transcripts), and the
// platform's order of calls: reference points on the host BEFORE DiskShadow creates the snapshot.
import { describe, expect, it } from 'vitest';
import type { PlatformLog, SnapshotRequest } from '../../types';
import { rctChangesPs, rctReferencePointsPs, rctRetirePs } from './rct-scripts';
import { ScriptedExecutor, ok, psJson, type ScriptedStep } from '../testing/scripted-executor';
import { APP01, CSV1, HV01, HV02, HV03, PROXY, SQL01, ManualClock, createSteps, expectGolden, golden, heldSession, inventorySteps, transcript } from '../testing/test-support';
import { WindowsPlatform } from '../windows-platform';
import { WindowsChangeTracking } from './change-tracking';
import { ScriptRunner } from '../exec/script-runner';
import type { WinVm } from '../discovery/inventory';

const OS_DISK = 'C:\\ClusterStorage\\Volume1\\VMs\\APP01\\Virtual Hard Disks\\APP01_OS_8D3F2A1B-4C5D-4E6F-9A0B-1C2D3E4F5A6B.avhdx';
const DATA_DISK = 'C:\\ClusterStorage\\Volume1\\VMs\\APP01\\Virtual Hard Disks\\APP01_Data.vhdx';
const OS_SIZE = 137438953472;
const RCT_OS = 'rctX:4a1f9c2e:0000000000000013:0';
const RCT_DATA = 'rctX:5b2e0d3f:0000000000000008:0';
const PREVIOUS = 'rctX:4a1f9c2e:0000000000000012:0';

describe('RCT scripts (golden)', () => {
  it('reference points: CreateReferencePoint (RCT-based) per VM, RCT ids matched to disks by identity', () => {
    const text = rctReferencePointsPs({ vmIds: [APP01, SQL01] });
    expectGolden('rct-reference-points.ps1', text);
    expect(text).toContain('ReferencePointType = [uint16]1');
    expect(text).toContain('$_.InstanceID -eq $ids[$i]');
  });

  it('changed ranges: GetVirtualDiskChanges in a loop until the whole disk is processed', () => {
    const text = rctChangesPs({ path: OS_DISK, rctId: PREVIOUS, virtualSize: OS_SIZE });
    expectGolden('rct-changes.ps1', text);
    expect(text).toContain(`$size = [uint64]${OS_SIZE}`);
  });

  it('retire: DestroyReferencePoint only for reference points holding a retired id and no kept one', () => {
    const text = rctRetirePs({ vmId: APP01, retire: [PREVIOUS, 'rctX:5b2e0d3f:0000000000000007:0'], keep: [RCT_OS, RCT_DATA] });
    expectGolden('rct-retire.ps1', text);
    expect(text).toContain('-MethodName DestroyReferencePoint');
    expect(text).toContain('if ($rcts | Where-Object { $keep -contains $_ }) { continue }');
    expect(rctRetirePs({ vmId: APP01, retire: ["it's"], keep: [] })).toContain("$retire = @('it''s'); $keep = @()");
  });

  it('quotes whatever it embeds', () => {
    expect(rctChangesPs({ path: "C:\\it's\\a.vhdx", rctId: "x'y", virtualSize: 1 })).toContain("$path = 'C:\\it''s\\a.vhdx'; $limit = 'x''y'");
  });
});

function tracking(reply: ScriptedStep['reply']) {
  const exec = new ScriptedExecutor([{ label: 'rct', program: 'powershell', server: HV01, reply }]);
  const logs: string[] = [];
  const log: PlatformLog = (level, text) => logs.push(`${level}: ${text}`);
  return { rct: new WindowsChangeTracking({ run: new ScriptRunner(exec), timeoutMs: 1000 }), exec, logs, log };
}
const HOST = { id: 'hv01', server: HV01, name: 'hv01.contoso.local' };
const vm = (id: string, name: string, disks: string[], rctCapable = true): WinVm =>
  ({ id, name, configVersion: rctCapable ? '10.0' : '5.0', rctCapable, disks: disks.map((topPath, index) => ({ index, topPath })) }) as unknown as WinVm;

describe('WindowsChangeTracking', () => {
  it('maps each RCT id to its disk by path; a VM whose call failed gets none, with a warning', async () => {
    const t = tracking(
      psJson([
        // one-element lists arrive unrolled, paths in another case
        { VmId: APP01.toUpperCase(), Code: 0, Error: null, InstanceId: 'Microsoft:APP01:RP:1', Disks: [{ Path: OS_DISK.toLowerCase(), RctId: RCT_OS }, { Path: DATA_DISK, RctId: RCT_DATA }] },
        { VmId: SQL01, Code: 32775, Error: null, InstanceId: null, Disks: null },
      ]),
    );
    const refs = await t.rct.takeReferences(HOST, [vm(APP01, 'APP01', [OS_DISK, DATA_DISK]), vm(SQL01, 'SQL01', ['C:\\x\\SQL01.vhdx'])], t.log);
    expect(refs).toEqual([
      { vmId: APP01, diskIndex: 0, referenceId: RCT_OS },
      { vmId: APP01, diskIndex: 1, referenceId: RCT_DATA },
    ]);
    expect(t.logs).toContain('warning: SQL01: no RCT reference point (code 32775): its disks are read in full next time');
  });

  it('does not ask a VM without RCT (configuration version < 6.2), and a failed script is a warning, not a failed backup', async () => {
    const t = tracking(ok('no result line'));
    expect(await t.rct.takeReferences(HOST, [vm(SQL01, 'SQL01', ['C:\\a.vhdx'], false)], t.log)).toEqual([]);
    expect(t.exec.calls).toHaveLength(0);
    expect(await t.rct.takeReferences(HOST, [vm(APP01, 'APP01', [OS_DISK])], t.log)).toEqual([]);
    expect(t.logs.at(-1)).toMatch(/^warning: hv01\.contoso\.local: could not create RCT reference points .*: the disks are read in full$/);
  });

  it('changed ranges: UInt64 as strings and one-element lists are read right', async () => {
    const t = tracking(psJson({ Code: 0, Offsets: '1048576', Lengths: 65536 }));
    expect(await t.rct.changedRanges(HOST, OS_DISK, OS_SIZE, PREVIOUS)).toEqual({ ranges: [{ offset: 1048576, length: 65536 }] });
    const none = tracking(psJson({ Code: 0, Offsets: [], Lengths: null }));
    expect(await none.rct.changedRanges(HOST, OS_DISK, OS_SIZE, PREVIOUS)).toEqual({ ranges: [] });
  });

  it.each([
    [{ Code: 32773, Offsets: [], Lengths: [] }, /RCT id is unknown to the disk/],
    [{ Code: 4096, Offsets: [], Lengths: [] }, /asynchronous job/],
    [{ Code: 0, Offsets: [0, 4096], Lengths: [512] }, /2 offsets but 1 lengths/],
    [{ Code: 0, Offsets: [OS_SIZE - 512], Lengths: [4096] }, /beyond the disk/],
  ])('anything doubtful is "unknown" (→ full), never a guess: %j', async (answer, reason) => {
    const t = tracking(psJson(answer));
    const got = await t.rct.changedRanges(HOST, OS_DISK, OS_SIZE, PREVIOUS);
    expect(got.ranges).toBeNull();
    expect(got.ranges === null && got.reason).toMatch(reason);
  });
});

describe('WindowsChangeTracking.retire', () => {
  const APP = { id: APP01, name: 'APP01' };

  it('logs what was destroyed; nothing to retire or a VM id that is no GUID runs no script', async () => {
    const t = tracking(psJson({ Found: true, Destroyed: 'Microsoft:APP01:RP:1', Failed: null }));
    await t.rct.retire(HOST, APP, [PREVIOUS], [RCT_OS], t.log);
    expect(t.exec.calls[0]?.script).toBe(rctRetirePs({ vmId: APP01, retire: [PREVIOUS], keep: [RCT_OS] }));
    expect(t.logs).toEqual(['info: APP01: deleted 1 old change-tracking reference point(s) on hv01.contoso.local that no backup needs any more']);
    const idle = tracking(ok('unused'));
    await idle.rct.retire(HOST, APP, [], [RCT_OS], idle.log);
    await idle.rct.retire(HOST, { id: "x' ; Remove-Item", name: 'bad' }, [PREVIOUS], [], idle.log);
    expect(idle.exec.calls).toHaveLength(0);
  });

  it('a reference point that could not be destroyed is E_WIN_RCT_RETIRE_FAILED with its code; a VM not found is nothing to do', async () => {
    const t = tracking(psJson({ Found: true, Destroyed: [], Failed: { InstanceId: 'Microsoft:APP01:RP:1', Code: 32774 } }));
    await expect(t.rct.retire(HOST, APP, [PREVIOUS], [], t.log)).rejects.toMatchObject({ code: 'E_WIN_RCT_RETIRE_FAILED', message: expect.stringMatching(/Microsoft:APP01:RP:1: in use/) });
    const gone = tracking(psJson({ Found: false, Destroyed: null, Failed: null }));
    await gone.rct.retire(HOST, APP, [PREVIOUS], [], gone.log);
    expect(gone.logs).toEqual([]);
  });
});

describe('WindowsPlatform with change tracking', () => {
  it('takes the reference points before DiskShadow starts, returns them with the snapshot, and asks the live disk for changes', async () => {
    const { session } = heldSession();
    const [prepare, ...rest] = createSteps(session);
    const exec = new ScriptedExecutor([
      ...inventorySteps(),
      prepare,
      {
        label: 'RCT reference points',
        program: 'powershell',
        server: HV01,
        script: golden('rct-reference-points.ps1'),
        reply: psJson([
          { VmId: APP01, Code: 0, InstanceId: 'Microsoft:APP01:RP:2', Disks: [{ Path: OS_DISK, RctId: RCT_OS }, { Path: DATA_DISK, RctId: RCT_DATA }] },
          { VmId: SQL01, Code: 32770, Error: 'not supported', Disks: [] },
        ]),
      },
      ...rest,
      { label: 'RCT changes', program: 'powershell', server: HV01, script: golden('rct-changes.ps1'), reply: psJson({ Code: 0, Offsets: [0, 8388608], Lengths: [4096, 2097152] }) },
    ]);
    const logs: string[] = [];
    const log: PlatformLog = (level, text) => logs.push(`${level}: ${text}`);
    const platform = new WindowsPlatform({ executor: exec, hosts: [HV01, HV02, HV03], servers: [PROXY], clock: new ManualClock() });
    const req = { snapshotId: 'snap-0001', hostId: 'hv01', volumeId: CSV1, vmIds: [APP01, SQL01], applicationConsistent: true, provider: 'hardware', changeTracking: true } as SnapshotRequest;
    const created = await platform.createSnapshot(req, log);
    expect(exec.labels().slice(4, 7)).toEqual(['prepare host folder + gate', 'RCT reference points', 'host session (DiskShadow create … exec gate … end backup)']);
    expect(created.references).toEqual([
      { vmId: APP01, diskIndex: 0, referenceId: RCT_OS },
      { vmId: APP01, diskIndex: 1, referenceId: RCT_DATA },
    ]);
    expect(logs).toContain('warning: SQL01: no RCT reference point (code 32770, not supported): its disks are read in full next time');

    expect(await platform.changedRanges(created, APP01, 0, PREVIOUS)).toEqual({ ranges: [{ offset: 0, length: 4096 }, { offset: 8388608, length: 2097152 }] });
    // no reference of SQL01 with this snapshot: nothing to ask, the disk is read in full
    expect(await platform.changedRanges(created, SQL01, 0, 'rctX:old')).toMatchObject({ ranges: null, reason: expect.stringMatching(/without an RCT reference point/) });
    expect(exec.unexpected).toEqual([]);
  });

  it('a VM running on another node than the CSV\'s owner: its reference point and its changes are asked where it runs', async () => {
    // SQL01 live-migrated to HV02; CSV1 (its disk) is still owned by HV01, which takes the snapshot.
    const hv01 = JSON.parse(transcript('facts-hv01.json')) as { Vms: Array<{ Id: string }> };
    const hv02 = JSON.parse(transcript('facts-hv02.pitfalls.json')) as { Vms: Array<{ Id: string }> };
    hv02.Vms.push(...hv01.Vms.filter((v) => v.Id === SQL01));
    hv01.Vms = hv01.Vms.filter((v) => v.Id !== SQL01);
    const facts = (f: unknown) => ok(`FERRY_JSON:${JSON.stringify(f)}\r\n`);
    const [f1, f2, ...otherFacts] = inventorySteps();
    const SQL_DISK = 'C:\\ClusterStorage\\Volume1\\VMs\\SQL01\\SQL01.vhdx';
    const RCT_SQL = 'rctX:6c3f1e40:0000000000000002:0';
    const { session } = heldSession();
    const [prepare, ...rest] = createSteps(session);
    const exec = new ScriptedExecutor([
      { ...f1, reply: facts(hv01) },
      { ...f2, reply: facts(hv02) },
      ...otherFacts,
      prepare,
      {
        label: 'RCT reference points on hv01',
        program: 'powershell',
        server: HV01,
        script: rctReferencePointsPs({ vmIds: [APP01] }),
        reply: psJson({ VmId: APP01, Code: 0, InstanceId: 'Microsoft:APP01:RP:2', Disks: [{ Path: OS_DISK, RctId: RCT_OS }, { Path: DATA_DISK, RctId: RCT_DATA }] }),
      },
      {
        label: 'RCT reference points on hv02',
        program: 'powershell',
        server: HV02,
        script: rctReferencePointsPs({ vmIds: [SQL01] }),
        reply: psJson({ VmId: SQL01, Code: 0, InstanceId: 'Microsoft:SQL01:RP:1', Disks: { Path: SQL_DISK, RctId: RCT_SQL } }),
      },
      ...rest,
      {
        label: 'RCT changes on hv02',
        program: 'powershell',
        server: HV02,
        script: (script) => script.includes(`$path = '${SQL_DISK}'; $limit = '${PREVIOUS}'`),
        reply: psJson({ Code: 0, Offsets: [4096], Lengths: [8192] }),
      },
    ]);
    const logs: string[] = [];
    const log: PlatformLog = (level, text) => logs.push(`${level}: ${text}`);
    const platform = new WindowsPlatform({ executor: exec, hosts: [HV01, HV02, HV03], servers: [PROXY], clock: new ManualClock() });
    const req = { snapshotId: 'snap-0001', hostId: 'hv01', volumeId: CSV1, vmIds: [APP01, SQL01], applicationConsistent: true, provider: 'hardware', changeTracking: true } as SnapshotRequest;
    const created = await platform.createSnapshot(req, log);
    expect(exec.labels().slice(4, 8)).toEqual(['prepare host folder + gate', 'RCT reference points on hv01', 'RCT reference points on hv02', 'host session (DiskShadow create … exec gate … end backup)']);
    expect(created.references).toEqual([
      { vmId: APP01, diskIndex: 0, referenceId: RCT_OS },
      { vmId: APP01, diskIndex: 1, referenceId: RCT_DATA },
      { vmId: SQL01, diskIndex: 0, referenceId: RCT_SQL },
    ]);
    expect(logs).toContain('info: SQL01: RCT reference point Microsoft:SQL01:RP:1 created on hv02.contoso.local');
    expect(await platform.changedRanges(created, SQL01, 0, PREVIOUS)).toEqual({ ranges: [{ offset: 4096, length: 8192 }] });
    expect(exec.calls.at(-1)).toMatchObject({ label: 'RCT changes on hv02', server: HV02 });
    expect(exec.unexpected).toEqual([]);
  });
});
