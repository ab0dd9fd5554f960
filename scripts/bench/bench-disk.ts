// Helper of scripts/bench.mjs (bundled by it with esbuild): builds and changes the benchmark's disks with
// Ferry's own VHDX writer, and measures this machine's single-thread hash / compress / read ceilings.
// Usage: node bench-disk.js make FILE SIZE_MIB [VARIANT] | change FILE FRACTION RANGES.json | sparse FILE SIZE_GIB |
//        ceilings FILE | compose FILE
import { createHash } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import zlib from 'node:zlib';
import { compressSync } from 'lz4-napi';
import { changeVhdx, keystream, REALISTIC_MIX, textLike, writeMixedVhdx, type ContentMix } from '../../src-main/engine/datamover/test-disks';
import { cellsOfExtents } from '../../src-main/engine/datamover/block-grid';
import { digestBlock, packBlock, syncCodecs } from '../../src-main/engine/datamover/block-worker';
import { createDynamicVhdx, openDisk, VhdxWriter } from '../../src-main/engine/vhdx';

const MiB = 1024 * 1024;
const [cmd, file, arg, out] = process.argv.slice(2);

/**
 * MiB/s of fn over `bytes`, best of 5 rounds (the least disturbed by other load): by wall time, and by this
 * thread's CPU time (what the work costs per byte, which other load on a shared machine hardly changes).
 */
function ceiling(bytes: number, rounds: number, fn: () => unknown): { wall: number; cpu: number } {
  let best = Infinity;
  let bestCpu = Infinity;
  const cpuMs = () => {
    const c = process.threadCpuUsage();
    return (c.user + c.system) / 1000;
  };
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    const c = cpuMs();
    for (let i = 0; i < rounds; i++) fn();
    best = Math.min(best, performance.now() - t);
    bestCpu = Math.min(bestCpu, cpuMs() - c);
  }
  const rate = (ms: number) => Math.round((bytes * rounds) / MiB / (Math.max(ms, 0.001) / 1000));
  return { wall: rate(best), cpu: rate(bestCpu) };
}

async function readCeiling(path: string): Promise<number> {
  const fh = await open(path, 'r');
  const buf = Buffer.alloc(4 * MiB);
  const t = performance.now();
  let total = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  await fh.close();
  return Math.round(total / MiB / ((performance.now() - t) / 1000));
}

/**
 * Disk contents besides the default realistic mix (`npm run bench` with BENCH_VARIANTS=1), so no single disk is
 * what the numbers are tuned to. `unit` is how finely the content changes: 64 KiB units put duplicates (and
 * every other kind) at alignments that are not the backup's 1 MiB grid.
 */
const VARIANTS: Record<string, { mix: ContentMix; unit?: number }> = {
  realistic: { mix: REALISTIC_MIX },
  zeros: { mix: { unallocated: 10, zero: 90, text: 0, random: 0, dup: 0 } },
  text: { mix: { unallocated: 0, zero: 0, text: 100, random: 0, dup: 0 } },
  incompressible: { mix: { unallocated: 0, zero: 0, text: 0, random: 100, dup: 0 } },
  'dup-heavy': { mix: { unallocated: 10, zero: 5, text: 20, random: 15, dup: 50 } },
  'mixed-64k': { mix: REALISTIC_MIX, unit: 64 * 1024 },
};

/**
 * What a perfect pipeline has to do for this disk at Ferry's 1 MiB grid: hash every allocated non-zero block,
 * compress the distinct blocks that are stored compressed (Ferry's own packBlock decides, as in a backup).
 */
async function compose(path: string) {
  const d = await openDisk(path);
  const buf = new Uint8Array(MiB);
  const seen = new Set<string>();
  let allocated = 0;
  let zero = 0;
  let hashed = 0;
  let compressed = 0;
  let stored = 0;
  try {
    for await (const cell of cellsOfExtents(d.extents(), MiB, d.virtualSize)) {
      const view = buf.subarray(0, cell.length);
      const reader = d as typeof d & { readInto?: (t: Uint8Array, o: number) => Promise<void> };
      if (reader.readInto) await reader.readInto(view, cell.offset);
      else view.set(await d.read(cell.offset, cell.length));
      allocated += cell.length;
      const digest = digestBlock(view);
      if (digest.zero) {
        zero += cell.length;
        continue;
      }
      hashed += cell.length;
      if (seen.has(digest.hash)) continue;
      seen.add(digest.hash);
      const packed = await packBlock(syncCodecs, 'optimal', view);
      stored += packed.data.byteLength;
      if (packed.codec !== 'none') compressed += cell.length;
    }
  } finally {
    await d.close();
  }
  const mb = (n: number) => Math.round(n / MiB);
  return { virtual_MB: mb(d.virtualSize), allocated_MB: mb(allocated), zero_MB: mb(zero), hashed_MB: mb(hashed), unique_MB: mb(seen.size * MiB), compressed_MB: mb(compressed), stored_MB: mb(stored) };
}

switch (cmd) {
  case 'make': {
    const variant = VARIANTS[out ?? 'realistic'];
    if (!variant) throw new Error(`unknown variant ${out}: one of ${Object.keys(VARIANTS).join(', ')}`);
    await writeMixedVhdx(file, { virtualSize: Number(arg) * MiB, seed: 'bench', mix: variant.mix, ...(variant.unit ? { unit: variant.unit } : {}) });
    break;
  }
  case 'variants':
    console.log(JSON.stringify(Object.keys(VARIANTS).filter((v) => v !== 'realistic')));
    break;
  case 'compose':
    console.log(JSON.stringify(await compose(file)));
    break;
  case 'change': {
    const d = await openDisk(file);
    const virtualSize = d.virtualSize;
    await d.close();
    const ranges = await changeVhdx(file, virtualSize, Number(arg), 'bench-change');
    await writeFile(out, JSON.stringify(ranges));
    break;
  }
  case 'sparse': {
    // A big thin disk: a few hundred MiB of data scattered over it, the rest never written.
    const size = Number(arg) * 1024 * MiB;
    await createDynamicVhdx(file, { virtualSize: size, blockSize: 32 * MiB });
    const w = await VhdxWriter.open(file);
    for (let i = 0; i < 64; i++) await w.write(Math.floor(((size / 64) * i) / MiB) * MiB, i % 2 ? keystream(4 * MiB, `s${i}`) : textLike(4 * MiB, `s${i}`));
    await w.close();
    break;
  }
  case 'ceilings': {
    const text = textLike(MiB, 'ceil');
    const rnd = keystream(MiB, 'ceil');
    const zstd = (level: number) => ({ params: { [zlib.constants.ZSTD_c_compressionLevel]: level } });
    const sha = ceiling(MiB, 100, () => createHash('sha256').update(rnd).digest());
    const lz4Text = ceiling(MiB, 20, () => compressSync(text));
    const result = {
      sha256_MBps: sha.wall,
      lz4_text_MBps: lz4Text.wall,
      lz4_random_MBps: ceiling(MiB, 20, () => compressSync(rnd)).wall,
      zstd3_text_MBps: ceiling(MiB, 10, () => zlib.zstdCompressSync(text, zstd(3))).wall,
      zstd9_text_MBps: ceiling(MiB, 4, () => zlib.zstdCompressSync(text, zstd(9))).wall,
      read_file_MBps: await readCeiling(file),
      lz4_text_ratio: Number((compressSync(text).length / MiB).toFixed(3)),
      sha256_cpu_MBps: sha.cpu,
      lz4_text_cpu_MBps: lz4Text.cpu,
    };
    console.log(JSON.stringify(result));
    break;
  }
  default:
    console.error('usage: bench-disk make FILE SIZE_MIB [VARIANT] | variants | compose FILE | change FILE FRACTION RANGES.json | sparse FILE SIZE_GIB | ceilings FILE');
    process.exit(2);
}
