import { describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { CreatedSnapshot, PlatformLog, SnapshotRequest } from '../types';
import { WinCode } from './error-codes';
import type { ExecResult } from './exec/executor';
import { deleteShadowsScript, exposeScript, listShadowsScript } from './snapshot/dsh-scripts';
import { listFerryRecordsPs, mountPointStatePs, removeWorkPs } from './snapshot/ps-scripts';
import { serverFactsPs } from './discovery/ps-server-facts';
import { ScriptedExecutor, ok, psJson, type ScriptedStep } from './testing/scripted-executor';
import {
  APP01,
  CAB,
  CSV1,
  HV01,
  HV02,
  HV03,
  PATHS,
  PROXY,
  SCENARIO,
  SQL01,
  ManualClock,
  cleanupStep,
  createSteps,
  deferred,
  exposeSteps,
  factsStdout,
  golden,
  heldSession,
  importSteps,
  inventorySteps,
  transcript,
} from './testing/test-support';
import type { AgentDeployer } from './agent/proxy-admin';
import type { WindowsPlatformOptions } from './platform-options';
import { WindowsPlatform } from './windows-platform';
import { WinRmAgentDeployer } from './agent/agent-deployer';
import { MemorySecrets, deployReply, makeAgentPackage, type SeenPairing } from './testing/agent-test-support';

const CSV2 = 'csv-6a4b0d2f-8e3c-4f70-ab19-4d5e6f708192';
const SPAN01 = '6c5d4e3f-8071-4293-bdac-3f4a5b6c7d8e';
const { shadowId: SHADOW, setId: SET } = SCENARIO;

const REQUEST: SnapshotRequest = { snapshotId: 'snap-0001', hostId: 'hv01', volumeId: CSV1, vmIds: [APP01, SQL01], applicationConsistent: true, provider: 'hardware' };
const HOST_SCRIPT = golden('host-create.app-consistent.dsh');

interface Harness {
  exec: ScriptedExecutor;
  platform: WindowsPlatform;
  logs: string[];
  log: PlatformLog;
  clock: ManualClock;
}

function harness(steps: ScriptedStep[], options: Partial<WindowsPlatformOptions> = {}): Harness {
  const exec = new ScriptedExecutor(steps);
  const clock = new ManualClock();
  const logs: string[] = [];
  const platform = new WindowsPlatform({ executor: exec, hosts: [HV01, HV02, HV03], servers: [PROXY], clock, ...options });
  return { exec, platform, logs, log: (level, text) => logs.push(`${level}: ${text}`), clock };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
  if (!(e instanceof FerryError)) throw e;
  return e.code;
}

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

describe('WindowsPlatform failures map to stable codes', () => {
  function failedCreate(sessionReply: ExecResult): Harness {
    return harness([
      ...inventorySteps(),
      { label: 'prepare', program: 'powershell', server: HV01, script: golden('prepare-host.ps1'), reply: psJson({ prepared: true }) },
      { label: 'session', program: 'diskshadow', server: HV01, script: HOST_SCRIPT, reply: sessionReply },
      { label: 'poll', program: 'powershell', server: HV01, script: golden('read-gate-state.ps1'), reply: psJson({ created: null }), times: Infinity },
    ]);
  }

  // The engine acts on E_HW_PROVIDER_FAILED (software-provider fallback) and E_WRITER_FAILED (naming no VM of a set
  // of several: DiskShadow does not say which component failed, so the engine retakes each VM alone); the VSS code
  // stays in the details.
  it.each([
    ['host-create.provider-veto.txt', 'E_HW_PROVIDER_FAILED', '0x80042306', 'E_VSS_PROVIDER_VETO'],
    ['host-create.provider-not-registered.txt', 'E_HW_PROVIDER_FAILED', '0x80042304', 'E_VSS_PROVIDER_NOT_REGISTERED'],
    ['host-create.unexpected-provider-error.txt', 'E_HW_PROVIDER_FAILED', '0x8004230F', 'E_VSS_UNEXPECTED_PROVIDER_ERROR'],
    ['host-create.not-supported-by-provider.txt', 'E_HW_PROVIDER_FAILED', '0x8004230E', 'E_VSS_VOLUME_NOT_SUPPORTED_BY_PROVIDER'],
    ['host-create.hold-writes-timeout.txt', 'E_VSS_HOLD_WRITES_TIMEOUT', '0x80042314', undefined],
    ['host-create.writer-retryable.txt', 'E_WRITER_FAILED', '0x800423F3', 'E_VSS_WRITER_RETRYABLE'],
    ['host-create.writer-partial-failure.txt', 'E_WRITER_FAILED', '0x80042336', 'E_VSS_WRITER_PARTIAL_FAILURE'],
  ])('create: %s → %s', async (file, code, hresult, vssCode) => {
    const h = failedCreate(ok(transcript(file)));
    const err = (await h.platform.createSnapshot(REQUEST, h.log).catch((e: unknown) => e)) as FerryError;
    expect(err.code).toBe(code);
    expect(err.details).toMatchObject({ hresult, server: 'hv01.contoso.local', step: 'Snapshot', hint: expect.any(String) });
    if (vssCode) expect(err.details).toMatchObject({ vssCode });
    if (code === 'E_WRITER_FAILED') expect(err.details).toMatchObject({ vmIds: [] });

    // cleanup after a failed create: no shadow ids → no DiskShadow delete, only the folder
    h.exec.expect(cleanupStep('clean up host', HV01, ['dir']));
    await h.platform.deleteSnapshot('snap-0001', h.log);
    h.exec.assertDone();
    expect(h.exec.calls.filter((c) => c.program === 'diskshadow')).toHaveLength(1);
  });

  it('create: DiskShadow exits after create without reaching the gate → E_WIN_SESSION_ENDED, ids kept for cleanup', async () => {
    const h = failedCreate(ok(transcript('host-create.aborted.txt')));
    const err = (await h.platform.createSnapshot(REQUEST, h.log).catch((e: unknown) => e)) as FerryError;
    expect(err.code).toBe(WinCode.SessionEnded);
    expect(err.details).toMatchObject({ shadowIds: [SHADOW] });
    // never imported: deleted where it was made, in a fresh session
    h.exec
      .expect({ label: 'delete on host', program: 'diskshadow', server: HV01, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) })
      .expect(cleanupStep('clean up host', HV01, ['dir']));
    await h.platform.deleteSnapshot('snap-0001', h.log);
    h.exec.assertDone();
  });

  it('create: the gate never reports → abort flag, E_WIN_CREATE_TIMEOUT, ids read from the transcript, host-side delete', async () => {
    const released = deferred<void>();
    const h = harness(
      [
        ...inventorySteps(),
        { label: 'prepare', program: 'powershell', server: HV01, script: golden('prepare-host.ps1'), reply: psJson({ prepared: true }) },
        {
          label: 'session',
          program: 'diskshadow',
          server: HV01,
          script: HOST_SCRIPT,
          reply: async () => {
            await released.promise;
            return ok(transcript('host-create.aborted.txt'));
          },
        },
        { label: 'poll', program: 'powershell', server: HV01, script: golden('read-gate-state.ps1'), reply: psJson({ created: null }), times: 6 },
        {
          label: 'abort gate',
          program: 'powershell',
          server: HV01,
          script: golden('signal-abort.ps1'),
          reply: () => {
            released.resolve();
            return psJson({ state: 'signalled' });
          },
        },
      ],
      { timeouts: { createMs: 10_000 } },
    );
    expect(await codeOf(h.platform.createSnapshot(REQUEST, h.log))).toBe(WinCode.CreateTimeout);
    expect(h.exec.labels().filter((l) => l === 'poll')).toHaveLength(6);
    expect(h.logs.at(-1)).toBe(`warning: hv01.contoso.local: snapshot session aborted; shadow copy ${SHADOW} will be deleted`);
    h.exec
      .expect({ label: 'delete on host', program: 'diskshadow', server: HV01, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) })
      .expect(cleanupStep('clean up host', HV01, ['dir']));
    await h.platform.deleteSnapshot('snap-0001', h.log);
    h.exec.assertDone();
  });

  it('create: the gate ran but DiskShadow exported no ids → E_WIN_GATE_NO_IDS after abort, ids from the transcript', async () => {
    const released = deferred<void>();
    const h = harness([
      ...inventorySteps(),
      { label: 'prepare', program: 'powershell', server: HV01, reply: psJson({ prepared: true }) },
      { label: 'session', program: 'diskshadow', server: HV01, reply: () => released.promise.then(() => ok(transcript('host-create.aborted.txt'))) },
      { label: 'poll', program: 'powershell', server: HV01, script: golden('read-gate-state.ps1'), reply: psJson({ created: transcript('gate-created.no-env.txt') }) },
      { label: 'abort', program: 'powershell', server: HV01, script: golden('signal-abort.ps1'), reply: () => (released.resolve(), psJson({ state: 'signalled' })) },
    ]);
    const err = (await h.platform.createSnapshot(REQUEST, h.log).catch((e: unknown) => e)) as FerryError;
    expect(err.code).toBe(WinCode.GateNoIds);
    expect(err.details).toMatchObject({ shadowIds: [SHADOW] });
    h.exec.assertDone();
  });

  it('create: refuses before touching the host when the request cannot work', async () => {
    const h = harness(inventorySteps());
    expect(await codeOf(h.platform.createSnapshot({ ...REQUEST, volumeId: 'csv-nope' }, h.log))).toBe(WinCode.UnknownVolume);
    expect(await codeOf(h.platform.createSnapshot({ ...REQUEST, hostId: 'hv99' }, h.log))).toBe(WinCode.UnknownServer);
    expect(await codeOf(h.platform.createSnapshot({ ...REQUEST, vmIds: ['00000000-0000-0000-0000-000000000000'] }, h.log))).toBe(WinCode.UnknownVm);
    // SPAN01 has a disk on CSV1 and one on CSV2: the Hyper-V writer would silently leave it out
    expect(await codeOf(h.platform.createSnapshot({ ...REQUEST, hostId: 'hv02', volumeId: CSV2, vmIds: [SPAN01] }, h.log))).toBe(WinCode.VmSpansVolumes);
    h.exec.assertDone();
  });

  it('create: a host without a hardware provider → E_HW_PROVIDER_FAILED (the engine may fall back to software)', async () => {
    const facts = JSON.parse(transcript('facts-hv03.json')) as { Providers: Array<{ Type: number }> };
    facts.Providers = facts.Providers.filter((p) => p.Type !== 3);
    const steps = inventorySteps();
    steps[2] = { ...steps[2], reply: psJson(facts) };
    const h = harness(steps);
    const inv = await h.platform.inventory();
    expect(inv.hosts.find((x) => x.id === 'hv03')?.vssHardwareProvider).toBeNull();
    const req = { ...REQUEST, hostId: 'hv03', volumeId: 'vol-7b5c1e30-9f4d-4081-bc2a-5e6f708192a3', vmIds: ['8e7f6051-a293-44b5-dfce-5b6c7d8e9fa0'] };
    const err = (await h.platform.createSnapshot(req, h.log).catch((e: unknown) => e)) as FerryError;
    expect(err).toMatchObject({ code: ErrorCode.HardwareProviderFailed, details: { winCode: WinCode.NoHardwareProvider, step: 'Snapshot' } });
    expect(err.message).toMatch(/has no VSS hardware provider; a transportable snapshot of .* is not possible\.$/);
  });

  async function createdOn(extra: ScriptedStep[]): Promise<Harness & { snap: CreatedSnapshot; release: ScriptedStep }> {
    const { session, release } = heldSession();
    const h = harness([...inventorySteps(), ...createSteps(session), ...extra]);
    const snap = await h.platform.createSnapshot(REQUEST, h.log);
    return { ...h, snap, release };
  }

  it.each([
    ['proxy-import.no-snapshots-imported.txt', 'E_VSS_NO_SNAPSHOTS_IMPORTED'],
    ['proxy-import.some-not-imported.txt', 'E_VSS_SOME_SNAPSHOTS_NOT_IMPORTED'],
    ['proxy-import.corrupt-cab.txt', 'E_VSS_CORRUPT_XML_DOCUMENT'],
    ['proxy-import.empty-listing.txt', 'E_VSS_NO_SNAPSHOTS_IMPORTED'],
  ])('import: %s → %s; cleanup tries the proxy, then deletes on the host', async (file, code) => {
    const h = await createdOn(importSteps(file));
    expect(await codeOf(h.platform.importSnapshot(h.snap, 'proxy01', h.log))).toBe(code);
    h.exec
      .expect({ label: 'delete on proxy (not there)', program: 'diskshadow', server: PROXY, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.object-not-found.txt')) })
      .expect(h.release)
      .expect({ label: 'delete on host', program: 'diskshadow', server: HV01, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) })
      .expect(cleanupStep('clean up host', HV01, ['dir']))
      .expect(cleanupStep('clean up proxy', PROXY, ['dir']));
    await h.platform.deleteSnapshot('snap-0001', h.log);
    h.exec.assertDone();
  });

  it('import: a damaged .cab is refused before it reaches the proxy → E_WIN_BAD_CAB', async () => {
    const h = await createdOn([{ label: 'read .cab', program: 'powershell', server: HV01, reply: psJson({ ...CAB, sha256: '00'.repeat(32) }) }]);
    expect(await codeOf(h.platform.importSnapshot(h.snap, 'proxy01', h.log))).toBe(WinCode.BadCab);
    h.exec.assertDone();
  });

  it('import: never on a node of the CSV\'s cluster → E_WIN_IMPORT_ON_CLUSTER_NODE, nothing run', async () => {
    const h = await createdOn([]);
    expect(await codeOf(h.platform.importSnapshot(h.snap, 'hv02', h.log))).toBe(WinCode.ImportOnClusterNode);
    // on-host processing of a CSV: expose on its own host needs an import there, which the cluster forbids
    expect(await codeOf(h.platform.exposeSnapshot(h.snap, 'hv01', h.log))).toBe(WinCode.ImportOnClusterNode);
    h.exec.assertDone();
  });

  it('import twice on the same proxy is a no-op; on another server it is refused', async () => {
    const h = await createdOn(importSteps());
    await h.platform.importSnapshot(h.snap, 'proxy01', h.log);
    await h.platform.importSnapshot(h.snap, 'proxy01', h.log);
    expect(await codeOf(h.platform.importSnapshot(h.snap, 'hv03', h.log))).toBe(WinCode.AlreadyImported);
    expect(await codeOf(h.platform.exposeSnapshot(h.snap, 'hv03', h.log))).toBe(WinCode.NotImported);
    h.exec.assertDone();
  });

  it('expose: VSS_E_OBJECT_NOT_FOUND → E_VSS_OBJECT_NOT_FOUND; a folder with files → E_WIN_MOUNT_POINT_BUSY', async () => {
    const h = await createdOn([...importSteps(), ...exposeSteps('proxy-expose.object-not-found.txt')]);
    await h.platform.importSnapshot(h.snap, 'proxy01', h.log);
    expect(await codeOf(h.platform.exposeSnapshot(h.snap, 'proxy01', h.log))).toBe('E_VSS_OBJECT_NOT_FOUND');
    h.exec.expect({ label: 'mount folder has files', program: 'powershell', server: PROXY, script: golden('mount-prepare.ps1'), reply: psJson({ state: 'not-empty' }) });
    expect(await codeOf(h.platform.exposeSnapshot(h.snap, 'proxy01', h.log))).toBe(WinCode.MountPointBusy);
    h.exec.assertDone();
  });

  it('unexpose: "not found" from DiskShadow counts as done; an absent mount runs no DiskShadow', async () => {
    const h = await createdOn([...importSteps(), ...exposeSteps()]);
    await h.platform.importSnapshot(h.snap, 'proxy01', h.log);
    await h.platform.exposeSnapshot(h.snap, 'proxy01', h.log);
    h.exec
      .expect({ label: 'probe', program: 'powershell', server: PROXY, script: golden('mount-probe.ps1'), reply: psJson({ state: 'mounted' }) })
      .expect({ label: 'unexpose (gone)', program: 'diskshadow', server: PROXY, script: golden('unexpose.dsh'), reply: ok(transcript('proxy-unexpose.object-not-found.txt')) });
    await h.platform.unexposeSnapshot('snap-0001', 'proxy01', h.log);
    h.exec.assertDone();

    const fresh = harness([{ label: 'probe', program: 'powershell', server: PROXY, script: mountPointStatePs({ mountPoint: PATHS.mountPoint, create: false }), reply: psJson({ state: 'absent' }) }]);
    await fresh.platform.unexposeSnapshot('snap-0001', 'proxy01', fresh.log);
    fresh.exec.assertDone();
    expect(fresh.logs).toEqual(['info: proxy01.contoso.local: snapshot snap-0001 is not exposed (no mount folder)']);
  });

  it('delete: a provider error on the proxy is reported, nothing is removed, and a retry finishes the job', async () => {
    const h = await createdOn(importSteps());
    await h.platform.importSnapshot(h.snap, 'proxy01', h.log);
    h.exec
      .expect({ label: 'delete on proxy (fails)', program: 'diskshadow', server: PROXY, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.provider-error.txt')) })
      .expect(h.release);
    expect(await codeOf(h.platform.deleteSnapshot('snap-0001', h.log))).toBe('E_VSS_UNEXPECTED_PROVIDER_ERROR');
    h.exec.assertDone();
    expect(h.logs.at(-1)).toMatch(/^error: Snapshot snap-0001: cleanup incomplete/);

    h.exec
      .expect({ label: 'delete on proxy (retry)', program: 'diskshadow', server: PROXY, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) })
      .expect(cleanupStep('clean up host', HV01, ['dir']))
      .expect(cleanupStep('clean up proxy', PROXY, ['dir']));
    await h.platform.deleteSnapshot('snap-0001', h.log);
    h.exec.assertDone();
  });

  it('delete: a failing "end backup" is a warning, not a failed cleanup', async () => {
    const { session, release } = heldSession('host-create.end-backup-failed.txt');
    const h = harness([
      ...inventorySteps(),
      ...createSteps(session),
      release,
      { label: 'delete on host', program: 'diskshadow', server: HV01, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) },
      cleanupStep('clean up host', HV01, ['dir']),
    ]);
    await h.platform.createSnapshot(REQUEST, h.log);
    await h.platform.deleteSnapshot('snap-0001', h.log);
    h.exec.assertDone();
    expect(h.logs).toContain(
      'warning: hv01.contoso.local: "end backup" failed (End backup on hv01.contoso.local failed: VSS reported an unexpected internal failure (VSS_E_UNEXPECTED, 0x80042302).); the VMs\' backup state was not marked complete',
    );
  });
});

describe('WindowsPlatform cleanup edge cases', () => {
  it('deleteSnapshot while create is still running: the session is aborted, its ids read, the set deleted on the host', async () => {
    const released = deferred<void>();
    const firstPoll = deferred<void>();
    const h = harness([
      ...inventorySteps(),
      { label: 'prepare', program: 'powershell', server: HV01, script: golden('prepare-host.ps1'), reply: psJson({ prepared: true }) },
      { label: 'session', program: 'diskshadow', server: HV01, script: HOST_SCRIPT, reply: () => released.promise.then(() => ok(transcript('host-create.aborted.txt'))) },
      { label: 'poll', program: 'powershell', server: HV01, script: golden('read-gate-state.ps1'), reply: () => (firstPoll.resolve(), psJson({ created: null })), times: Infinity },
      { label: 'abort gate', program: 'powershell', server: HV01, script: golden('signal-abort.ps1'), reply: () => (released.resolve(), psJson({ state: 'signalled' })) },
      { label: 'delete on host', program: 'diskshadow', server: HV01, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) },
      cleanupStep('clean up host', HV01, ['dir']),
    ]);
    const creating = h.platform.createSnapshot(REQUEST, h.log).catch((e: unknown) => e);
    await firstPoll.promise;
    await h.platform.deleteSnapshot('snap-0001', h.log);
    expect((await creating) as FerryError).toMatchObject({ code: WinCode.SessionEnded });
    expect(h.exec.labels().filter((l) => l !== 'poll').slice(-3)).toEqual(['abort gate', 'delete on host', 'clean up host']);
    h.exec.assertDone();
  });

  it('an import that failed on one proxy and was retried on another is cleaned up on both', async () => {
    const { session, release } = heldSession();
    const proxy02 = 'proxy02.contoso.local';
    const h = harness(
      [
        ...inventorySteps(),
        { label: 'facts proxy02', program: 'powershell', server: proxy02, reply: ok(factsStdout('facts-proxy01.json').replace(/PROXY01/g, 'PROXY02')) },
        ...createSteps(session),
        ...importSteps('proxy-import.no-snapshots-imported.txt'),
        { label: 'read .cab again', program: 'powershell', server: HV01, script: golden('read-cab.ps1'), reply: psJson(CAB) },
        { label: 'write .cab on proxy02', program: 'powershell', server: proxy02, script: golden('write-proxy-cab.ps1'), reply: psJson({ length: CAB.length }) },
        { label: 'import on proxy02', program: 'diskshadow', server: proxy02, script: golden('proxy-import.dsh'), reply: ok(transcript('proxy-import.success.txt')) },
        { label: 'delete on proxy02', program: 'diskshadow', server: proxy02, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) },
        { label: 'delete on proxy01 (nothing)', program: 'diskshadow', server: PROXY, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.object-not-found.txt')) },
        release,
        cleanupStep('clean up host', HV01, ['dir']),
        cleanupStep('clean up proxy02', proxy02, ['dir']),
        cleanupStep('clean up proxy01', PROXY, ['dir']),
      ],
      { servers: [PROXY, proxy02] },
    );
    await h.platform.inventory();
    const snap = await h.platform.createSnapshot(REQUEST, h.log);
    expect(await codeOf(h.platform.importSnapshot(snap, 'proxy01', h.log))).toBe('E_VSS_NO_SNAPSHOTS_IMPORTED');
    await h.platform.importSnapshot(snap, 'proxy02', h.log);
    await h.platform.deleteSnapshot('snap-0001', h.log);
    h.exec.assertDone();
  });
});

describe('WindowsPlatform after a console restart', () => {
  const hostRecord = { folder: 'snap-0001', record: JSON.stringify(SCENARIO.hostRecord), created: transcript('gate-created.txt') };
  const proxyRecord = { folder: 'snap-0001', record: JSON.stringify(SCENARIO.proxyRecord), created: null };
  const scan = (label: string, server: string, records: unknown[]): ScriptedStep => ({
    label,
    program: 'powershell',
    server,
    script: listFerryRecordsPs({ snapshotsRoot: 'C:\\ProgramData\\Ferry\\snapshots' }),
    reply: psJson(records),
  });

  it('deleteSnapshot rebuilds the state from the records on the servers and cleans up everywhere', async () => {
    const h = harness([
      scan('records hv01', HV01, [hostRecord]),
      scan('records hv02', HV02, []),
      scan('records hv03', HV03, []),
      scan('records proxy01', PROXY, [proxyRecord]),
      // what was exposed before the crash is unknown: every server with a record gets its mount folder probed
      { label: 'probe mount hv01', program: 'powershell', server: HV01, script: golden('mount-probe.ps1'), reply: psJson({ state: 'absent' }) },
      { label: 'probe mount proxy01', program: 'powershell', server: PROXY, script: golden('mount-probe.ps1'), reply: psJson({ state: 'mounted' }) },
      { label: 'unexpose proxy01', program: 'diskshadow', server: PROXY, script: golden('unexpose.dsh'), reply: ok(transcript('proxy-unexpose.success.txt')) },
      { label: 'delete on proxy', program: 'diskshadow', server: PROXY, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) },
      { label: 'release orphaned gate', program: 'powershell', server: HV01, script: golden('signal-release.ps1'), reply: psJson({ state: 'signalled' }) },
      { label: 'clean up host', program: 'powershell', server: HV01, script: removeWorkPs({ dir: PATHS.dir, mountPoint: PATHS.mountPoint }), reply: psJson({ removed: ['dir'], kept: [] }) },
      cleanupStep('clean up proxy', PROXY, ['dir', 'mount']),
    ]);
    await h.platform.deleteSnapshot('snap-0001', h.log);
    h.exec.assertDone();
  });

  it('deleteSnapshot of an id no server knows does nothing more than look', async () => {
    const h = harness([scan('a', HV01, []), scan('b', HV02, []), scan('c', HV03, []), scan('d', PROXY, [])]);
    await h.platform.deleteSnapshot('snap-0001', h.log);
    h.exec.assertDone();
    expect(h.logs).toEqual(['info: Snapshot snap-0001: nothing left on any known server']);
  });

  it('listLeftovers joins Ferry\'s records with what VSS still lists on each server', async () => {
    const h = harness([
      scan('records hv01', HV01, [hostRecord, { folder: 'orphan-folder', record: null, created: null }]),
      scan('records hv02', HV02, []),
      scan('records hv03', HV03, []),
      scan('records proxy01', PROXY, [proxyRecord]),
      { label: 'list shadows hv01', program: 'diskshadow', server: HV01, script: listShadowsScript(), reply: ok('-> list shadows all\r\n\r\nNumber of shadow copies listed: 0\r\n') },
      { label: 'list shadows proxy01', program: 'diskshadow', server: PROXY, script: listShadowsScript(), reply: ok(transcript('list-shadows-all.txt')) },
    ]);
    expect(await h.platform.listLeftovers()).toEqual([
      { snapshotId: 'snap-0001', shadowIds: [], where: 'hv01' },
      { snapshotId: 'orphan-folder', shadowIds: [], where: 'hv01' },
      { snapshotId: 'snap-0001', shadowIds: [SHADOW], where: 'proxy01' },
    ]);
    h.exec.assertDone();
  });
});

describe('WindowsPlatform inventory and proxies', () => {
  it('inventory goes on without an unreachable host and says so', async () => {
    const steps = inventorySteps();
    steps[2] = { ...steps[2], reply: { exitCode: 1, stdout: '', stderr: 'FERRY_REMOTING_ERROR:-2144108526:WinRM cannot complete the operation.\r\n' } };
    const h = harness(steps);
    const inv = await h.platform.inventory();
    expect(inv.hosts.map((x) => x.id)).toEqual(['hv01', 'hv02', 'proxy01']);
    expect(h.platform.windowsInventory()?.warnings[0]).toMatch(/^hv03\.contoso\.local: not inventoried \(Inventory: cannot reach hv03\.contoso\.local over WinRM/);
  });

  it('inventory fails with the reason when no server answers', async () => {
    const down = { exitCode: 1, stdout: '', stderr: 'FERRY_REMOTING_ERROR:5:Access is denied.\r\n' };
    const h = harness(inventorySteps().map((s) => ({ ...s, reply: down })));
    expect(await codeOf(h.platform.inventory())).toBe(WinCode.AccessDenied);
  });

  it('checkProxy: inventory, then one probe of the server', async () => {
    const h = harness([
      ...inventorySteps(),
      { label: 'probe proxy01', program: 'powershell', server: PROXY, script: serverFactsPs({ includeVms: false }), reply: ok(factsStdout('facts-proxy01.json')) },
    ]);
    const checks = await h.platform.checkProxy('proxy01');
    expect(checks.every((c) => c.status === 'pass')).toBe(true);
    expect(checks.filter((c) => c.volumeId).map((c) => c.volumeId)).toHaveLength(6);
    h.exec.assertDone();
  });

  it('checkProxy of an unreachable new server: reachability fails with the reason and fix', async () => {
    const h = harness([
      ...inventorySteps(),
      { label: 'probe proxy02', program: 'powershell', server: 'proxy02.contoso.local', reply: { exitCode: 1, stdout: '', stderr: 'FERRY_REMOTING_ERROR:53:The network path was not found.\r\n' } },
    ]);
    const checks = await h.platform.checkProxy('proxy02.contoso.local');
    expect(checks[0]).toMatchObject({ id: 'reachable', status: 'fail', reason: expect.stringMatching(/cannot reach proxy02\.contoso\.local/), fix: expect.stringMatching(/WinRM/) });
  });

  it('installProxy refuses a proxy that fails a requirement, and without an agent package', async () => {
    const notAdmin = ok(factsStdout('facts-proxy01.json').replace('"IsAdmin":true', '"IsAdmin":false'));
    const notReady = harness([...inventorySteps(), { ...inventorySteps()[3], label: 'probe proxy01', reply: notAdmin }]);
    expect(await codeOf(notReady.platform.installProxy('proxy01', notReady.log))).toBe(ErrorCode.ProxyNotReady);

    const noAgent = harness([...inventorySteps(), { ...inventorySteps()[3], label: 'probe proxy01' }]);
    const refused = await noAgent.platform.installProxy('proxy01', noAgent.log).catch((e: unknown) => e as FerryError);
    expect(refused).toMatchObject({ code: WinCode.NotImplemented, details: { hint: expect.stringMatching(/npm run dist:agent.*"agentPackage".*--agent-package/) } });
    expect(await noAgent.platform.agentEndpoint('proxy01')).toBeNull();
  });

  it('installProxy with an agent deployer: checks, prepares the folders, deploys; uninstall refuses while busy', async () => {
    const installed: string[] = [];
    const deployer: AgentDeployer = {
      install: async (t) => void installed.push(t.name),
      uninstall: async (t) => void installed.splice(installed.indexOf(t.name), 1),
      endpoint: async (t) => ({ serverId: t.id, serverName: t.name, host: t.name, port: 6262, certPem: 'PEM', fingerprint256: 'AA:BB', token: 'tok' }),
    };
    const h = harness(
      [
        ...inventorySteps(),
        { ...inventorySteps()[3], label: 'probe proxy01' },
        { label: 'prepare proxy', program: 'powershell', server: PROXY, script: /proxy\.json/, reply: psJson({ prepared: true }) },
        { label: 'unprepare (busy)', program: 'powershell', server: PROXY, script: golden('unprepare-proxy.ps1'), reply: psJson({ busy: 'snap-0001', removed: false }) },
        { label: 'unprepare', program: 'powershell', server: PROXY, script: golden('unprepare-proxy.ps1'), reply: psJson({ busy: [], removed: true }) },
      ],
      { agentDeployer: deployer },
    );
    await h.platform.installProxy('proxy01', h.log);
    expect(installed).toEqual([PROXY]);
    expect(await h.platform.agentEndpoint('proxy01')).toMatchObject({ serverId: 'proxy01', host: PROXY, port: 6262 });
    expect(await codeOf(h.platform.uninstallProxy('proxy01', h.log))).toBe(ErrorCode.ProxyInUse);
    await h.platform.uninstallProxy('proxy01', h.log);
    expect(installed).toEqual([]);
    h.exec.assertDone();
  });

  it('installProxy with the WinRM agent deployer: prepares, deploys over one session, pairs; agentEndpoint is the stored endpoint', async () => {
    const seen: SeenPairing[] = [];
    const secrets = new MemorySecrets();
    const exec = new ScriptedExecutor([
      ...inventorySteps(),
      { ...inventorySteps()[3], label: 'probe proxy01' },
      { label: 'prepare proxy', program: 'powershell', server: PROXY, script: /proxy\.json/, reply: psJson({ prepared: true }) },
      { label: 'deploy agent (local script, session to proxy01)', program: 'powershell', server: undefined, script: /New-PSSession @ferryParams/, reply: deployReply({ seen }) },
      { label: 'unprepare', program: 'powershell', server: PROXY, script: golden('unprepare-proxy.ps1'), reply: psJson({ busy: [], removed: true }) },
      { label: 'uninstall agent', program: 'powershell', server: PROXY, script: golden('uninstall-agent.ps1'), reply: psJson({ installer: 'C:\\ProgramData\\Ferry\\agent-package\\0.9.0\\install-agent.ps1', lines: ['Removed the service FerryAgent'], serviceLeft: false, removed: true }) },
    ]);
    const deployer = new WinRmAgentDeployer({ executor: exec, secrets, packageDir: makeAgentPackage('0.9.0'), version: '0.9.0' });
    const h = harness([], { executor: exec, agentDeployer: deployer });
    expect(await h.platform.agentEndpoint('proxy01')).toBeNull();
    await h.platform.installProxy('proxy01', h.log);
    expect(seen[0].call.credentialFor).toBe(PROXY);
    const endpoint = await h.platform.agentEndpoint('proxy01');
    expect(endpoint).toEqual({ serverId: 'proxy01', serverName: PROXY, host: PROXY, port: 6170, certPem: seen[0].certPem, fingerprint256: seen[0].fingerprint256, token: seen[0].token });
    expect(h.logs.at(-1)).toBe(`info: ${PROXY}: paired with the Ferry agent 0.9.0 (TCP 6170, certificate SHA-256 ${seen[0].fingerprint256})`);
    expect(h.logs.join('\n')).not.toContain(seen[0].token);

    await h.platform.uninstallProxy('proxy01', h.log);
    expect(await h.platform.agentEndpoint('proxy01')).toBeNull();
    expect(secrets.values.size).toBe(0);
    exec.assertDone();
  });
});

describe('WindowsPlatform: the Microsoft software provider (on-host only)', () => {
  const SW_SHADOW = '{2b7e4c1a-8d3f-4a6b-9c2e-5f1d0a7b3e84}';
  const SW_SET = '{7a1c9e3b-4f2d-4b8a-8e6c-1d3f5a7b9c20}';
  const SOFTWARE: SnapshotRequest = { ...REQUEST, provider: 'software' };
  const softwareRecord = (script: string) => script.includes('"providerId":"{b5946137-7b9f-4925-af80-51abd60b20d5}"') && script.includes('snapshot.json');

  /** prepare (record names the software provider), the held software session, the gate's ids; and its release */
  function softwareSession(finalTranscript = 'host-create.software.success.txt'): { steps: ScriptedStep[]; release: ScriptedStep } {
    const released = deferred<void>();
    return {
      steps: [
        { label: 'prepare host folder + gate', program: 'powershell', server: HV01, script: softwareRecord, reply: psJson({ prepared: true }) },
        {
          label: 'host session (software create … exec gate … end backup)',
          program: 'diskshadow',
          server: HV01,
          script: golden('host-create.software.dsh'),
          reply: async () => {
            await released.promise;
            return ok(transcript(finalTranscript));
          },
        },
        { label: 'poll created.txt (written)', program: 'powershell', server: HV01, script: golden('read-gate-state.ps1'), reply: psJson({ created: transcript('gate-created.software.txt') }) },
      ],
      release: {
        label: 'release gate',
        program: 'powershell',
        server: HV01,
        script: golden('signal-release.ps1'),
        reply: () => {
          released.resolve();
          return psJson({ state: 'signalled' });
        },
      },
    };
  }

  it('create → expose on its own host without import → unexpose → delete on the host', async () => {
    const { steps, release } = softwareSession();
    const h = harness([
      ...inventorySteps(),
      ...steps,
      { label: 'prepare mount folder on host', program: 'powershell', server: HV01, script: golden('mount-prepare.ps1'), reply: psJson({ state: 'created' }) },
      { label: 'expose on host', program: 'diskshadow', server: HV01, script: exposeScript({ label: 'snapshot snap-0001', exposures: [{ shadowId: SW_SHADOW, mountPoint: PATHS.mountPoint }] }), reply: ok(transcript('host-expose.software.success.txt')) },
      { label: 'probe mount folder on host', program: 'powershell', server: HV01, script: golden('mount-probe.ps1'), reply: psJson({ state: 'mounted' }) },
      { label: 'unexpose on host', program: 'diskshadow', server: HV01, script: golden('unexpose.dsh'), reply: ok(transcript('proxy-unexpose.success.txt')) },
      release,
      { label: 'delete set on host', program: 'diskshadow', server: HV01, script: deleteShadowsScript({ label: 'snapshot snap-0001', target: { setId: SW_SET } }), reply: ok(transcript('delete-set.success.txt')) },
      cleanupStep('clean up host', HV01, ['dir', 'mount']),
    ]);

    const created = await h.platform.createSnapshot(SOFTWARE, h.log);
    expect(created).toMatchObject({ shadowIds: [SW_SHADOW], providerKind: 'software', provider: 'Microsoft Software Shadow Copy provider 1.0 {b5946137-7b9f-4925-af80-51abd60b20d5}' });
    expect(h.logs).toContain('info: hv01.contoso.local: creating a software (on-host only) snapshot of C:\\ClusterStorage\\Volume1 with Microsoft Software Shadow Copy provider 1.0, application-consistent (Hyper-V VSS writer), 2 VM(s)');

    const exposed = await h.platform.exposeSnapshot(created, 'hv01', h.log);
    expect(exposed.root).toBe('C:\\ProgramData\\Ferry\\mounts\\snap-0001');
    expect(exposed.disks.map((d) => d.vmId)).toEqual([APP01, APP01, SQL01]);
    await h.platform.unexposeSnapshot('snap-0001', 'hv01', h.log);
    await h.platform.deleteSnapshot('snap-0001', h.log);

    h.exec.assertDone();
    expect(h.exec.calls.filter((c) => c.server === PROXY && c.program === 'diskshadow')).toEqual([]);
    expect(h.logs).toContain('info: hv01.contoso.local: backup completed (BackupComplete sent, VSS session closed)');
  });

  it('is refused for import or expose on any other server, before anything runs there', async () => {
    const { steps } = softwareSession();
    const h = harness([...inventorySteps(), ...steps]);
    const created = await h.platform.createSnapshot(SOFTWARE, h.log);
    const before = h.exec.calls.length;
    for (const attempt of [h.platform.importSnapshot(created, 'proxy01', h.log), h.platform.exposeSnapshot(created, 'proxy01', h.log)]) {
      const err = (await attempt.catch((e: unknown) => e)) as FerryError;
      expect(err.code).toBe(WinCode.NotTransportable);
      expect(err.message).toMatch(/by the Microsoft Software Shadow Copy provider 1\.0: it is not transportable and cannot be (imported|exposed) on proxy01\.contoso\.local\.$/);
    }
    expect(h.exec.calls.length).toBe(before);
  });

  it('a failing software create keeps its VSS code: there is nothing left to fall back to', async () => {
    const h = harness([
      ...inventorySteps(),
      { label: 'prepare', program: 'powershell', server: HV01, script: softwareRecord, reply: psJson({ prepared: true }) },
      { label: 'session', program: 'diskshadow', server: HV01, script: golden('host-create.software.dsh'), reply: ok(transcript('host-create.provider-veto.txt')) },
      { label: 'poll', program: 'powershell', server: HV01, script: golden('read-gate-state.ps1'), reply: psJson({ created: null }), times: Infinity },
    ]);
    expect(await codeOf(h.platform.createSnapshot(SOFTWARE, h.log))).toBe('E_VSS_PROVIDER_VETO');
  });
});
