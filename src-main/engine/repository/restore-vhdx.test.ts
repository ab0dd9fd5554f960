import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { Repo } from './repo';
import { backupDisk, backupPoint, makeDisk, tempDir } from './test-support';

const run = promisify(execFile);
const MiB = 1024 * 1024;
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function qemuToRaw(vhdx: string): Promise<Buffer> {
  const raw = vhdx + '.qemu.raw';
  await run('qemu-img', ['convert', '-f', 'vhdx', '-O', 'raw', vhdx, raw]);
  return fs.readFile(raw);
}

describe('restoreVhdx', () => {
  it('writes a dynamic VHDX that qemu-img reads back byte-identical (default geometry)', async () => {
    const repo = await Repo.create(dir);
    const BS = 256 * 1024;
    // 97 MiB + a 3-sector tail: data only in 32 MiB VHDX blocks 0 and 3, zero gaps and duplicates
    const image = Buffer.concat([makeDisk(BS, 'rr0d' + '0'.repeat(380) + 'rprr'), makeDisk(1536, 'r')]);
    const info = await backupPoint(repo, { 'vm/0': image }, BS, {}, 'lz4');
    const out = path.join(dir, 'disk.vhdx');
    const progress: number[] = [];
    await repo.restoreVhdx(info.id, 'vm/0', out, (done) => progress.push(done));
    const { stdout } = await run('qemu-img', ['info', '--output=json', out]);
    expect(JSON.parse(stdout)).toMatchObject({ format: 'vhdx', 'virtual-size': image.length });
    expect((await qemuToRaw(out)).equals(image)).toBe(true);
    expect(progress.at(-1)).toBeGreaterThan(0);
    // sparse: VHDX blocks 1 and 2 hold only zeros and are not allocated (2 blocks + metadata < 72 MiB < 97 MiB)
    expect((await fs.stat(out)).size).toBeLessThan(72 * MiB);
    expect((await fs.readdir(dir)).filter((n) => n.includes('ferry-restore'))).toEqual([]);
    await repo.close();
  });

  it('honours a 1 MiB VHDX block size and writes blocks whose offsets are not sector aligned', async () => {
    const repo = await Repo.create(dir);
    const image = makeDisk(1000, 'r'.repeat(3) + '0'.repeat(2000) + 'rr', 48); // 2,005,048 bytes = 3916 sectors + 56
    const padded = Buffer.concat([image, Buffer.alloc(512 - (image.length % 512))]);
    const m = await backupDisk(repo, 'vm/0', padded, 1000);
    const w = repo.beginPoint({});
    await w.addDisk(m);
    const info = await w.commit();
    const out = path.join(dir, 'small.vhdx');
    await repo.restoreVhdx(info.id, 'vm/0', out, undefined, { blockSize: MiB });
    expect((await qemuToRaw(out)).equals(padded)).toBe(true);
    await repo.close();
  });

  it('refuses a disk whose size is not whole sectors (a raw restore still works)', async () => {
    const repo = await Repo.create(dir);
    const image = makeDisk(4096, 'rr', 100);
    const info = await backupPoint(repo, { 'vm/0': image }, 4096);
    await expect(repo.restoreVhdx(info.id, 'vm/0', path.join(dir, 'x.vhdx'))).rejects.toMatchObject({ code: ErrorCode.DiskUnsupported });
    await expect(fs.access(path.join(dir, 'x.vhdx'))).rejects.toThrow();
    await repo.close();
  });
});
