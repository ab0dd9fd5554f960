import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeVhdx, keystream, writeMixedVhdx } from '../engine/datamover/test-disks';
import { createDifferencingVhdx, VhdxWriter } from '../engine/vhdx';
import { makeTempDir, patchFile, qemuImg, qemuIo } from '../engine/vhdx/test-helpers';
import { runCli } from './cli';
import type { CliIo } from './command';

const MiB = 1024 * 1024;
let dir: string;
let cleanup: () => Promise<void>;
let vhdx: string;
let vhdxRaw: Buffer;

async function ferry(args: string[], tty?: CliIo['tty']) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), tty });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function toRaw(file: string, format?: string): Promise<Buffer> {
  const out = `${file}.qemu.raw`;
  const r = await qemuImg('convert', ...(format ? ['-f', format] : []), '-O', 'raw', file, out);
  if (r.code !== 0) throw new Error(r.stderr);
  return readFile(out);
}

async function backupAndRestore(file: string, repo: string, extra: string[] = []): Promise<{ id: string; restored: Buffer }> {
  const b = await ferry(['disk', 'backup', file, '--repo', repo, ...extra]);
  expect(b.code, b.err).toBe(0);
  const id = b.out.trim();
  const out = join(dir, `${id}.raw`);
  const r = await ferry(['disk', 'restore', '--repo', repo, '--point', id, '--out', out]);
  expect(r.code, r.err).toBe(0);
  return { id, restored: await readFile(out) };
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  vhdx = join(dir, 'web01.vhdx');
  await writeMixedVhdx(vhdx, { virtualSize: 20 * MiB, seed: 'cli', dupClasses: 1 });
  vhdxRaw = await toRaw(vhdx);
});
afterAll(() => cleanup());

describe('ferry disk / repo commands', () => {
  it('print help', async () => {
    for (const c of [['disk', 'backup'], ['disk', 'restore'], ['repo', 'verify'], ['repo', 'forget'], ['repo', 'gc'], ['repo', 'repair']]) {
      const r = await ferry([...c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: ferry ${c.join(' ')}`));
    }
  });

  it('reject bad arguments with exit 2 and write nothing', async () => {
    const repo = join(dir, 'never');
    const bad = await writeFile(join(dir, 'bad.json'), '{"ranges": [{"offset": -1, "length": 1}]}').then(() => join(dir, 'bad.json'));
    const beyond = await writeFile(join(dir, 'beyond.json'), JSON.stringify([{ offset: 20 * MiB, length: 512 }])).then(() => join(dir, 'beyond.json'));
    const cases = [
      ['disk', 'backup', vhdx],
      ['disk', 'backup', vhdx, '--repo', repo, '--block-size', '3M'],
      ['disk', 'backup', vhdx, '--repo', repo, '--compression', 'gzip'],
      ['disk', 'backup', join(dir, 'missing.vhdx'), '--repo', repo],
      ['disk', 'backup', vhdx, '--repo', repo, '--changed', join(dir, 'nope.json')],
      ['disk', 'backup', vhdx, '--repo', repo, '--changed', bad],
      ['disk', 'backup', vhdx, '--repo', repo, '--changed', beyond],
      ['disk', 'backup', vhdx, '--repo', repo, '--throttle', '-5'],
      ['disk', 'backup', vhdx, '--repo', repo, '--bogus'],
      ['disk', 'restore', '--repo', repo, '--point', 'x'],
      ['disk', 'restore', '--repo', repo, '--point', 'x', '--out', join(dir, 'o.raw'), '--format', 'qcow2'],
      ['repo', 'forget', '--repo', repo],
      ['repo', 'forget', '--repo', repo, '--keep-last', 'two'],
      ['repo', 'gc'],
      ['repo', 'repair'],
      ['repo', 'repair', '--repo', repo, '--bogus'],
      ['disk', 'backup', vhdx, '--repo', repo, '--lock-wait', 'soon'],
    ];
    for (const args of cases) {
      const r = await ferry(args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(/Usage: ferry/);
    }
    expect(existsSync(repo)).toBe(false);
  });

  it('refuse a folder that holds no repository (E_REPO_MISSING) everywhere but backup', async () => {
    const empty = join(dir, 'empty');
    for (const args of [
      ['disk', 'restore', '--repo', empty, '--point', 'p', '--out', join(dir, 'x.raw')],
      ['repo', 'verify', '--repo', empty],
      ['repo', 'forget', '--repo', empty, '--keep-last', '1'],
      ['repo', 'gc', '--repo', empty],
      ['repo', 'repair', '--repo', empty],
    ]) {
      const r = await ferry(args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/E_REPO_MISSING/);
    }
    expect(existsSync(empty)).toBe(false);
  });

  it('back up a VHDX into a new repository, print the id, restore it raw and as VHDX byte-identical', async () => {
    const repo = join(dir, 'r1');
    const { id, restored } = await backupAndRestore(vhdx, repo);
    expect(id).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]+$/);
    expect(restored.equals(vhdxRaw)).toBe(true);

    const asVhdx = join(dir, 'restored.vhdx');
    const r = await ferry(['disk', 'restore', '--repo', repo, '--point', id, '--out', asVhdx, '--format', 'vhdx']);
    expect(r.code, r.err).toBe(0);
    expect((await qemuImg('check', '-f', 'vhdx', asVhdx)).code).toBe(0);
    expect((await toRaw(asVhdx, 'vhdx')).equals(vhdxRaw)).toBe(true);

    const again = await ferry(['disk', 'restore', '--repo', repo, '--point', id, '--out', asVhdx]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/exists; pass --force/);
  });

  it('--json prints one object with the id and the stats; plain progress lines when not on a terminal', async () => {
    const r = await ferry(['disk', 'backup', vhdx, '--repo', join(dir, 'r2'), '--block-size', '256K', '--compression', 'zstd3', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { id: string; mode: string; blockSize: number; compression: string; stats: { bytesRead: number; bytesTransferred: number; busyMs: Record<string, number> } };
    expect(j).toMatchObject({ mode: 'full', blockSize: 256 * 1024, compression: 'high' });
    expect(j.stats.bytesTransferred).toBeGreaterThan(0);
    expect(Object.keys(j.stats.busyMs).sort()).toEqual(['network', 'proxy', 'source', 'target', 'throttle']);
    expect(r.err).toMatch(/^backup: 100% \(20\.0 MiB of 20\.0 MiB/m);
  });

  it('draws a progress bar on a terminal', async () => {
    const drawn: string[] = [];
    const r = await ferry(['disk', 'backup', vhdx, '--repo', join(dir, 'r3')], { columns: 120, write: (s) => drawn.push(s) });
    expect(r.code, r.err).toBe(0);
    expect(drawn.some((s) => /^\rbackup \[#+\.*\] +\d+%/.test(s))).toBe(true);
    expect(drawn[drawn.length - 1]).toBe('\r\x1b[2K');
    expect(r.err).not.toMatch(/^backup: /m);
  });

  it('--changed makes an incremental on the previous point of the same file; it restores to the changed disk', async () => {
    const repo = join(dir, 'r4');
    const disk = join(dir, 'db01.vhdx');
    await copyFile(vhdx, disk);
    const full = await ferry(['disk', 'backup', disk, '--repo', repo, '--json']);
    const fullId = (JSON.parse(full.out) as { id: string }).id;
    const ranges = await changeVhdx(disk, 20 * MiB, 0.1, 'cli-change');
    const rangesFile = join(dir, 'ranges.json');
    await writeFile(rangesFile, JSON.stringify({ ranges }));
    const r = await ferry(['disk', 'backup', disk, '--repo', repo, '--changed', rangesFile, '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { id: string; mode: string; parentPointId: string; stats: { bytesRead: number } };
    expect(j.mode).toBe('incremental');
    expect(j.parentPointId).toBe(fullId);
    expect(j.stats.bytesRead).toBe(ranges.reduce((n, x) => n + x.length, 0));
    const out = join(dir, 'incr.raw');
    expect((await ferry(['disk', 'restore', '--repo', repo, '--point', j.id, '--out', out])).code).toBe(0);
    expect((await readFile(out)).equals(await toRaw(disk))).toBe(true);

    // No previous point of this file: the change data cannot be used, and the run says so.
    const other = join(dir, 'other.vhdx');
    await copyFile(disk, other);
    const lone = await ferry(['disk', 'backup', other, '--repo', repo, '--changed', rangesFile, '--json']);
    expect(JSON.parse(lone.out)).toMatchObject({ mode: 'full', fullReason: expect.stringMatching(/no previous restore point/) });
    expect(lone.err).toMatch(/warning: Change tracking chain is broken/);
  });

  it('backs up VHD (dynamic, made by qemu-img), raw and a differencing VHDX chain byte-identically', async () => {
    const repo = join(dir, 'r5');
    const vhd = join(dir, 'legacy.vhd');
    expect((await qemuImg('create', '-f', 'vpc', '-o', 'subformat=dynamic', vhd, '12M')).code).toBe(0);
    await qemuIo('vpc', vhd, 'write -P 0x5a 1M 3M', 'write -P 0x11 7M 64k');
    expect((await backupAndRestore(vhd, repo)).restored.equals(await toRaw(vhd, 'vpc'))).toBe(true);

    const raw = join(dir, 'plain.img');
    await writeFile(raw, Buffer.concat([keystream(3 * MiB, 'raw'), Buffer.alloc(2 * MiB), keystream(MiB + 512, 'raw2')]));
    expect((await backupAndRestore(raw, repo, ['--block-size', '512K'])).restored.equals(await readFile(raw))).toBe(true);

    const parent = join(dir, 'base.vhdx');
    await copyFile(vhdx, parent);
    const child = join(dir, 'base_checkpoint.avhdx');
    await createDifferencingVhdx(child, parent);
    const w = await VhdxWriter.open(child);
    const written = keystream(MiB + 4096, 'child');
    await w.write(3 * MiB, written);
    await w.close();
    // qemu-img cannot open differencing VHDX: the expected content is the parent's with the child's write.
    const expectedChild = Buffer.from(vhdxRaw);
    written.copy(expectedChild, 3 * MiB);
    expect((await backupAndRestore(child, repo)).restored.equals(expectedChild)).toBe(true);
  });

  it('verify is exit 0 when sound and exit 1 naming the damaged disk; forget and gc free space', async () => {
    const repo = join(dir, 'r6');
    const first = await backupAndRestore(vhdx, repo, ['--compression', 'none']);
    const v = await ferry(['repo', 'verify', '--repo', repo]);
    expect(v.code, v.err).toBe(0);
    expect(v.out).toMatch(new RegExp(`OK ${first.id}: \\d+ chunks`));

    // A second, different disk, then keep only it: the first disk's chunks become garbage.
    const other = join(dir, 'other-disk.raw');
    await writeFile(other, keystream(4 * MiB, 'other'));
    const second = (await ferry(['disk', 'backup', other, '--repo', repo])).out.trim();
    const f = await ferry(['repo', 'forget', '--repo', repo, '--keep-last', '1']);
    expect(f.code, f.err).toBe(0);
    expect(f.out).toMatch(new RegExp(`forgot ${first.id}`));
    const gc = await ferry(['repo', 'gc', '--repo', repo]);
    expect(gc.code, gc.err).toBe(0);
    expect(gc.out).toMatch(/Removed [1-9]\d* chunk\(s\), freed/);

    // Damage the one remaining point: flip bytes inside a pack.
    const packsDir = join(repo, 'packs');
    const pack = readdirSync(packsDir, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name.endsWith('.pack'));
    expect(pack).toBeDefined();
    await patchFile(join(pack!.parentPath, pack!.name), 4096, Buffer.from('ferry-was-here'));
    const bad = await ferry(['repo', 'verify', '--repo', repo, '--point', second, '--json']);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.out) as { ok: boolean; points: Array<{ damaged: Array<{ diskKey: string }> }> };
    expect(report.ok).toBe(false);
    expect(report.points[0].damaged[0].diskKey).toBe('other-disk.raw');
    const plain = await ferry(['repo', 'verify', '--repo', repo]);
    expect(plain.code).toBe(1);
    expect(plain.out).toMatch(/DAMAGED .*: disk other-disk\.raw: .*ranges \d+\+\d+/);
  });

  it('a damaged chunk: verify records it, repair moves its pack aside and names the point, the next backup (even an incremental) heals it', async () => {
    const repo = join(dir, 'r7');
    const disk = join(dir, 'heal.raw');
    const content = keystream(3 * MiB, 'heal');
    await writeFile(disk, content);
    const first = (await ferry(['disk', 'backup', disk, '--repo', repo, '--compression', 'none'])).out.trim();
    // Damage the stored copy of the second MiB.
    const packsDir = join(repo, 'packs');
    const packs = readdirSync(packsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.pack'));
    const packFile = join(packs[0].parentPath, packs[0].name);
    const at = (await readFile(packFile)).indexOf(content.subarray(MiB, MiB + 64));
    expect(at).toBeGreaterThan(0);
    await patchFile(packFile, at + 5000, Buffer.from('bit rot'));

    const v = await ferry(['repo', 'verify', '--repo', repo]);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/Recorded 1 damaged chunk copy/);

    const r = await ferry(['repo', 'repair', '--repo', repo, '--json']);
    expect(r.code, r.err).toBe(1);
    const report = JSON.parse(r.out) as { ok: boolean; chunksDropped: number; packsSalvaged: Array<{ quarantined: string }>; pointsLost: Array<{ pointId: string; damaged: Array<{ ranges: unknown }> }> };
    expect(report).toMatchObject({ ok: false, chunksDropped: 1 });
    expect(report.pointsLost).toEqual([{ pointId: first, damaged: [expect.objectContaining({ diskKey: 'heal.raw', ranges: [{ offset: MiB, length: MiB }] })] }]);
    expect(existsSync(report.packsSalvaged[0].quarantined)).toBe(true);
    const plain = await ferry(['repo', 'repair', '--repo', repo]);
    expect(plain.code).toBe(1);
    expect(plain.out).toMatch(new RegExp(`LOST ${first}: disk heal\\.raw: chunk missing from repository; ranges ${MiB}\\+${MiB}`));

    // An incremental with no changed ranges at all: the block its base lost is read again anyway.
    const none = join(dir, 'no-changes.json');
    await writeFile(none, '[]');
    const incr = await ferry(['disk', 'backup', disk, '--repo', repo, '--compression', 'none', '--changed', none, '--json']);
    expect(incr.code, incr.err).toBe(0);
    expect(JSON.parse(incr.out)).toMatchObject({ mode: 'incremental', parentPointId: first, stats: { bytesRead: MiB } });
    expect(incr.err).toMatch(/warning: 1 block\(s\) of the previous restore point are no longer stored intact/);
    const healed = await ferry(['repo', 'verify', '--repo', repo]);
    expect(healed.code, healed.out).toBe(0);
    const out = join(dir, 'healed.raw');
    expect((await ferry(['disk', 'restore', '--repo', repo, '--point', first, '--out', out])).code).toBe(0);
    expect((await readFile(out)).equals(content)).toBe(true);
    const clean = await ferry(['repo', 'repair', '--repo', repo]);
    expect(clean.code, clean.out).toBe(0);
    expect(clean.out).toMatch(/Every restore point references only intact data/);
  });

  it('restore --force onto a device writes into it; the node stays a device (never replaced by a file)', async () => {
    const repo = join(dir, 'r8');
    const id = (await ferry(['disk', 'backup', vhdx, '--repo', repo])).out.trim();
    // As root a node of our own (so the test never risks the system's); otherwise /dev/null, which a non-root
    // process could not have replaced anyway.
    const node = process.getuid?.() === 0 ? join(dir, 'null-node') : '/dev/null';
    if (node !== '/dev/null') expect(spawnSync('mknod', [node, 'c', '1', '3']).status).toBe(0);
    const without = await ferry(['disk', 'restore', '--repo', repo, '--point', id, '--out', node]);
    expect(without.code).toBe(2); // it exists: --force is still required
    const r = await ferry(['disk', 'restore', '--repo', repo, '--point', id, '--out', node, '--force']);
    expect(r.code, r.err).toBe(0);
    expect(statSync(node).isCharacterDevice()).toBe(true);
    const asVhdx = await ferry(['disk', 'restore', '--repo', repo, '--point', id, '--out', node, '--force', '--format', 'vhdx']);
    expect(asVhdx.code).toBe(1);
    expect(asVhdx.err).toMatch(/E_INVALID_PARAMS: .*device/);
    expect(statSync(node).isCharacterDevice()).toBe(true);
  });
});
