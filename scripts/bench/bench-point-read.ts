// Helper of scripts/bench.mjs (bundled by it with esbuild): one random 1 MiB read out of a restore point's disk
// through the point reader, in process — what a guest file restore of a 1 MB file costs. Prints JSON.
// Usage: node bench-point-read.js REPO POINT_ID DISK_KEY
import { openPointReader } from '../../src-main/engine/repository/point-reader';
import { Repo } from '../../src-main/engine/repository';

const MiB = 1024 * 1024;
const [repoDir, pointId, diskKey] = process.argv.slice(2);

const t0 = performance.now();
const reader = await openPointReader(repoDir, pointId, diskKey);
const opened = performance.now();
// an allocated 1 MiB range (a read of a hole would fetch nothing): one the manifest has a block at
const repo = await Repo.open(repoDir);
const blocks = (await repo.readManifest(pointId, diskKey)).blocks;
await repo.close();
const block = blocks[Math.floor(Math.random() * blocks.length)];
const offset = Math.min(block.offset + 12_345, Math.max(0, reader.size - MiB));
const t1 = performance.now();
const data = await reader.read(offset, MiB);
const t2 = performance.now();
await reader.close();
process.stdout.write(
  JSON.stringify({
    offset,
    bytes: data.byteLength,
    open_s: Number(((opened - t0) / 1000).toFixed(4)),
    read_s: Number(((t2 - t1) / 1000).toFixed(4)),
    total_s: Number(((opened - t0 + t2 - t1) / 1000).toFixed(4)),
    chunks_read: reader.stats.chunksRead,
    bytes_fetched_MB: Number((reader.stats.bytesFetched / MiB).toFixed(2)),
    block_size: reader.preferredBlockSize,
  }),
);
