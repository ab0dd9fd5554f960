import { describe, expect, it } from 'vitest';
import { decodeSnapshotAttributes, extractPsJson, parseDiskShadow, parseGateMarker } from './parse';
import { transcript } from '../testing/test-support';

const SET = '{4c1f2d7a-9b3e-4e8a-a6d1-2f5c7b9e0a13}';
const SHADOW = '{9e0d4b6c-3a21-4f7e-b8c5-6d2a1e9f7c40}';

describe('parseDiskShadow on recorded transcripts', () => {
  it("reads the reference's own sample: aliases, listing, exposure", () => {
    const t = parseDiskShadow(transcript('reference-sample.create-expose.txt'));
    expect(t.aliases).toEqual({ elswix: '{d885ad3a-5167-4d00-8760-08197855c105}', VSS_SHADOW_SET: '{c96e7221-8964-4fdf-8fad-86ae1c1722f6}' });
    expect(t.shadowSetId).toBe('{c96e7221-8964-4fdf-8fad-86ae1c1722f6}');
    expect(t.shadows).toEqual([
      {
        shadowId: '{d885ad3a-5167-4d00-8760-08197855c105}',
        alias: 'elswix',
        setId: '{c96e7221-8964-4fdf-8fad-86ae1c1722f6}',
        originalCount: 1,
        originalVolume: '\\\\?\\Volume{6cd5140b-0000-0000-0000-602200000000}\\',
        originalVolumeLabel: 'C:\\',
        creationTime: '9/20/2023 2:49:26 PM',
        deviceName: '\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy2',
        originatingMachine: 'DC01.BLACKFIELD.local',
        serviceMachine: 'DC01.BLACKFIELD.local',
        exposedAs: null,
        providerId: '{b5946137-7b9f-4925-af80-51abd60b20d5}',
        attributes: ['No_Auto_Release', 'Persistent', 'No_Writers', 'Differential'],
      },
    ]);
    expect(t.exposedAs).toEqual(['y:\\']);
    expect(t.commands).toEqual(['set context persistent nowriters', 'add volume c: alias elswix', 'create', 'expose %elswix% y:']);
    expect(t.failures).toEqual([]);
  });

  it('host create success: shadow id, set id, cab members, and every command up to end backup', () => {
    const t = parseDiskShadow(transcript('host-create.success.txt'));
    expect(t.aliases.FERRY_VOL1).toBe(SHADOW);
    expect(t.shadowSetId).toBe(SET);
    expect(t.cabMembers).toEqual(['Manifest.xml', 'BCDocument.xml', 'WM0.xml', 'WM1.xml', 'WM2.xml']);
    expect(t.shadows).toHaveLength(1);
    expect(t.shadows[0]).toMatchObject({ shadowId: SHADOW, alias: 'FERRY_VOL1', setId: SET, providerId: '{781c006a-5829-4a25-81e3-d5e43bd005ab}', exposedAs: null });
    expect(t.shadows[0].attributes).toContain('Transportable');
    expect(t.commands.slice(-3)).toEqual(['exec C:\\ProgramData\\Ferry\\snapshots\\snap-0001\\gate.cmd', 'end backup', 'exit']);
    expect(t.failures).toEqual([]);
  });

  it.each([
    ['host-create.provider-veto.txt', 0x80042306, 'VSS_E_PROVIDER_VETO', 'create'],
    ['host-create.hold-writes-timeout.txt', 0x80042314, 'VSS_E_HOLD_WRITES_TIMEOUT', 'create'],
    ['host-create.writer-retryable.txt', 0x800423f3, 'VSS_E_WRITERERROR_RETRYABLE', 'create'],
    ['host-create.provider-not-registered.txt', 0x80042304, 'VSS_E_PROVIDER_NOT_REGISTERED', 'add volume C:\\ClusterStorage\\Volume1\\ alias FERRY_VOL1 provider {781c006a-5829-4a25-81e3-d5e43bd005ab}'],
    ['host-create.end-backup-failed.txt', 0x80042302, 'VSS_E_UNEXPECTED', 'end backup'],
    ['proxy-import.no-snapshots-imported.txt', 0x80042320, 'VSS_E_NO_SNAPSHOTS_IMPORTED', 'import'],
    ['proxy-import.some-not-imported.txt', 0x80042321, 'VSS_E_SOME_SNAPSHOTS_NOT_IMPORTED', 'import'],
    ['proxy-import.corrupt-cab.txt', 0x80042310, 'VSS_E_CORRUPT_XML_DOCUMENT', 'load metadata C:\\ProgramData\\Ferry\\snapshots\\snap-0001\\snapshot.cab'],
    ['proxy-expose.object-not-found.txt', 0x80042308, 'VSS_E_OBJECT_NOT_FOUND', `expose ${SHADOW} C:\\ProgramData\\Ferry\\mounts\\snap-0001\\`],
    ['proxy-unexpose.object-not-found.txt', 0x80042308, 'VSS_E_OBJECT_NOT_FOUND', 'unexpose C:\\ProgramData\\Ferry\\mounts\\snap-0001\\'],
    ['delete-set.object-not-found.txt', 0x80042308, 'VSS_E_OBJECT_NOT_FOUND', `delete shadows set ${SET}`],
    ['delete-set.provider-error.txt', 0x8004230f, 'VSS_E_UNEXPECTED_PROVIDER_ERROR', `delete shadows set ${SET}`],
  ])('%s: failure block with HRESULT and the command it followed', (file, hresult, text, command) => {
    const t = parseDiskShadow(transcript(file));
    expect(t.failures).toEqual([{ hresult, errorText: text, command }]);
  });

  it('proxy import: aliases restored by load metadata, then the imported shadow as the proxy lists it', () => {
    const t = parseDiskShadow(transcript('proxy-import.success.txt'));
    expect(t.aliases).toEqual({ FERRY_VOL1: SHADOW, VSS_SHADOW_SET: SET });
    expect(t.shadowSetId).toBe(SET);
    expect(t.shadows.map((s) => s.shadowId)).toEqual([SHADOW]);
    expect(t.shadows[0].serviceMachine).toBe('PROXY01.contoso.local');
    expect(t.shadows[0].originalVolumeLabel).toBe('volume not on this machine');
    expect(t.shadows[0].attributes).toContain('Imported');
    expect(t.commands).toEqual(['reset', 'load metadata C:\\ProgramData\\Ferry\\snapshots\\snap-0001\\snapshot.cab', 'import', 'list shadows set %VSS_SHADOW_SET%', 'exit']);
  });

  it('an import whose listing is empty has no shadows', () => {
    expect(parseDiskShadow(transcript('proxy-import.empty-listing.txt')).shadows).toEqual([]);
  });

  it('expose / unexpose / delete success', () => {
    expect(parseDiskShadow(transcript('proxy-expose.success.txt')).exposedAs).toEqual(['C:\\ProgramData\\Ferry\\mounts\\snap-0001\\']);
    const u = parseDiskShadow(transcript('proxy-unexpose.success.txt'));
    expect(u.failures).toEqual([]);
    expect(u.commands).toEqual(['unexpose C:\\ProgramData\\Ferry\\mounts\\snap-0001\\', 'exit']);
    const d = parseDiskShadow(transcript('delete-set.success.txt'));
    expect(d.deletedCount).toBe(1);
    expect(d.failures).toEqual([]);
  });

  it('list shadows all: every shadow with exposure and provider, for the leftover scan', () => {
    const t = parseDiskShadow(transcript('list-shadows-all.txt'));
    expect(t.shadows.map((s) => [s.shadowId, s.exposedAs, s.providerId])).toEqual([
      [SHADOW, 'C:\\ProgramData\\Ferry\\mounts\\snap-0001\\', '{781c006a-5829-4a25-81e3-d5e43bd005ab}'],
      ['{d885ad3a-5167-4d00-8760-08197855c105}', null, '{b5946137-7b9f-4925-af80-51abd60b20d5}'],
    ]);
    expect(t.shadows[0].alias).toBeNull();
    expect(t.shadows[0].setId).toBe(SET);
  });

  it('accepts LF-only text and an interactive "DISKSHADOW>" prompt', () => {
    const t = parseDiskShadow('DISKSHADOW> delete shadows all\nNumber of shadow copies deleted: 2\n');
    expect(t.commands).toEqual(['delete shadows all']);
    expect(t.deletedCount).toBe(2);
  });
});

describe('gate marker', () => {
  it('reads the ids the gate recorded', () => {
    expect(parseGateMarker(transcript('gate-created.txt'))).toEqual({ VSS_SHADOW_SET: SET, FERRY_VOL1: SHADOW });
  });
  it('drops empty values (DiskShadow did not export the aliases)', () => {
    expect(parseGateMarker(transcript('gate-created.no-env.txt'))).toEqual({});
    expect(parseGateMarker('FERRY_VOL1=%FERRY_VOL1%\r\n')).toEqual({});
  });
});

describe('snapshot attributes', () => {
  it('decodes the mask printed by delete', () => {
    expect(decodeSnapshotAttributes(0x00120019)).toEqual(['Persistent', 'No_Auto_Release', 'No_Writers', 'Differential', 'Exposed_Locally']);
    expect(decodeSnapshotAttributes(0x00090029)).toEqual(['Persistent', 'No_Auto_Release', 'Transportable', 'Hardware_Assisted', 'Imported']);
  });
});

describe('PowerShell result line', () => {
  it('takes the last FERRY_JSON line and ignores warnings printed before it', () => {
    expect(extractPsJson(transcript('ps-output.with-noise.txt'))).toEqual({ state: 'mounted' });
    expect(extractPsJson('\uFEFFFERRY_JSON:[1]\nFERRY_JSON:[2]\n')).toEqual([2]);
  });
  it('fails without a result line', () => {
    expect(() => extractPsJson('WARNING: nothing\n')).toThrow(/FERRY_JSON/);
  });
});
