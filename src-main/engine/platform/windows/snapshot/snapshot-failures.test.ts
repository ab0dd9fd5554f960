// WindowsPlatform's snapshot steps when Windows fails: every failure maps to a stable code, cleanup still works.
import { describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import type { CreatedSnapshot } from '../../types';
import { WinCode } from '../error-codes';
import type { ExecResult } from '../exec/executor';
import { codeOf, CSV2, harness, type Harness, HOST_SCRIPT, REQUEST, SHADOW, SPAN01 } from '../testing/platform-harness';
import { ok, psJson, type ScriptedStep } from '../testing/scripted-executor';
import { CAB, cleanupStep, createSteps, deferred, exposeSteps, golden, heldSession, HV01, importSteps, inventorySteps, PATHS, PROXY, transcript } from '../testing/test-support';
import { mountPointStatePs } from './ps-scripts';

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
