import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { Repo } from './repo';
import { backupPoint, listFilesRecursive, makeDisk, tempDir } from './test-support';

const BS = 32 * 1024;
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Flip one byte inside the stored copy of `needle` (codec 'none' stores chunks verbatim). */
async function flipByteOf(repoDir: string, needle: Buffer): Promise<void> {
  for (const file of await listFilesRecursive(path.join(repoDir, 'packs'))) {
    if (!file.endsWith('.pack')) continue;
    const bytes = await fs.readFile(file);
    const at = bytes.indexOf(needle);
    if (at < 0) continue;
    bytes[at + 100] ^= 0xff;
    await fs.writeFile(file, bytes);
    return;
  }
  throw new Error('chunk bytes not found in any pack');
}

describe('verify', () => {
  it('reports ok with counts and progress for an intact point', async () => {
    const repo = await Repo.create(dir);
    const image = makeDisk(BS, 'rr0d');
    const info = await backupPoint(repo, { 'vm/0': image, 'vm/1': makeDisk(BS, 'r') }, BS);
    const seen: Array<[number, number]> = [];
    const report = await repo.verify(info.id, (done, total) => seen.push([done, total]));
    expect(report).toEqual({ ok: true, pointId: info.id, chunksChecked: 3, bytesChecked: 3 * BS, damaged: [] });
    expect(seen.at(-1)).toEqual([4 * BS, 4 * BS]);
    await repo.close();
  });

  it('a flipped byte in stored chunk data names the disk and every byte range using that chunk', async () => {
    const repo = await Repo.create(dir);
    const image = makeDisk(BS, 'r0rd'); // block 3 repeats block 0
    const other = makeDisk(BS, 'r');
    const info = await backupPoint(repo, { 'vm-01/0': image, 'vm-01/1': other }, BS, {}, 'none');
    await repo.close();
    await flipByteOf(dir, image.subarray(0, BS));

    const reader = await Repo.open(dir);
    const report = await reader.verify(info.id);
    expect(report.ok).toBe(false);
    expect(report.damaged).toEqual([
      { diskKey: 'vm-01/0', ranges: [{ offset: 0, length: BS }, { offset: 3 * BS, length: BS }], reason: expect.stringContaining('damaged') },
    ]);
    // restore refuses to produce a wrong image
    const out = path.join(dir, 'out.raw');
    await expect(reader.restoreRaw(info.id, 'vm-01/0', out)).rejects.toMatchObject({ code: ErrorCode.RepoCorrupt });
    await expect(fs.access(out)).rejects.toThrow();
    expect((await fs.readdir(dir)).filter((n) => n.includes('ferry-restore'))).toEqual([]);
    // the undamaged disk still restores
    await reader.restoreRaw(info.id, 'vm-01/1', out);
    expect((await fs.readFile(out)).equals(other)).toBe(true);
    await reader.close();
  });

  it('content that no longer matches its hash is caught even when the pack CRCs are consistent', async () => {
    const repo = await Repo.create(dir);
    const image = makeDisk(BS, 'rr');
    const info = await backupPoint(repo, { 'vm/0': image }, BS, {}, 'none');
    await repo.close();
    // Rewrite record payload and fix its CRC, as a buggy writer would have: only the SHA-256 check can tell.
    const { crc32 } = await import('node:zlib');
    for (const file of await listFilesRecursive(path.join(dir, 'packs'))) {
      if (!file.endsWith('.pack')) continue;
      const bytes = await fs.readFile(file);
      const at = bytes.indexOf(image.subarray(BS, 2 * BS));
      if (at < 0) continue;
      bytes[at + 5] ^= 1;
      const header = at - 56;
      bytes.writeUInt32LE(crc32(bytes.subarray(at, at + BS)), header + 48);
      bytes.writeUInt32LE(crc32(bytes.subarray(header, header + 52)), header + 52);
      await fs.writeFile(file, bytes);
    }
    const report = await (await Repo.open(dir)).verify(info.id);
    expect(report.damaged).toEqual([{ diskKey: 'vm/0', ranges: [{ offset: BS, length: BS }], reason: 'chunk content does not match its hash' }]);
  });

  it('a missing pack or manifest is reported, not thrown', async () => {
    const repo = await Repo.create(dir);
    const info = await backupPoint(repo, { 'vm/0': makeDisk(BS, 'r0r'), 'vm/1': makeDisk(BS, 'rr') }, BS);
    await repo.close();
    await fs.rm(path.join(dir, 'manifests', info.id, '1.fmf'));
    const report = await (await Repo.open(dir)).verify(info.id);
    expect(report.ok).toBe(false);
    expect(report.damaged).toEqual([{ diskKey: 'vm/1', ranges: [{ offset: 0, length: 2 * BS }], reason: expect.stringContaining('manifest unreadable') }]);

    for (const f of await listFilesRecursive(path.join(dir, 'packs'))) await fs.rm(f);
    const report2 = await (await Repo.open(dir)).verify(info.id);
    expect(report2.damaged).toContainEqual({
      diskKey: 'vm/0',
      ranges: [{ offset: 0, length: BS }, { offset: 2 * BS, length: BS }],
      reason: 'chunk missing from repository',
    });
  });

  it('verify of an unknown point is NotFound', async () => {
    const repo = await Repo.create(dir);
    await expect(repo.verify('20250101T000000000Z-00000000')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await repo.close();
  });
});
