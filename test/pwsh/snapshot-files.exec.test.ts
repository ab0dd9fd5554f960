// The snapshot folder, gate and record snippets (ps-scripts.ts) executed by pwsh on real folders — with paths
// and names that carry every quote PowerShell knows, $(...), ';' and non-ASCII text, which must come out byte
// for byte and never run (a side-effect file proves it) — and read back by Ferry's parsers. One pwsh process.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAME, SIDE_EFFECT, SIDE_EFFECT_ENV, SIDE_EFFECT_SEGMENT } from './testing/hostile';
import { PwshExecutor } from './testing/pwsh-executor';
import { PwshSession } from './testing/pwsh-session';
import { stubPrelude } from './testing/stubs';
import { toolForTests } from './testing/tools';
import {
  listFerryRecordsPs,
  mountPointStatePs,
  parseFolderRecords,
  prepareHostSnapshotPs,
  prepareProxyPs,
  readCabPs,
  readGateStatePs,
  removeWorkPs,
  ScriptRunner,
  signalGatePs,
  unprepareProxyPs,
  writeProxyCabPs,
  type Target,
} from './windows-scripts';

const pwsh = toolForTests('pwsh');
const HERE: Target = { id: 'hv01', server: undefined, name: 'hv01' };
const SHADOW_SET = '{5c7b3a9e-2f1d-4e8c-b6a0-9d8e7f6a5b4c}';
const SHADOW = '{0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9}';

describe.skipIf(!pwsh.path)(`snapshot folder scripts through pwsh${pwsh.path ? '' : ` (skipped: ${pwsh.skipReason})`}`, () => {
  let session: PwshSession;
  let root: string;
  let pwned: string;
  let run: ScriptRunner;
  let executor: PwshExecutor;
  beforeAll(() => {
    session = new PwshSession(pwsh.path!);
    root = mkdtempSync(join(tmpdir(), 'ferry-snap-'));
    pwned = join(root, 'PWNED');
    executor = new PwshExecutor(session, stubPrelude({ files: [], extra: `$env:${SIDE_EFFECT_ENV} = '${pwned}'` }));
    run = new ScriptRunner(executor);
  });
  afterEach(() => {
    // nothing in a name or path was ever executed
    expect(existsSync(pwned)).toBe(false);
    expect(executor.warnings()).toEqual([]);
  });
  afterAll(async () => {
    await session?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A fresh folder whose path holds the hostile name and the side effect. */
  function hostileDir(label: string): string {
    return join(root, label, HOSTILE_NAME, SIDE_EFFECT_SEGMENT);
  }

  it('prepare: stale markers go, the gate (ASCII) and the record (UTF-8, no BOM) are written unchanged', async () => {
    const dir = hostileDir('prepare');
    mkdirSync(dir, { recursive: true });
    for (const stale of ['created.txt', 'release.flag', 'abort.flag', 'snapshot.cab']) writeFileSync(join(dir, stale), 'old');
    const gateText = `@echo off\r\nrem ${SIDE_EFFECT.replace(/[^\x20-\x7e]/g, '?')}\r\nexit /b 0\r\n`;
    const recordJson = JSON.stringify({ ferry: 1, role: 'host', vmNames: [HOSTILE_NAME, SIDE_EFFECT] });
    const value = await run.ps(HERE, 'Prepare snapshot', prepareHostSnapshotPs({ dir, gatePath: join(dir, 'gate.cmd'), gateText, recordPath: join(dir, 'snapshot.json'), recordJson }), 30_000);
    expect(value).toEqual({ prepared: true });
    expect(readdirSync(dir).sort()).toEqual(['gate.cmd', 'snapshot.json']);
    expect(readFileSync(join(dir, 'gate.cmd'), 'latin1')).toBe(gateText);
    const record = readFileSync(join(dir, 'snapshot.json'));
    expect(record.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(record.toString('utf8')).toBe(recordJson);
  });

  it('gate state and signals: nothing yet, then the marker as written; release into an existing folder only', async () => {
    const dir = hostileDir('gate');
    mkdirSync(dir, { recursive: true });
    const created = join(dir, 'created.txt');
    expect(await run.ps(HERE, 'Snapshot status', readGateStatePs({ createdPath: created }), 30_000)).toEqual({ created: null });
    const marker = `VSS_SHADOW_SET=${SHADOW_SET}\r\nVOL1=${SHADOW}\r\n`;
    writeFileSync(created, marker);
    expect(await run.ps(HERE, 'Snapshot status', readGateStatePs({ createdPath: created }), 30_000)).toEqual({ created: marker });

    expect(await run.ps(HERE, 'Snapshot gate', signalGatePs({ dir, flagPath: join(dir, 'release.flag'), flag: 'release' }), 30_000)).toEqual({ state: 'signalled' });
    expect(readFileSync(join(dir, 'release.flag'), 'latin1')).toBe('release');
    const gone = join(root, 'gate-gone', HOSTILE_NAME);
    expect(await run.ps(HERE, 'Snapshot gate', signalGatePs({ dir: gone, flagPath: join(gone, 'abort.flag'), flag: 'abort' }), 30_000)).toEqual({ state: 'missing' });
    expect(existsSync(gone)).toBe(false);
  });

  it('the .cab travels host → console → proxy byte for byte; a damaged copy is refused with PowerShell\'s message', async () => {
    const hostDir = hostileDir('cab-host');
    const proxyDir = hostileDir('cab-proxy');
    mkdirSync(hostDir, { recursive: true });
    const bytes = randomBytes(150_000);
    writeFileSync(join(hostDir, 'snapshot.cab'), bytes);
    const cab = (await run.ps(HERE, 'Read snapshot metadata', readCabPs({ cabPath: join(hostDir, 'snapshot.cab') }), 30_000)) as { length: number; sha256: string; base64: string };
    expect(cab.length).toBe(bytes.length);
    expect(cab.sha256).toBe(createHash('sha256').update(bytes).digest('hex').toUpperCase());
    expect(Buffer.from(cab.base64, 'base64').equals(bytes)).toBe(true);

    const recordJson = JSON.stringify({ ferry: 1, role: 'proxy', note: HOSTILE_NAME });
    const write = (sha256: string) =>
      run.ps(HERE, 'Write snapshot metadata', writeProxyCabPs({ dir: proxyDir, cabPath: join(proxyDir, 'snapshot.cab'), recordPath: join(proxyDir, 'snapshot.json'), recordJson, base64: cab.base64, sha256 }), 30_000);
    // the console passes the hash in lower case; the script compares upper case
    expect(await write(cab.sha256.toLowerCase())).toEqual({ length: bytes.length });
    expect(readFileSync(join(proxyDir, 'snapshot.cab')).equals(bytes)).toBe(true);
    expect(readFileSync(join(proxyDir, 'snapshot.json'), 'utf8')).toBe(recordJson);

    rmSync(proxyDir, { recursive: true });
    await expect(write('00'.repeat(32))).rejects.toMatchObject({
      code: 'E_WIN_POWERSHELL_FAILED',
      message: 'Write snapshot metadata on hv01 failed: the snapshot metadata file arrived damaged (SHA-256 mismatch)',
    });
    expect(existsSync(join(proxyDir, 'snapshot.cab'))).toBe(false);
  });

  it('mount folder states: absent, created, empty, not empty, mounted (a reparse point)', async () => {
    const base = hostileDir('mount');
    mkdirSync(base, { recursive: true });
    const state = async (mountPoint: string, create: boolean) => ((await run.ps(HERE, 'Mount folder', mountPointStatePs({ mountPoint, create }), 30_000)) as { state: string }).state;
    const mount = join(base, 'mnt');
    expect(await state(mount, false)).toBe('absent');
    expect(existsSync(mount)).toBe(false);
    expect(await state(mount, true)).toBe('created');
    expect(existsSync(mount)).toBe(true);
    expect(await state(mount, false)).toBe('empty');
    writeFileSync(join(mount, 'file'), 'x');
    expect(await state(mount, false)).toBe('not-empty');
    const target = join(base, 'volume');
    mkdirSync(target);
    writeFileSync(join(target, 'disk.vhdx'), 'data');
    symlinkSync(target, join(base, 'linked'));
    expect(await state(join(base, 'linked'), false)).toBe('mounted');
  });

  it('clean-up never recurses into a mount folder; lists stay lists', async () => {
    const base = hostileDir('remove');
    const dir = join(base, 'snap');
    const volume = join(base, 'volume');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'f'), 'x');
    mkdirSync(volume);
    writeFileSync(join(volume, 'disk.vhdx'), 'data');
    symlinkSync(volume, join(base, 'mounted'));
    const remove = (mountPoint?: string) => run.ps(HERE, 'Clean up', removeWorkPs({ dir, mountPoint }), 30_000);

    expect(await remove(join(base, 'mounted'))).toEqual({ removed: ['dir'], kept: ['mount'] });
    expect(readFileSync(join(volume, 'disk.vhdx'), 'utf8')).toBe('data');
    mkdirSync(join(base, 'busy'));
    writeFileSync(join(base, 'busy', 'f'), 'x');
    expect(await remove(join(base, 'busy'))).toEqual({ removed: [], kept: ['mount'] });
    mkdirSync(join(base, 'empty'));
    expect(await remove(join(base, 'empty'))).toEqual({ removed: ['mount'], kept: [] });
    expect(await remove()).toEqual({ removed: [], kept: [] });
  });

  it('records: none, one (still a list), several — read back by parseFolderRecords', async () => {
    const snapshots = join(hostileDir('records'), 'snapshots');
    const list = async () => parseFolderRecords(await run.ps(HERE, 'Leftover scan', listFerryRecordsPs({ snapshotsRoot: snapshots }), 30_000));
    expect(await list()).toEqual([]);
    const hostRecord = { ferry: 1, role: 'host', snapshotId: HOSTILE_NAME, hostId: 'hv01', volumeId: 'v1', volumePath: 'C:\\ClusterStorage\\Volume1\\', vmIds: ['a'], applicationConsistent: true, providerId: '{781c006a-5829-4a25-81e3-d5e43bd005ab}', alias: 'VOL1', createdAt: '2026-11-25T13:04:00.000Z' };
    mkdirSync(join(snapshots, 'snap-1'), { recursive: true });
    writeFileSync(join(snapshots, 'snap-1', 'snapshot.json'), JSON.stringify(hostRecord));
    writeFileSync(join(snapshots, 'snap-1', 'created.txt'), `VSS_SHADOW_SET=${SHADOW_SET}\r\nVOL1=${SHADOW}\r\n`);
    expect(await list()).toEqual([{ folder: 'snap-1', record: hostRecord, gateVars: { VSS_SHADOW_SET: SHADOW_SET, VOL1: SHADOW } }]);
    mkdirSync(join(snapshots, 'snap-2'));
    const both = await list();
    expect(both.map((r) => r.folder).sort()).toEqual(['snap-1', 'snap-2']);
    expect(both.find((r) => r.folder === 'snap-2')).toEqual({ folder: 'snap-2', record: null, gateVars: {} });
  });

  it('proxy registration: folders and marker; busy while a snapshot folder or mount exists (one name is still a list)', async () => {
    const workRoot = hostileDir('proxy');
    const marker = JSON.stringify({ ferry: 1, role: 'proxy', serverId: 'proxy01', console: HOSTILE_NAME });
    expect(await run.ps(HERE, 'Prepare proxy', prepareProxyPs({ workRoot, markerJson: marker }), 30_000)).toEqual({ prepared: true });
    expect(readdirSync(workRoot).sort()).toEqual(['mounts', 'proxy.json', 'snapshots']);
    expect(readFileSync(join(workRoot, 'proxy.json'), 'utf8')).toBe(marker);

    mkdirSync(join(workRoot, 'snapshots', 'snap-1'));
    const unprepare = () => run.ps(HERE, 'Remove proxy', unprepareProxyPs({ workRoot }), 30_000);
    expect(await unprepare()).toEqual({ busy: ['snap-1'], removed: false });
    rmSync(join(workRoot, 'snapshots', 'snap-1'), { recursive: true });
    mkdirSync(join(workRoot, 'mounts', 'plain-folder'));
    mkdirSync(join(root, 'proxy-volume'));
    symlinkSync(join(root, 'proxy-volume'), join(workRoot, 'mounts', 'snap-2'));
    expect(await unprepare()).toEqual({ busy: ['snap-2'], removed: false });
    rmSync(join(workRoot, 'mounts', 'snap-2'));
    expect(await unprepare()).toEqual({ busy: [], removed: true });
    expect(existsSync(join(workRoot, 'proxy.json'))).toBe(false);
  });
});
