import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDisk } from '../vhdx';
import { makeTempDir, qemuImg } from '../vhdx/test-helpers';
import { Repo, type DiskManifestInput } from '../repository';
import { ThreadpoolProcessor, type BlockProcessor } from './block-processor';
import { DiskPipeline, type ChunkTarget } from './disk-pipeline';
import { InProcessDataMover } from './in-process-mover';
import { changeVhdx, writeMixedVhdx } from './test-disks';
import { WorkerPool } from './worker-pool';
import type { DiskTask, DiskTaskEvent, DiskTaskResult } from './task';

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZE = 24 * MiB;

let dir: string;
let cleanup: () => Promise<void>;
let disk: string;
let expected: Buffer;
const pool = new WorkerPool(2);

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  disk = join(dir, 'mixed.vhdx');
  await writeMixedVhdx(disk, { virtualSize: SIZE, seed: 'mover', dupClasses: 1 });
  expected = await toRaw(disk);
});
afterAll(async () => {
  await pool.close();
  await cleanup();
});

async function toRaw(file: string): Promise<Buffer> {
  const out = `${file}.expected.raw`;
  const r = await qemuImg('convert', '-O', 'raw', file, out);
  if (r.code !== 0) throw new Error(r.stderr);
  return readFile(out);
}

let repoCount = 0;
async function newRepo(): Promise<Repo> {
  return Repo.create(join(dir, `repo-${repoCount++}`), { verifyOnPut: true });
}

function task(over: Partial<DiskTask> = {}): DiskTask {
  return { taskId: 't', sourcePath: disk, diskKey: 'vm/0', repositoryDir: 'unused', blockSize: MiB, compression: 'optimal', ...over };
}

async function backup(repo: Repo, over: Partial<DiskTask> = {}, processor: BlockProcessor = pool, events: DiskTaskEvent[] = [], signal = new AbortController().signal): Promise<DiskTaskResult> {
  const mover = new InProcessDataMover({ use: (_dir, fn) => fn(repo) }, {}, { processor });
  return mover.run(task(over), (e) => events.push(e), signal);
}

async function restore(repo: Repo, manifest: DiskManifestInput): Promise<Buffer> {
  const w = repo.beginPoint({});
  await w.addDisk(manifest);
  const point = await w.commit();
  const out = join(dir, `restored-${point.id}.raw`);
  await repo.restoreRaw(point.id, manifest.diskKey, out);
  return readFile(out);
}

describe('InProcessDataMover', () => {
  // Every block size and every compression level at least once, restored byte for byte.
  it.each([
    [256 * KiB, 'none'],
    [512 * KiB, 'extreme'],
    [MiB, 'optimal'],
    [4 * MiB, 'high'],
  ] as const)('block size %i, compression %s: restores byte-identical to qemu-img convert', async (blockSize, compression) => {
    const repo = await newRepo();
    try {
      const r = await backup(repo, { blockSize, compression });
      expect(r.mode).toBe('full');
      const s = r.stats;
      expect(s.bytesProcessed).toBe(SIZE);
      expect(s.bytesRead).toBeLessThanOrEqual(SIZE);
      if (blockSize <= MiB) expect(s.bytesRead).toBeLessThan(SIZE); // unallocated space is never read
      if (blockSize <= MiB) expect(s.zeroBytes).toBeGreaterThan(0);
      if (blockSize <= MiB) expect(s.dedupedBytes).toBeGreaterThan(0); // the duplicate blocks
      if (compression === 'none') expect(s.bytesTransferred).toBeGreaterThanOrEqual(s.newRawBytes);
      else expect(s.bytesTransferred).toBeLessThan(s.newRawBytes * 0.85);
      for (const b of r.manifest.blocks) expect(Math.floor(b.offset / blockSize)).toBe(Math.floor((b.offset + b.length - 1) / blockSize));
      expect((await restore(repo, r.manifest)).equals(expected)).toBe(true);
      expect((await repo.verify((await repo.listPoints())[0].id)).ok).toBe(true);
    } finally {
      await repo.close();
    }
  });

  it('stores the same chunks whether worker threads or the threadpool do the work', async () => {
    const a = await newRepo();
    const b = await newRepo();
    try {
      const viaWorkers = await backup(a, {}, pool);
      const viaThreadpool = await backup(b, {}, new ThreadpoolProcessor());
      expect(viaThreadpool.manifest.blocks).toEqual(viaWorkers.manifest.blocks);
      expect(viaThreadpool.stats.newRawBytes).toBe(viaWorkers.stats.newRawBytes);
      // zstd's streaming (async) and one-shot (sync) frames differ by a header field or two, not in content
      expect(Math.abs(viaThreadpool.stats.bytesTransferred - viaWorkers.stats.bytesTransferred)).toBeLessThan(viaWorkers.stats.bytesTransferred / 100);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a second full of the same disk stores nothing new (dedupe across points)', async () => {
    const repo = await newRepo();
    try {
      const first = await backup(repo);
      const second = await backup(repo, { diskKey: 'vm/1' });
      expect(second.stats.bytesTransferred).toBe(0);
      expect(second.stats.dedupedBytes).toBe(second.stats.bytesRead - second.stats.zeroBytes);
      expect(second.manifest.blocks).toEqual(first.manifest.blocks);
    } finally {
      await repo.close();
    }
  });

  it('an incremental reads only the changed cells and still describes the whole disk', async () => {
    const repo = await newRepo();
    const changed = join(dir, 'changed.vhdx');
    try {
      await copyFile(disk, changed);
      const full = await backup(repo, { sourcePath: changed });
      const ranges = await changeVhdx(changed, SIZE, 0.1, 'incr');
      const events: DiskTaskEvent[] = [];
      const incr = await backup(repo, { sourcePath: changed, changedRanges: ranges, baseManifest: full.manifest }, pool, events);
      expect(incr.mode).toBe('incremental');
      const changedBytes = ranges.reduce((n, r) => n + r.length, 0);
      expect(incr.stats.bytesRead).toBe(changedBytes); // 1 MiB-aligned changes on a 1 MiB grid
      expect(incr.stats.reusedBytes).toBeGreaterThan(0);
      expect(events.some((e) => e.type === 'log' && /Change tracking: \d+ changed range/.test(e.text))).toBe(true);
      const fresh = await backup(repo, { sourcePath: changed, diskKey: 'vm/full' });
      expect(incr.manifest.blocks).toEqual(fresh.manifest.blocks);
      expect((await restore(repo, incr.manifest)).equals(await toRaw(changed))).toBe(true);
    } finally {
      await repo.close();
    }
  });

  it('a broken change-tracking chain forces a full, with a warning', async () => {
    const repo = await newRepo();
    try {
      const base: DiskManifestInput = { diskKey: 'vm/0', virtualSize: SIZE * 2, blockSize: MiB, sourcePath: disk, blocks: [] };
      const events: DiskTaskEvent[] = [];
      const r = await backup(repo, { changedRanges: [{ offset: 0, length: MiB }], baseManifest: base }, pool, events);
      expect(r.mode).toBe('full');
      expect(r.fullReason).toMatch(/disk size changed/);
      expect(events.some((e) => e.type === 'log' && e.level === 'warning' && /chain is broken/.test(e.text))).toBe(true);
      expect((await restore(repo, r.manifest)).equals(expected)).toBe(true);
    } finally {
      await repo.close();
    }
  });

  it('reads the base itself from the repository when the task names a base point (the agent path); a point that is gone breaks the chain', async () => {
    const repo = await newRepo();
    const changed = join(dir, 'based.vhdx');
    try {
      await copyFile(disk, changed);
      const full = await backup(repo, { sourcePath: changed });
      const w = repo.beginPoint({});
      await w.addDisk(full.manifest);
      const base = await w.commit();
      const ranges = await changeVhdx(changed, SIZE, 0.05, 'based');
      const incr = await backup(repo, { sourcePath: changed, changedRanges: ranges, basePointId: base.id });
      expect(incr.mode).toBe('incremental');
      expect(incr.stats.bytesRead).toBe(ranges.reduce((n, r) => n + r.length, 0));
      expect((await restore(repo, incr.manifest)).equals(await toRaw(changed))).toBe(true);

      const events: DiskTaskEvent[] = [];
      const gone = await backup(repo, { sourcePath: changed, changedRanges: ranges, basePointId: '20200101T000000000Z-deadbeef' }, pool, events);
      expect(gone.mode).toBe('full');
      expect(gone.fullReason).toMatch(/previous restore point 20200101T000000000Z-deadbeef cannot be read/);
      expect(events.some((e) => e.type === 'log' && e.level === 'warning' && /chain is broken/.test(e.text))).toBe(true);
    } finally {
      await repo.close();
    }
  });

  it('throttles source reads to the task limit', async () => {
    const repo = await newRepo();
    const raw = join(dir, 'small.raw');
    await writeFile(raw, expected.subarray(0, 6 * MiB));
    try {
      const started = performance.now();
      const r = await backup(repo, { sourcePath: raw, throttleMBps: 8, compression: 'none' });
      // whatever of the 6 MiB holds data is read at ≤ 8 MiB/s (the first block passes at once)
      const minMs = ((r.stats.bytesRead - MiB) / (8 * MiB)) * 1000;
      expect(r.stats.bytesRead).toBeGreaterThan(2 * MiB);
      expect(performance.now() - started).toBeGreaterThanOrEqual(minMs * 0.9);
      // the wait is measured as its own stage: most of the task's time went to the traffic rule, not to a component
      // (time spent reading and writing between two waits is paid out of the pace, hence not all of minMs)
      expect(r.stats.busyMs.throttle).toBeGreaterThanOrEqual(minMs * 0.5);
      expect(r.stats.busyMs.throttle).toBeLessThanOrEqual(r.stats.elapsedMs);
      expect(r.stats.busyMs.throttle).toBeGreaterThan(r.stats.busyMs.source + r.stats.busyMs.target);
    } finally {
      await repo.close();
    }
  });

  it('follows a traffic window while it reads: capped inside the span, unlimited once it ends, each change logged', async () => {
    const repo = await newRepo();
    try {
      const events: DiskTaskEvent[] = [];
      const started = performance.now();
      const now = Date.now();
      // 4 MiB/s for the first 300 ms: a cap for the whole disk would take ≥ 4 s for what it reads
      const r = await backup(repo, { throttleSchedule: [{ fromMs: now - 1000, toMs: now + 300, mibPerSec: 4 }], compression: 'none' }, pool, events);
      const elapsed = performance.now() - started;
      const logs = events.flatMap((e) => (e.type === 'log' ? [e.text] : []));
      const ruleLogs = logs.filter((t) => t.startsWith('Proxy traffic rule'));
      expect(ruleLogs).toEqual([expect.stringMatching(/^Proxy traffic rule in force: source reads capped at 4 MB\/s until /), 'Proxy traffic rule ends: source reads unlimited']);
      const cappedMs = ((r.stats.bytesRead - MiB) / (4 * MiB)) * 1000;
      expect(r.stats.bytesRead).toBeGreaterThan(16 * MiB);
      expect(elapsed).toBeLessThan(cappedMs);
      expect((await restore(repo, r.manifest)).equals(expected)).toBe(true);
      // a span that has not started yet: nothing capped, nothing logged
      const later = await backup(repo, { throttleSchedule: [{ fromMs: now + 3_600_000, toMs: now + 7_200_000, mibPerSec: 1 }], compression: 'none' }, pool, (events.length = 0, events));
      expect(later.stats.bytesProcessed).toBe(SIZE);
      expect(later.stats.busyMs.throttle).toBeLessThan(50);
      expect(events.some((e) => e.type === 'log' && e.text.startsWith('Proxy traffic rule'))).toBe(false);
    } finally {
      await repo.close();
    }
  });

  it('stops on cancel with E_CANCELLED; a re-run resumes without re-sending what was stored', async () => {
    const repo = await newRepo();
    try {
      const ac = new AbortController();
      let reads = 0;
      const mover = new InProcessDataMover({ use: (_d, fn) => fn(repo) }, { beforeRead: () => void (++reads === 8 && ac.abort()) }, { processor: pool });
      await expect(mover.run(task({ compression: 'none' }), () => undefined, ac.signal)).rejects.toMatchObject({ code: 'E_CANCELLED' });
      const again = await backup(repo, { compression: 'none' });
      expect(again.stats.dedupedBytes).toBeGreaterThan(2 * MiB); // the blocks stored before the cancel
      const other = await newRepo();
      const whole = await backup(other, { compression: 'none' });
      await other.close();
      expect(again.stats.newRawBytes + again.stats.dedupedBytes).toBe(whole.stats.newRawBytes + whole.stats.dedupedBytes);
      expect((await restore(repo, again.manifest)).equals(expected)).toBe(true);
    } finally {
      await repo.close();
    }
  });

  it('keeps the blocks in flight, and the buffers they use, under the ceiling, however slow the target', async () => {
    const inner = new ThreadpoolProcessor();
    let live = 0;
    let maxLive = 0;
    const buffers = new Set<ArrayBufferLike>();
    let digests = 0;
    const counting: BlockProcessor = {
      parallelism: 1,
      async digest(data, source) {
        digests++;
        buffers.add(data.buffer);
        maxLive = Math.max(maxLive, ++live);
        const d = await inner.digest(data, source);
        if (d.digest.zero) live--;
        return d;
      },
      pack: (job, level) => inner.pack(job, level).finally(() => void live--),
      drop: (job) => inner.drop(job).finally(() => void live--),
      close: () => inner.close(),
    };
    const stored = new Set<string>();
    const slowTarget: ChunkTarget = {
      hasChunk: async (h) => stored.has(h),
      putChunk: async (h, data) => {
        await new Promise((r) => setTimeout(r, 3));
        stored.add(h);
        return data.byteLength;
      },
    };
    const reader = await openDisk(disk);
    try {
      const settings = { processorFor: () => counting, inflightBytes: 2 * MiB, readAhead: 2 };
      const r = await new DiskPipeline(task({ blockSize: 256 * KiB }), reader, slowTarget, settings, {}, () => undefined, new AbortController().signal).run();
      expect(r.stats.newRawBytes).toBeGreaterThan(4 * MiB);
      expect(maxLive).toBeLessThanOrEqual(8); // 2 MiB / 256 KiB
      expect(maxLive).toBeGreaterThan(1);
      // every block of the disk went through the same few buffers: memory does not grow with the disk
      expect(digests).toBeGreaterThan(40);
      expect(buffers.size).toBeLessThanOrEqual(8);
      expect(r.stats.busyMs.target).toBeLessThanOrEqual(r.stats.elapsedMs);
      expect(r.stats.busyMs.source).toBeLessThanOrEqual(r.stats.elapsedMs);
    } finally {
      await reader.close();
    }
  });

  it('fails the task with E_INTERNAL, not a hang, when a worker dies', async () => {
    const bogus = join(dir, 'dies.mjs');
    await writeFile(bogus, 'process.exit(3);\n');
    const broken = new WorkerPool(1, new URL(`file://${bogus}`));
    const repo = await newRepo();
    try {
      await expect(backup(repo, {}, broken)).rejects.toMatchObject({ code: 'E_INTERNAL' });
    } finally {
      await broken.close();
      await repo.close();
    }
  });
});
