// Helper of scripts/bench.mjs (bundled by it with esbuild): builds and changes the benchmark's disks with
// Ferry's own VHDX writer, and measures this machine's single-thread hash / compress / read ceilings.
// Usage: node bench-disk.js make FILE SIZE_MIB | change FILE FRACTION RANGES.json | sparse FILE SIZE_GIB | ceilings FILE
import { createHash } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import zlib from 'node:zlib';
import { compressSync } from 'lz4-napi';
import { changeVhdx, keystream, textLike, writeMixedVhdx } from '../../src-main/engine/datamover/test-disks';
import { createDynamicVhdx, openDisk, VhdxWriter } from '../../src-main/engine/vhdx';

const MiB = 1024 * 1024;
const [cmd, file, arg, out] = process.argv.slice(2);

/** MiB/s of fn over `bytes`, best of 5 rounds (the least disturbed by other load). */
function ceiling(bytes: number, rounds: number, fn: () => unknown): number {
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < rounds; i++) fn();
    best = Math.min(best, performance.now() - t);
  }
  return Math.round((bytes * rounds) / MiB / (best / 1000));
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

switch (cmd) {
  case 'make':
    await writeMixedVhdx(file, { virtualSize: Number(arg) * MiB, seed: 'bench' });
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
    const result = {
      sha256_MBps: ceiling(MiB, 100, () => createHash('sha256').update(rnd).digest()),
      lz4_text_MBps: ceiling(MiB, 20, () => compressSync(text)),
      lz4_random_MBps: ceiling(MiB, 20, () => compressSync(rnd)),
      zstd3_text_MBps: ceiling(MiB, 10, () => zlib.zstdCompressSync(text, zstd(3))),
      zstd9_text_MBps: ceiling(MiB, 4, () => zlib.zstdCompressSync(text, zstd(9))),
      read_file_MBps: await readCeiling(file),
      lz4_text_ratio: Number((compressSync(text).length / MiB).toFixed(3)),
    };
    console.log(JSON.stringify(result));
    break;
  }
  default:
    console.error('usage: bench-disk make FILE SIZE_MIB | change FILE FRACTION RANGES.json | sparse FILE SIZE_GIB | ceilings FILE');
    process.exit(2);
}
