// Every DiskShadow script, the exec gate and the PowerShell snippets of the snapshot lifecycle, byte for byte
// against testing/__golden__/ (CRLF is significant).
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../../../../src-shared/contract/errors';
import { CRLF, psq } from '../exec/script-text';
import { PATHS, SCENARIO, expectGolden, scenarioCabSha256, scenarioGate } from '../testing/test-support';
import { deleteShadowsScript, exposeScript, hostCreateScript, listShadowsScript, proxyImportScript, unexposeScript } from './dsh-scripts';
import { listFerryRecordsPs, mountPointStatePs, prepareHostSnapshotPs, readCabPs, readGateStatePs, removeWorkPs, signalGatePs, writeProxyCabPs } from './ps-scripts';
import { SOFTWARE_PROVIDER } from './snapshot-provider';

describe('DiskShadow scripts (golden)', () => {
  it('host create, application-consistent: persistent + transportable option, writer verify, exec gate, end backup', () => {
    const text = hostCreateScript({
      label: SCENARIO.label,
      cabPath: PATHS.cab,
      gatePath: PATHS.gate,
      volumes: [{ path: SCENARIO.volume, alias: 'FERRY_VOL1' }],
      providerId: SCENARIO.provider,
      applicationConsistent: true,
    });
    expectGolden('host-create.app-consistent.dsh', text);
    expect(text.split(CRLF).filter(Boolean)).toContain('set option transportable');
    expect(text).not.toMatch(/set context persistent transportable/);
  });

  it('host create, crash-consistent: nowriters and no writer verify', () => {
    const text = hostCreateScript({
      label: SCENARIO.label,
      cabPath: PATHS.cab,
      gatePath: PATHS.gate,
      volumes: [{ path: SCENARIO.volume, alias: 'FERRY_VOL1' }],
      providerId: SCENARIO.provider,
      applicationConsistent: false,
    });
    expectGolden('host-create.crash-consistent.dsh', text);
    expect(text).not.toMatch(/writer verify/);
  });

  it('host create, software provider: persistent but not transportable, the Microsoft provider on the volume', () => {
    const base = { label: SCENARIO.label, cabPath: PATHS.cab, gatePath: PATHS.gate, volumes: [{ path: SCENARIO.volume, alias: 'FERRY_VOL1' }], providerId: SOFTWARE_PROVIDER.id, transportable: false };
    const app = hostCreateScript({ ...base, applicationConsistent: true });
    expectGolden('host-create.software.dsh', app);
    const lines = app.split(CRLF);
    expect(lines).toContain('set context persistent');
    expect(lines).toContain('writer verify {66841cd4-6ded-4f4b-8f17-fd23f8ddc3de}');
    expect(lines).toContain('add volume C:\\ClusterStorage\\Volume1\\ alias FERRY_VOL1 provider {b5946137-7b9f-4925-af80-51abd60b20d5}');
    expect(app).not.toMatch(/transportable$/m);
    const crash = hostCreateScript({ ...base, applicationConsistent: false });
    expectGolden('host-create.software.crash-consistent.dsh', crash);
    expect(crash.split(CRLF)).toContain('set context persistent nowriters');
    expect(crash).not.toMatch(/writer verify|set option/);
  });

  it('host create with several volumes (one alias each)', () => {
    expectGolden(
      'host-create.two-volumes.dsh',
      hostCreateScript({
        label: 'snapshot multi on hv01',
        cabPath: PATHS.cab,
        gatePath: PATHS.gate,
        volumes: [
          { path: 'C:\\ClusterStorage\\Volume1\\', alias: 'FERRY_VOL1' },
          { path: 'C:\\ClusterStorage\\Volume2\\', alias: 'FERRY_VOL2' },
        ],
        providerId: SCENARIO.provider,
        applicationConsistent: true,
      }),
    );
  });

  it('proxy import, expose, unexpose, delete, list', () => {
    expectGolden('proxy-import.dsh', proxyImportScript({ label: 'snapshot snap-0001 from hv01', cabPath: PATHS.cab }));
    expectGolden('expose.dsh', exposeScript({ label: 'snapshot snap-0001', exposures: [{ shadowId: SCENARIO.shadowId, mountPoint: PATHS.mountPoint }] }));
    expectGolden('unexpose.dsh', unexposeScript({ label: 'snapshot snap-0001', mountPoints: [PATHS.mountPoint] }));
    expectGolden('delete-set.dsh', deleteShadowsScript({ label: 'snapshot snap-0001', target: { setId: SCENARIO.setId } }));
    expectGolden('delete-ids.dsh', deleteShadowsScript({ label: 'snapshot snap-0001', target: { shadowIds: [SCENARIO.shadowId] } }));
    expectGolden('list-shadows.dsh', listShadowsScript());
  });

  it('every DiskShadow script is CRLF, ASCII, and ends with exit', () => {
    for (const text of [
      proxyImportScript({ label: 'x', cabPath: PATHS.cab }),
      listShadowsScript(),
      deleteShadowsScript({ label: 'x', target: { setId: SCENARIO.setId } }),
    ]) {
      expect(text.endsWith(`exit${CRLF}`)).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(text).toMatch(/^[\x20-\x7e\r\n]*$/);
    }
  });

  it('refuses what DiskShadow cannot take', () => {
    const base = { label: 'x', cabPath: PATHS.cab, gatePath: PATHS.gate, providerId: SCENARIO.provider, applicationConsistent: true };
    expect(() => hostCreateScript({ ...base, volumes: [] })).toThrow(/at least one volume/);
    expect(() => hostCreateScript({ ...base, volumes: [{ path: 'C:\\ClusterStorage\\Volume 1\\', alias: 'A' }] })).toThrow(FerryError);
    expect(() => hostCreateScript({ ...base, volumes: [{ path: 'C:\\ClusterStorage\\Volüme1\\', alias: 'A' }] })).toThrow(/cannot be used/);
    expect(() =>
      hostCreateScript({ ...base, volumes: [{ path: 'D:\\', alias: 'A' }, { path: 'd:\\', alias: 'B' }] }),
    ).toThrow(/added twice/);
    expect(() => hostCreateScript({ ...base, volumes: [{ path: 'D:\\', alias: 'VSS_SHADOW_SET' }] })).toThrow(/alias/);
    expect(() => hostCreateScript({ ...base, providerId: 'pure', volumes: [{ path: 'D:\\', alias: 'A' }] })).toThrow(/provider id/);
    expect(() => exposeScript({ label: 'x', exposures: [{ shadowId: '%VOL1%', mountPoint: 'P:' }] })).toThrow(/shadow id/);
    expect(() => deleteShadowsScript({ label: 'x', target: { shadowIds: [] } })).toThrow(/nothing to delete/);
  });
});

describe('exec gate (golden)', () => {
  it('records the exported aliases atomically, then waits for release/abort with a bounded loop', () => {
    const text = scenarioGate();
    expectGolden('gate.cmd', text);
    expect(text).toContain('echo VSS_SHADOW_SET=%VSS_SHADOW_SET%');
    expect(text).toContain('echo FERRY_VOL1=%FERRY_VOL1%');
    expect(text).toContain(`set /a FERRY_LEFT=${SCENARIO.holdSeconds / 2}`);
    expect(text).not.toMatch(/timeout(\.exe)? \//i);
  });
});

describe('PowerShell snippets (golden)', () => {
  it('host snapshot folder, gate state, flags', () => {
    expectGolden(
      'prepare-host.ps1',
      prepareHostSnapshotPs({ dir: PATHS.dir, gatePath: PATHS.gate, gateText: scenarioGate(), recordPath: PATHS.record, recordJson: JSON.stringify(SCENARIO.hostRecord) }),
    );
    expectGolden('read-gate-state.ps1', readGateStatePs({ createdPath: PATHS.created }));
    expectGolden('signal-release.ps1', signalGatePs({ dir: PATHS.dir, flagPath: PATHS.releaseFlag, flag: 'release' }));
    expectGolden('signal-abort.ps1', signalGatePs({ dir: PATHS.dir, flagPath: PATHS.abortFlag, flag: 'abort' }));
  });

  it('.cab transfer, mount folders, cleanup, records', () => {
    expectGolden('read-cab.ps1', readCabPs({ cabPath: PATHS.cab }));
    expectGolden(
      'write-proxy-cab.ps1',
      writeProxyCabPs({
        dir: PATHS.dir,
        cabPath: PATHS.cab,
        recordPath: PATHS.record,
        recordJson: JSON.stringify(SCENARIO.proxyRecord),
        base64: SCENARIO.cabBase64,
        sha256: scenarioCabSha256(),
      }),
    );
    expectGolden('mount-prepare.ps1', mountPointStatePs({ mountPoint: PATHS.mountPoint, create: true }));
    expectGolden('mount-probe.ps1', mountPointStatePs({ mountPoint: PATHS.mountPoint, create: false }));
    expectGolden('remove-work.proxy.ps1', removeWorkPs({ dir: PATHS.dir, mountPoint: PATHS.mountPoint }));
    expectGolden('list-records.ps1', listFerryRecordsPs({ snapshotsRoot: 'C:\\ProgramData\\Ferry\\snapshots' }));
  });

  it('quotes every value as a PowerShell literal', () => {
    expect(psq("it's $env:X `n")).toBe("'it''s $env:X `n'");
    const text = readGateStatePs({ createdPath: "C:\\odd'path\\created.txt" });
    expect(text).toContain("'C:\\odd''path\\created.txt'");
  });
});
