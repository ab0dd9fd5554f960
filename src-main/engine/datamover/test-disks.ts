// Realistic VM-disk content for tests and the benchmark (not used by production code): unallocated space,
// allocated zeros, compressible text-like data, incompressible data, and blocks duplicated elsewhere on
// the disk. Deterministic for a seed, and fast enough to build gigabytes (AES-CTR keystream, not JS loops).
import { createCipheriv, createHash } from 'node:crypto';
import { createDynamicVhdx, VhdxWriter } from '../vhdx';
import type { ByteRange } from './task';

const MiB = 1024 * 1024;

export type UnitKind = 'unallocated' | 'zero' | 'text' | 'random' | 'dup';

/** Share of each kind, in percent (sums to 100). */
export type ContentMix = Record<UnitKind, number>;

export const REALISTIC_MIX: ContentMix = { unallocated: 25, zero: 10, text: 30, random: 25, dup: 10 };

/** Deterministic pseudo-random bytes (AES-128-CTR keystream of a seed-derived key). */
export function keystream(length: number, seed: string): Buffer {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  return cipher.update(Buffer.alloc(length));
}

const WORDS = (() => {
  const k = keystream(16 * 1024, 'ferry-words');
  const out: string[] = [];
  for (let i = 0; out.length < 400; i += 9) {
    const len = 3 + (k[i] % 7);
    out.push(Array.from(k.subarray(i + 1, i + 1 + len), (b) => String.fromCharCode(97 + (b % 26))).join(''));
  }
  return out;
})();

/**
 * 2 MiB of log-like text built once (what much of a server's compressible data looks like: templates with
 * varying fields); blocks are remixed from it so every one is distinct.
 */
const CORPUS = (() => {
  const k = keystream(4 * MiB, 'ferry-corpus');
  const levels = ['INFO ', 'INFO ', 'INFO ', 'DEBUG', 'WARN ', 'ERROR'];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 2 * MiB; i += 16) {
    const w = (j: number) => WORDS[k.readUInt16LE(i + j) % WORDS.length];
    const line =
      `2024-05-${String(1 + (k[i] % 28)).padStart(2, '0')}T${String(k[i + 1] % 24).padStart(2, '0')}:${String(k[i + 2] % 60).padStart(2, '0')}:${String(k[i + 3] % 60).padStart(2, '0')}.${k.readUInt16LE(i + 4) % 1000}Z ` +
      `${levels[k[i + 6] % levels.length]} [${w(7)}-${k[i + 9] % 16}] ${w(10)} ${w(12)} id=${k.readUInt32LE(i + 12).toString(16)} user=${w(8)} status=${k[i + 14] % 3 ? 200 : 404} ms=${k[i + 15]}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''), 'latin1');
})();

/** Text-like (lz4 ≈ 3:1): 4 KiB pieces of the corpus at pseudo-random offsets, each stamped with its position. */
export function textLike(length: number, seed: string): Buffer {
  const out = Buffer.alloc(length);
  const pick = keystream(Math.ceil(length / 4096) * 4, seed);
  for (let o = 0, i = 0; o < length; o += 4096, i += 4) {
    const from = pick.readUInt32LE(i) % (CORPUS.length - 4096);
    CORPUS.copy(out, o, from, from + Math.min(4096, length - o));
    if (o + 16 <= length) out.write(`${seed}:${o}`.padEnd(16).slice(0, 16), o, 'latin1');
  }
  return out;
}

/** Which kind a unit of the disk is: a fixed pseudo-random pattern with the mix's proportions. */
export function unitKind(index: number, mix: ContentMix, seed: string): UnitKind {
  const roll = createHash('sha256').update(`${seed}/${index}`).digest().readUInt32LE(0) % 100;
  let acc = 0;
  for (const kind of ['unallocated', 'zero', 'text', 'random', 'dup'] as const) {
    acc += mix[kind];
    if (roll < acc) return kind;
  }
  return 'unallocated';
}

export interface MixedDiskOptions {
  virtualSize: number;
  /** VHDX block size (default 1 MiB) */
  vhdxBlockSize?: number;
  logicalSectorSize?: 512 | 4096;
  /** content is decided per unit of this many bytes (default 1 MiB) */
  unit?: number;
  mix?: ContentMix;
  seed?: string;
  /** how many distinct blocks the 'dup' units repeat (default 8) */
  dupClasses?: number;
}

/** Content of one unit ('unallocated' → null: never written). */
export function unitContent(index: number, unit: number, kind: UnitKind, seed: string, dupClasses = 8): Buffer | null {
  switch (kind) {
    case 'unallocated':
      return null;
    case 'zero':
      return Buffer.alloc(unit);
    case 'text':
      return textLike(unit, `${seed}/t${index}`);
    case 'random':
      return keystream(unit, `${seed}/r${index}`);
    case 'dup':
      // one of a few recurring blocks: the same OS file in many places, or the same data on several disks
      return textLike(unit, `${seed}/dup${index % dupClasses}`);
  }
}

/** A dynamic VHDX filled with the mix. Allocated-zero units are written non-zero first, then zeroed. */
export async function writeMixedVhdx(path: string, opts: MixedDiskOptions): Promise<void> {
  const unit = opts.unit ?? MiB;
  const seed = opts.seed ?? 'ferry';
  const mix = opts.mix ?? REALISTIC_MIX;
  await createDynamicVhdx(path, { virtualSize: opts.virtualSize, blockSize: opts.vhdxBlockSize ?? MiB, logicalSectorSize: opts.logicalSectorSize });
  const w = await VhdxWriter.open(path);
  try {
    for (let i = 0; i * unit < opts.virtualSize; i++) {
      const kind = unitKind(i, mix, seed);
      const data = unitContent(i, unit, kind, seed, opts.dupClasses);
      if (!data) continue;
      const offset = i * unit;
      const slice = data.subarray(0, Math.min(unit, opts.virtualSize - offset));
      // The writer does not allocate for zeros: allocate with data, then zero it (freed guest space).
      if (kind === 'zero') await w.write(offset, Buffer.alloc(slice.length, 1));
      await w.write(offset, slice);
    }
  } finally {
    await w.close();
  }
}

/**
 * Overwrites about `fraction` of the disk in runs of 1–8 units at pseudo-random places (VM writes cluster),
 * half with text-like and half with incompressible data. Returns the ranges written (the change data).
 */
export async function changeVhdx(path: string, virtualSize: number, fraction: number, seed: string, unit = MiB): Promise<ByteRange[]> {
  const units = Math.floor(virtualSize / unit);
  const target = Math.round(units * fraction);
  const changed = new Set<number>();
  for (let i = 0; changed.size < target; i++) {
    const pick = createHash('sha256').update(`${seed}/pick${i}`).digest();
    const start = pick.readUInt32LE(0) % units;
    const run = 1 + (pick[4] & 7);
    for (let u = start; u < Math.min(units, start + run) && changed.size < target; u++) changed.add(u);
  }
  const sorted = [...changed].sort((a, b) => a - b);
  const w = await VhdxWriter.open(path);
  try {
    for (const u of sorted) await w.write(u * unit, u % 2 ? keystream(unit, `${seed}/c${u}`) : textLike(unit, `${seed}/c${u}`));
  } finally {
    await w.close();
  }
  return sorted.map((u) => ({ offset: u * unit, length: unit }));
}
