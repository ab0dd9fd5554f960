// deleteSnapshot in the hard cases: during create, after a failed import, after a console restart; and leftovers.
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../../../../src-shared/contract/errors';
import { WinCode } from '../error-codes';
import { codeOf, harness, HOST_SCRIPT, REQUEST, SHADOW } from '../testing/platform-harness';
import { ok, psJson, type ScriptedStep } from '../testing/scripted-executor';
import { CAB, cleanupStep, createSteps, deferred, factsStdout, golden, heldSession, HV01, HV02, HV03, importSteps, inventorySteps, PATHS, PROXY, SCENARIO, transcript } from '../testing/test-support';
import { listShadowsScript } from './dsh-scripts';
import { listFerryRecordsPs, removeWorkPs } from './ps-scripts';

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
