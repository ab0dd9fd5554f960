// The whole snapshot lifecycle through WindowsPlatform with a scripted executor: exact calls, exact scripts.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src-shared/contract/errors';
import { codeOf, harness, REQUEST, SET, SHADOW } from './testing/platform-harness';
import { ok, psJson } from './testing/scripted-executor';
import { APP01, cleanupStep, createSteps, exposeSteps, golden, heldSession, HV01, importSteps, inventorySteps, PROXY, SQL01, transcript } from './testing/test-support';

describe('WindowsPlatform end to end (scripted executor)', () => {
  it('create → import → expose → unexpose → delete: exact calls, exact scripts, idempotent cleanup', async () => {
    const { session, release } = heldSession();
    const h = harness([
      ...inventorySteps(),
      ...createSteps(session),
      ...importSteps(),
      ...exposeSteps(),
      { label: 'probe mount folder', program: 'powershell', server: PROXY, script: golden('mount-probe.ps1'), reply: psJson({ state: 'mounted' }) },
      { label: 'unexpose on proxy', program: 'diskshadow', server: PROXY, script: golden('unexpose.dsh'), reply: ok(transcript('proxy-unexpose.success.txt')) },
      { label: 'delete shadow set on proxy', program: 'diskshadow', server: PROXY, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) },
      release,
      cleanupStep('clean up host', HV01, ['dir']),
      cleanupStep('clean up proxy', PROXY, ['dir', 'mount']),
    ]);
    const { platform, exec, log, logs } = h;
    expect(platform.kind).toBe('windows');

    const created = await platform.createSnapshot(REQUEST, log);
    expect(created).toEqual({
      snapshotId: 'snap-0001',
      shadowIds: [SHADOW],
      provider: 'Pure Storage VSS Hardware Provider {781c006a-5829-4a25-81e3-d5e43bd005ab}',
      providerKind: 'hardware',
      metadataRef: 'hv01|C:\\ProgramData\\Ferry\\snapshots\\snap-0001\\snapshot.cab',
    });
    // the ids are logged (and on the host in created.txt) as soon as they are known, while the session is held
    expect(logs.at(-1)).toBe(`info: hv01.contoso.local: shadow copy ${SHADOW} created (set ${SET}); the VSS session stays open until the proxy is done`);

    await platform.importSnapshot(created, 'proxy01', log);
    const exposed = await platform.exposeSnapshot(created, 'proxy01', log);
    const root = 'C:\\ProgramData\\Ferry\\mounts\\snap-0001';
    expect(exposed).toEqual({
      root,
      disks: [
        { vmId: APP01, diskIndex: 0, path: `${root}\\VMs\\APP01\\Virtual Hard Disks\\APP01_OS_8D3F2A1B-4C5D-4E6F-9A0B-1C2D3E4F5A6B.avhdx` },
        { vmId: APP01, diskIndex: 1, path: `${root}\\VMs\\APP01\\Virtual Hard Disks\\APP01_Data.vhdx` },
        { vmId: SQL01, diskIndex: 0, path: `${root}\\VMs\\SQL01\\SQL01.vhdx` },
      ],
    });
    // the host session is still running: BackupComplete only after the proxy is done
    expect(exec.labels()).not.toContain('release gate');

    await platform.unexposeSnapshot('snap-0001', 'proxy01', log);
    await platform.deleteSnapshot('snap-0001', log);

    expect(exec.labels()).toEqual([
      'facts hv01',
      'facts hv02',
      'facts hv03',
      'facts proxy01',
      'prepare host folder + gate',
      'host session (DiskShadow create … exec gate … end backup)',
      'poll created.txt (not yet)',
      'poll created.txt (written)',
      'read .cab on host',
      'write .cab on proxy',
      'import on proxy',
      'prepare mount folder',
      'expose on proxy',
      'probe mount folder',
      'unexpose on proxy',
      'delete shadow set on proxy',
      'release gate',
      'clean up host',
      'clean up proxy',
    ]);
    exec.assertDone();
    expect(logs).toContain('info: hv01.contoso.local: backup completed (BackupComplete sent, VSS session closed)');
    expect(logs.at(-1)).toBe('info: Snapshot snap-0001: deleted');

    // idempotent: called again on every exit path, nothing more is run
    const before = exec.calls.length;
    await platform.unexposeSnapshot('snap-0001', 'proxy01', log);
    await platform.deleteSnapshot('snap-0001', log);
    await platform.deleteSnapshot('snap-0001', log);
    expect(exec.calls.length).toBe(before);
  });

  it('the poll interval comes from the clock, the session runs under the hold timeout', async () => {
    const { session } = heldSession();
    const h = harness([...inventorySteps(), ...createSteps(session)], { pollIntervalMs: 1500, timeouts: { holdMs: 24 * 3_600_000 } });
    await h.platform.createSnapshot(REQUEST, h.log);
    expect(h.clock.sleeps).toEqual([1500]);
    expect(h.exec.calls[5]).toMatchObject({ program: 'diskshadow', timeoutMs: 24 * 3_600_000 });
  });

  it('createSnapshot with the same id while it is held returns the same snapshot; after a failure it is a conflict', async () => {
    const { session } = heldSession();
    const h = harness([...inventorySteps(), ...createSteps(session)]);
    const a = await h.platform.createSnapshot(REQUEST, h.log);
    expect(await h.platform.createSnapshot(REQUEST, h.log)).toEqual(a);

    const veto = harness([
      ...inventorySteps(),
      { label: 'prepare', program: 'powershell', server: HV01, reply: psJson({ prepared: true }) },
      { label: 'session', program: 'diskshadow', server: HV01, reply: ok(transcript('host-create.provider-veto.txt')) },
      { label: 'poll', program: 'powershell', server: HV01, reply: psJson({ created: null }), times: Infinity },
    ]);
    await codeOf(veto.platform.createSnapshot(REQUEST, veto.log));
    expect(await codeOf(veto.platform.createSnapshot(REQUEST, veto.log))).toBe(ErrorCode.Conflict);
  });
});
