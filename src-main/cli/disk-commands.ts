// Repository-level commands for admins' scripts: back up / restore one disk file, verify, forget, gc.
// They work on a repository folder directly (no console data folder, no lab). Arguments are checked before
// anything is written: a usage error (exit 2) leaves the repository exactly as it was.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { Compression } from '../../src-shared/domain';
import type { z } from 'zod';
import { openDisk } from '../engine/vhdx';
import { Repo, type PointInfo, type VerifyReport } from '../engine/repository';
import type { MoverStats } from '../engine/datamover/task';
import { backupDisk } from './disk-backup';
import { checkRangesFit, readChangedRanges } from './changed-ranges';
import { fmtBytes, ProgressReporter } from './progress';
import { requireString } from './args';
import { UsageError, type CliIo, type Command } from './command';

const KiB = 1024;
const MiB = 1024 * KiB;
const BLOCK_SIZES: Record<string, number> = { '256K': 256 * KiB, '512K': 512 * KiB, '1M': MiB, '4M': 4 * MiB };
const COMPRESSION: Record<string, z.infer<typeof Compression>> = { none: 'none', lz4: 'optimal', zstd3: 'high', zstd9: 'extreme' };

const repoOpt = { repo: { type: 'string' as const } };

function choice<T>(name: string, v: unknown, table: Record<string, T>, fallback: string): T {
  const key = typeof v === 'string' ? (v.toUpperCase() in table ? v.toUpperCase() : v.toLowerCase()) : fallback;
  const hit = table[key];
  if (hit === undefined) throw new UsageError(`${name} must be one of ${Object.keys(table).join(', ')}`);
  return hit;
}

/** Parallel backups into one repository take turns: one writer at a time. */
const DEFAULT_LOCK_WAIT_S = 120;

function wholeSeconds(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d{1,6}$/.test(v)) throw new UsageError(`${name} must be a whole number of seconds`);
  return Number(v);
}

function positiveNumber(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  if (!(n > 0)) throw new UsageError(`${name} must be a positive number`);
  return n;
}

/** Opens an existing repository (never creates one): E_REPO_MISSING when DIR holds none. */
async function openExisting(dir: string): Promise<Repo> {
  return Repo.open(resolve(dir));
}

async function withRepo<T>(dir: string, fn: (repo: Repo) => Promise<T>): Promise<T> {
  const repo = await openExisting(dir);
  try {
    return await fn(repo);
  } finally {
    await repo.close();
  }
}

/** Ctrl-C stops the operation cleanly (chunks written so far stay; a re-run resumes through dedupe). */
function abortOnSigint(): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  return { signal: ac.signal, dispose: () => process.off('SIGINT', stop) };
}

function summary(s: MoverStats): string {
  const secs = s.elapsedMs / 1000;
  return `read ${fmtBytes(s.bytesRead)}, stored ${fmtBytes(s.bytesTransferred)} new, ${fmtBytes(s.dedupedBytes)} deduplicated, ${fmtBytes(s.zeroBytes)} zero, in ${secs.toFixed(1)} s`;
}

export const diskCommands: Record<string, Command> = {
  'disk backup': {
    usage: 'ferry disk backup FILE --repo DIR [--block-size 256K|512K|1M|4M] [--compression lz4|zstd3|zstd9|none] [--changed RANGES.json] [--throttle MIBPS] [--lock-wait SECONDS] [--json]',
    summary: 'Back up one disk file (VHDX, VHD or raw; parents next to it) as a new restore point; prints its id. Waits up to --lock-wait (default 120 s) while another process writes the repository',
    options: {
      ...repoOpt,
      'block-size': { type: 'string' },
      compression: { type: 'string' },
      changed: { type: 'string' },
      throttle: { type: 'string' },
      'lock-wait': { type: 'string' },
      json: { type: 'boolean' },
    },
    positionals: 1,
    async run({ values, positionals }, io) {
      const repoDir = resolve(requireString('--repo', values.repo));
      const file = resolve(positionals[0]);
      const blockSize = choice('--block-size', values['block-size'], BLOCK_SIZES, '1M');
      const compression = choice('--compression', values.compression, COMPRESSION, 'lz4');
      const throttleMBps = positiveNumber('--throttle', values.throttle);
      const lockWaitMs = wholeSeconds('--lock-wait', values['lock-wait'], DEFAULT_LOCK_WAIT_S) * 1000;
      const changedFile = typeof values.changed === 'string' ? values.changed : undefined;
      const changedRanges = changedFile ? await readChangedRanges(changedFile) : undefined;
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) throw new UsageError(`${positionals[0]} is not a disk file`);
      // Opened once here to check the format and size before the repository is touched.
      const disk = await openDisk(file);
      const virtualSize = disk.virtualSize;
      await disk.close();
      if (changedRanges && changedFile) checkRangesFit(changedRanges, virtualSize, changedFile);

      const repo = await Repo.openOrCreate(repoDir, { verifyOnPut: false }); // the mover checks every compressed chunk itself
      const progress = new ProgressReporter('backup', io);
      const sigint = abortOnSigint();
      try {
        // Before the first read: a backup that cannot store what it reads must not read it.
        await repo.acquireWriteLock({ waitMs: lockWaitMs, signal: sigint.signal, onWait: (e) => io.err(`waiting for the repository lock: ${e.message}`) });
        const outcome = await backupDisk(
          repo,
          { file, blockSize, compression, changedRanges, throttleMBps },
          (e) => {
            if (e.type === 'progress') progress.update(e.stats.bytesProcessed, e.bytesTotal);
            else if (e.level !== 'info') {
              progress.finish();
              io.err(`${e.level}: ${e.text}`);
            }
          },
          sigint.signal,
        ).catch(async (e: unknown) => {
          progress.finish();
          await discardFailedBackup(repo, e, sigint.signal, io);
          throw e;
        });
        progress.finish();
        const { result } = outcome;
        if (values.json) {
          io.out(
            JSON.stringify({
              id: outcome.pointId,
              diskKey: outcome.diskKey,
              mode: result.mode ?? 'full',
              ...(result.fullReason ? { fullReason: result.fullReason } : {}),
              ...(outcome.parentPointId ? { parentPointId: outcome.parentPointId } : {}),
              virtualSize,
              blockSize,
              compression,
              stats: result.stats,
            }),
          );
        } else {
          io.err(`${result.mode === 'incremental' ? 'Incremental' : 'Full'} backup of ${file}: ${summary(result.stats)}`);
          io.out(outcome.pointId);
        }
        return 0;
      } finally {
        sigint.dispose();
        progress.finish();
        await repo.close();
      }
    },
  },

  'disk restore': {
    usage: 'ferry disk restore --repo DIR --point ID --out FILE [--format raw|vhdx] [--disk KEY] [--force]',
    summary: 'Restore the disk of a restore point to a raw image or a dynamic VHDX (byte-identical content); --force replaces an existing file, or writes into an existing block/character device (raw)',
    options: { ...repoOpt, point: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, disk: { type: 'string' }, force: { type: 'boolean' } },
    async run({ values }, io) {
      const repoDir = requireString('--repo', values.repo);
      const pointId = requireString('--point', values.point);
      const out = resolve(requireString('--out', values.out));
      const format = choice('--format', values.format, { raw: 'raw', vhdx: 'vhdx' } as const, 'raw');
      if (!values.force && (await stat(out).catch(() => null))) throw new UsageError(`${out} exists; pass --force to replace it`);
      return withRepo(repoDir, async (repo) => {
        const point = await repo.getPoint(pointId);
        const diskKey = pickDisk(point, values.disk);
        const progress = new ProgressReporter('restore', io);
        const onProgress = (done: number, total: number) => progress.update(done, total);
        try {
          if (format === 'vhdx') await repo.restoreVhdx(point.id, diskKey, out, onProgress);
          else await repo.restoreRaw(point.id, diskKey, out, onProgress);
        } finally {
          progress.finish();
        }
        io.out(`Restored ${diskKey} from ${point.id} to ${out} (${format})`);
        return 0;
      });
    },
  },

  'repo verify': {
    usage: 'ferry repo verify --repo DIR [--point ID] [--json]',
    summary: 'Re-read and re-hash every chunk of one or all restore points; exit 1 and name the damage if any',
    options: { ...repoOpt, point: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }, io) {
      const repoDir = requireString('--repo', values.repo);
      return withRepo(repoDir, async (repo) => {
        const points = typeof values.point === 'string' ? [await repo.getPoint(values.point)] : await repo.listPoints();
        const reports: VerifyReport[] = [];
        for (const p of points) {
          const progress = new ProgressReporter(`verify ${p.id}`, io);
          try {
            reports.push(await repo.verify(p.id, (done, total) => progress.update(done, total)));
          } finally {
            progress.finish();
          }
        }
        const ok = reports.every((r) => r.ok);
        reportRecordedDamage(reports, io);
        if (values.json) io.out(JSON.stringify({ ok, points: reports }));
        else {
          if (reports.length === 0) io.out('The repository has no restore points');
          for (const r of reports) {
            if (r.ok) io.out(`OK ${r.pointId}: ${r.chunksChecked} chunks, ${fmtBytes(r.bytesChecked)} re-read and re-hashed`);
            for (const d of r.damaged) {
              const ranges = d.ranges.map((x) => `${x.offset}+${x.length}`).join(', ');
              io.out(`DAMAGED ${r.pointId}: disk ${d.diskKey}: ${d.reason}; ranges ${ranges}`);
            }
          }
        }
        return ok ? 0 : 1;
      });
    },
  },

  'repo forget': {
    usage: 'ferry repo forget --repo DIR --keep-last N',
    summary: 'Forget all but the newest N restore points (their chunks are freed by repo gc)',
    options: { ...repoOpt, 'keep-last': { type: 'string' } },
    async run({ values }, io) {
      const repoDir = requireString('--repo', values.repo);
      const raw = requireString('--keep-last', values['keep-last']);
      if (!/^\d+$/.test(raw)) throw new UsageError('--keep-last must be a whole number');
      const keepLast = Number(raw);
      return withRepo(repoDir, async (repo) => {
        const { removed, kept } = await repo.forget({ keepLast });
        for (const p of removed) io.out(`forgot ${p.id} (${p.createdAt})`);
        io.out(`Forgot ${removed.length} restore point(s), kept ${kept.length}. Run 'ferry repo gc' to free their space.`);
        return 0;
      });
    },
  },

  'repo gc': {
    usage: 'ferry repo gc --repo DIR',
    summary: 'Delete chunks no restore point needs any more (never one a live point references)',
    options: repoOpt,
    async run({ values }, io) {
      const repoDir = requireString('--repo', values.repo);
      return withRepo(repoDir, async (repo) => {
        const r = await repo.gc();
        io.out(`Removed ${r.chunksRemoved} chunk(s), freed ${fmtBytes(r.bytesFreed)} (${r.packsDeleted} pack(s) deleted, ${r.packsRewritten} rewritten); ${r.liveChunks} live chunks in ${r.pointsScanned} point(s)`);
        if (r.packsSkipped.length > 0) io.err(`warning: ${r.packsSkipped.length} pack(s) were left alone because a live chunk in them is damaged; run 'ferry repo repair'`);
        return 0;
      });
    },
  },

  'repo repair': {
    usage: 'ferry repo repair --repo DIR [--json]',
    summary: 'Re-check every pack; rebuild damaged indexes, move damaged packs to quarantine/ (sound chunks kept), name the points that lost data (exit 1); a later backup of the same data heals them',
    options: { ...repoOpt, json: { type: 'boolean' } },
    async run({ values }, io) {
      const repoDir = requireString('--repo', values.repo);
      return withRepo(repoDir, async (repo) => {
        const r = await repo.repair();
        if (values.json) {
          io.out(JSON.stringify({ ok: r.pointsLost.length === 0, ...r }));
          return r.pointsLost.length === 0 ? 0 : 1;
        }
        io.out(
          `Checked ${r.packsChecked} pack(s), ${r.chunksChecked} chunk(s): ${r.indexesRebuilt.length} index(es) rebuilt, ${r.packsSalvaged.length} damaged pack(s) moved to quarantine/, ${r.chunksDropped} damaged chunk(s) dropped`,
        );
        for (const p of r.packsSalvaged) io.out(`salvaged ${p.salvaged} chunk(s) of pack ${p.packId}, dropped ${p.dropped}; original kept at ${p.quarantined}`);
        for (const p of r.pointsLost) {
          for (const d of p.damaged) {
            const ranges = d.ranges.map((x) => `${x.offset}+${x.length}`).join(', ');
            io.out(`LOST ${p.pointId}: disk ${d.diskKey}: ${d.reason}; ranges ${ranges}`);
          }
        }
        if (r.pointsLost.length > 0) {
          io.out(`${r.pointsLost.length} restore point(s) lost data. The next backup of the same disk stores those blocks again (if they are unchanged), and the points then verify OK.`);
        } else {
          io.out('Every restore point references only intact data.');
        }
        return r.pointsLost.length === 0 ? 0 : 1;
      });
    },
  },
};

/**
 * A failed backup removes the data it wrote (a full volume stays full otherwise, and nothing references it).
 * An interrupted one (Ctrl-C) keeps it: a re-run finds those chunks and sends only the rest. A backup that lost
 * the lock touches nothing: the repository is someone else's now.
 */
async function discardFailedBackup(repo: Repo, e: unknown, signal: AbortSignal, io: CliIo): Promise<void> {
  if (signal.aborted || (e instanceof FerryError && e.code === ErrorCode.RepoLockLost)) return;
  try {
    const freed = await repo.discardUnreferencedWrites();
    if (freed > 0) io.err(`The backup failed; the ${fmtBytes(freed)} it had written were removed.`);
  } catch (cleanup) {
    io.err(`warning: the data the failed backup wrote could not be removed (${FerryError.from(cleanup).message}); 'ferry repo gc' removes it`);
  }
}

/** Verify recorded the damaged copies it found (damaged/): say what that means, or why it could not. */
function reportRecordedDamage(reports: readonly VerifyReport[], io: CliIo): void {
  const copies = reports.reduce((n, r) => n + (r.recorded?.copies ?? 0), 0);
  const failed = reports.find((r) => r.recorded?.error)?.recorded?.error;
  if (failed) io.err(`warning: the damaged chunks could not be recorded in the repository (${failed}); later backups may reuse them`);
  else if (copies > 0) io.err(`Recorded ${copies} damaged chunk copy(ies): the next backup stores fresh copies instead of reusing them; 'ferry repo repair' moves the damaged packs to quarantine/`);
}

export function pickDisk(point: PointInfo, wanted: unknown): string {
  if (typeof wanted === 'string') {
    if (!point.disks.some((d) => d.diskKey === wanted)) throw new FerryError(ErrorCode.NotFound, `Restore point ${point.id} has no disk ${wanted}`);
    return wanted;
  }
  if (point.disks.length !== 1) throw new UsageError(`restore point ${point.id} has ${point.disks.length} disks (${point.disks.map((d) => d.diskKey).join(', ')}); pick one with --disk KEY`);
  return point.disks[0].diskKey;
}
