// The Microsoft software provider through WindowsPlatform: on-host only, never imported or exposed elsewhere.
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../../../../src-shared/contract/errors';
import type { SnapshotRequest } from '../../types';
import { WinCode } from '../error-codes';
import { codeOf, harness, REQUEST } from '../testing/platform-harness';
import { ok, psJson, type ScriptedStep } from '../testing/scripted-executor';
import { APP01, cleanupStep, deferred, golden, HV01, inventorySteps, PATHS, PROXY, SQL01, transcript } from '../testing/test-support';
import { deleteShadowsScript, exposeScript } from './dsh-scripts';

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
