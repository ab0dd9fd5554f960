// Restoring onto device nodes: the node stays a device and receives every byte of the disk (zeros included).
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { Repo } from './repo';
import { backupPoint, makeDisk, tempDir } from './test-support';

const BS = 64 * 1024;
const isRoot = process.getuid?.() === 0;
let dir: string;
let repo: Repo;
let image: Buffer;
let pointId: string;

beforeEach(async () => {
  dir = await tempDir();
  repo = await Repo.create(path.join(dir, 'repo'));
  image = makeDisk(BS, 'r0rdp0', 4096); // zero blocks inside, a partial tail
  pointId = (await backupPoint(repo, { 'vm/0': image }, BS)).id;
});
afterEach(async () => {
  await repo.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('restore onto a device', () => {
  it.runIf(isRoot)('a character device node stays a device (it is written into, never replaced by a file)', async () => {
    const node = path.join(dir, 'null');
    expect(spawnSync('mknod', [node, 'c', '1', '3']).status).toBe(0);
    await repo.restoreRaw(pointId, 'vm/0', node);
    const st = await fs.stat(node);
    expect(st.isCharacterDevice()).toBe(true);
    expect(st.rdev).toBe(os.platform() === 'linux' ? 259 : st.rdev); // still 1:3
    expect((await fs.readdir(dir)).filter((n) => n.includes('ferry-restore'))).toEqual([]);
  });

  it('/dev/null takes the restore and stays /dev/null', async () => {
    const before = await fs.stat('/dev/null');
    await repo.restoreRaw(pointId, 'vm/0', '/dev/null');
    const after = await fs.stat('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.ino).toBe(before.ino);
  });

  it.runIf(os.platform() !== 'win32')('a named pipe receives every byte of the disk, zeros included, in order', async () => {
    const fifo = path.join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const received = (async () => {
      const parts: Buffer[] = [];
      for await (const c of createReadStream(fifo)) parts.push(c as Buffer);
      return Buffer.concat(parts);
    })();
    await repo.restoreRaw(pointId, 'vm/0', fifo);
    expect((await received).equals(image)).toBe(true);
    expect((await fs.stat(fifo)).isFIFO()).toBe(true);
  });

  it.runIf(isRoot)('a block device (loop) is overwritten in place, old content included; a too-small one is refused untouched', async () => {
    const backing = path.join(dir, 'backing.img');
    await fs.writeFile(backing, Buffer.alloc(image.byteLength + 8192, 0xaa));
    const attach = spawnSync('losetup', ['-f', '--show', backing], { encoding: 'utf8' });
    if (attach.status !== 0) return void console.warn(`losetup unavailable here: ${attach.stderr}`);
    const loop = attach.stdout.trim();
    try {
      await repo.restoreRaw(pointId, 'vm/0', loop);
      expect((await fs.stat(loop)).isBlockDevice()).toBe(true);
      const fh = await fs.open(loop, 'r');
      const got = Buffer.alloc(image.byteLength + 8192);
      await fh.read(got, 0, got.byteLength, 0);
      await fh.close();
      expect(got.subarray(0, image.byteLength).equals(image)).toBe(true); // the 0xaa under the zero blocks is gone
      expect(got.subarray(image.byteLength).every((b) => b === 0xaa)).toBe(true); // nothing past the disk
    } finally {
      spawnSync('losetup', ['-d', loop]);
    }
    const small = path.join(dir, 'small.img');
    await fs.writeFile(small, Buffer.alloc(BS, 0xbb));
    const smallLoop = spawnSync('losetup', ['-f', '--show', small], { encoding: 'utf8' }).stdout.trim();
    try {
      await expect(repo.restoreRaw(pointId, 'vm/0', smallLoop)).rejects.toMatchObject({ code: ErrorCode.InvalidParams, message: expect.stringContaining('smaller') });
    } finally {
      spawnSync('losetup', ['-d', smallLoop]);
    }
    expect((await fs.readFile(small)).every((b) => b === 0xbb)).toBe(true);
  });

  it('a VHDX restore onto a device, or a restore onto a directory, is refused with E_INVALID_PARAMS', async () => {
    await expect(repo.restoreVhdx(pointId, 'vm/0', '/dev/null')).rejects.toMatchObject({ code: ErrorCode.InvalidParams, message: expect.stringContaining('device') });
    await expect(repo.restoreRaw(pointId, 'vm/0', dir)).rejects.toMatchObject({ code: ErrorCode.InvalidParams, message: expect.stringContaining('directory') });
    expect((await fs.stat('/dev/null')).isCharacterDevice()).toBe(true);
  });
});
