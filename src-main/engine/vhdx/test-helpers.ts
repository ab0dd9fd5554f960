// Shared by the *.test.ts files: temp dirs, qemu-img, deterministic test data. Not used by production code.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isAllZero } from '../util/zero';
import type { DiskExtent, DiskReader } from './disk-reader';
import { openDisk } from './reader';

const run = promisify(execFile);

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-vhdx-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function qemuImg(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('qemu-img', args, { maxBuffer: 16 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: typeof err.code === 'number' ? err.code : 1 };
  }
}

export async function vhdiInfo(file: string): Promise<string> {
  const { stdout } = await run('vhdiinfo', [file]);
  return stdout;
}

/**
 * Mounts `file` with libvhdi's vhdimount (FUSE) and returns the bytes of the top layer, or undefined when
 * FUSE is not available here. libvhdi is an independent reader, so it catches shared writer/reader mistakes.
 */
export async function readWithVhdimount(file: string, mountPoint: string): Promise<Buffer | undefined> {
  await mkdir(mountPoint, { recursive: true });
  const mounted = await run('vhdimount', [file, mountPoint]).then(
    () => true,
    () => false,
  );
  if (!mounted) return undefined;
  try {
    const layers = (await readdir(mountPoint)).filter((f) => /^vhdi\d+$/.test(f)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
    return await readFile(join(mountPoint, layers[layers.length - 1]));
  } finally {
    await run('fusermount', ['-u', mountPoint]).catch(() => run('umount', [mountPoint]));
  }
}

export async function qemuIo(format: string, file: string, ...commands: string[]): Promise<void> {
  await run('qemu-io', ['-f', format, ...commands.flatMap((c) => ['-c', c]), file]);
}

/** Deterministic pseudo-random bytes (xorshift32), so a failing comparison is reproducible. */
export function pseudoRandom(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  const words = new Uint32Array(out.buffer, out.byteOffset, Math.floor(length / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return out;
}

/**
 * A raw disk image with a mix of content: random runs, zero runs, a few isolated non-zero sectors,
 * and data in the last sector. Written to `path`, returned for comparison.
 */
export async function writePatternedRaw(path: string, size: number, seed: number): Promise<Buffer> {
  const img = Buffer.alloc(size);
  const MiB = 1024 * 1024;
  const put = (offset: number, data: Buffer): void => {
    if (offset < size) data.copy(img, offset, 0, Math.min(data.length, size - offset));
  };
  put(0, pseudoRandom(3 * MiB + 4096, seed));
  put(5 * MiB + 512, pseudoRandom(512, seed + 1));
  put(9 * MiB - 4096, pseudoRandom(2 * MiB + 8192, seed + 2));
  for (let o = 14 * MiB; o < size - MiB; o += 3 * MiB + 7 * 512) put(o, pseudoRandom(64 * 1024, seed + o));
  put(size - 512, pseudoRandom(512, seed + 3));
  await writeFile(path, img);
  return img;
}

export async function collectExtents(reader: DiskReader): Promise<DiskExtent[]> {
  const out: DiskExtent[] = [];
  for await (const e of reader.extents()) out.push(e);
  return out;
}

/** Extents must tile [0, virtualSize) with alternating kinds; zero extents must really be zero. */
export async function checkExtentsAgainst(reader: DiskReader, expected: Buffer): Promise<DiskExtent[]> {
  const extents = await collectExtents(reader);
  let pos = 0;
  let previous: string | undefined;
  for (const e of extents) {
    if (e.offset !== pos) throw new Error(`extent gap/overlap at ${pos}: ${JSON.stringify(e)}`);
    if (e.length <= 0) throw new Error(`empty extent ${JSON.stringify(e)}`);
    if (e.kind === previous) throw new Error(`adjacent ${e.kind} extents not merged at ${e.offset}`);
    if (e.kind === 'zero' && !isAllZero(expected.subarray(e.offset, e.offset + e.length))) {
      throw new Error(`zero extent ${e.offset}+${e.length} covers non-zero data`);
    }
    previous = e.kind;
    pos += e.length;
  }
  if (pos !== reader.virtualSize) throw new Error(`extents cover ${pos} of ${reader.virtualSize} bytes`);
  return extents;
}

/** Overwrite bytes in a file in place (corruption tests). */
export async function patchFile(path: string, offset: number, bytes: Uint8Array): Promise<void> {
  const h = await open(path, 'r+');
  try {
    await h.write(bytes, 0, bytes.length, offset);
  } finally {
    await h.close();
  }
}

export async function readFileRange(path: string, offset: number, length: number): Promise<Buffer> {
  const h = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    await h.read(buf, 0, length, offset);
    return buf;
  } finally {
    await h.close();
  }
}

/** The error opening a disk fails with (the test fails when it opens). */
export async function openError(path: string): Promise<{ code: string; message: string }> {
  try {
    await (await openDisk(path)).close();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error(`${path} opened without error`);
}
