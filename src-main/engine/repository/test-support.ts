// Shared helpers for the repository tests (not part of the public surface).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compressChunk } from './codec';
import { sha256Hex } from './hash';
import type { Repo } from './repo';
import { isAllZero } from '../util/zero';
import type { Codec, DiskManifestInput, ManifestBlock } from './types';

export async function tempDir(prefix = 'ferry-repo-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A pid that certainly belonged to a process that has exited. */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

/** Rewrite the lock file as if its owner had died (what a crashed writer process leaves). */
export async function makeLockStale(repoDir: string): Promise<void> {
  const file = path.join(repoDir, 'lock');
  const owner = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  await fs.writeFile(file, JSON.stringify({ ...owner, pid: deadPid() }));
}

/**
 * Disk image for tests: random blocks, zero gaps and repeated blocks, in one buffer.
 * `pattern` per block: 'r' random, '0' zeros, 'd' duplicate of the first random block, 'p' partly zero.
 */
export function makeDisk(blockSize: number, pattern: string, tail = 0): Buffer {
  const parts: Buffer[] = [];
  let first: Buffer | undefined;
  for (const c of pattern) {
    if (c === '0') parts.push(Buffer.alloc(blockSize));
    else if (c === 'd') parts.push(Buffer.from(first ?? randomBytes(blockSize)));
    else if (c === 'p') parts.push(Buffer.concat([randomBytes(blockSize / 2), Buffer.alloc(blockSize / 2)]));
    else {
      const b = randomBytes(blockSize);
      first ??= b;
      parts.push(b);
    }
  }
  if (tail > 0) parts.push(randomBytes(tail));
  return Buffer.concat(parts);
}

/** What the data mover does: cut into blocks, skip zero blocks, compress, put, and build the manifest. */
export async function backupDisk(repo: Repo, diskKey: string, image: Buffer, blockSize: number, codec: Codec = 'zstd'): Promise<DiskManifestInput> {
  const blocks: ManifestBlock[] = [];
  for (let offset = 0; offset < image.byteLength; offset += blockSize) {
    const raw = image.subarray(offset, Math.min(offset + blockSize, image.byteLength));
    if (isAllZero(raw)) continue;
    const hash = sha256Hex(raw);
    if (!(await repo.hasChunk(hash))) await repo.putChunk(hash, await compressChunk(raw, codec), codec, raw.byteLength);
    blocks.push({ offset, length: raw.byteLength, hash });
  }
  return { diskKey, virtualSize: image.byteLength, blockSize, sourcePath: `C:\\VMs\\${diskKey.replace(/\W/g, '_')}.vhdx`, blocks };
}

export async function backupPoint(repo: Repo, disks: Record<string, Buffer>, blockSize: number, labels: Record<string, string> = {}, codec: Codec = 'zstd') {
  const w = repo.beginPoint(labels);
  for (const [key, image] of Object.entries(disks)) await w.addDisk(await backupDisk(repo, key, image, blockSize, codec));
  return w.commit();
}

export async function listFilesRecursive(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFilesRecursive(p)));
    else out.push(p);
  }
  return out;
}
