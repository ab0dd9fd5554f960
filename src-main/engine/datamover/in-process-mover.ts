// The data mover running in this process (the console for on-host work, `ferry agent` on a proxy, the CLI):
// opens the disk from the exposed snapshot and runs it through the block pipeline into the repository.
import { availableParallelism } from 'node:os';
import { openDisk } from '../vhdx';
import type { Repo } from '../repository';
import { FerryError } from '../../../src-shared/contract/errors';
import { ThreadpoolProcessor, type BlockProcessor } from './block-processor';
import { DiskPipeline, type MoverHooks } from './disk-pipeline';
import type { Throttle } from './throttle';
import { WorkerPool } from './worker-pool';
import { agentReplicaTarget, localReplicaTarget } from './remote/replica-link';
import { runReplicaTask } from './replica-pipeline';
import type { ByteRange, DataMover, DiskTask, DiskTaskEvent, DiskTaskResult } from './task';

export type { MoverHooks } from './disk-pipeline';

const MiB = 1024 * 1024;

/** How the mover gets at a repository: RepoPool (holds the write lock only while tasks run), or one open Repo. */
export interface RepoAccess {
  use<T>(dir: string, fn: (repo: Repo) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export interface MoverOptions {
  /** where hashing and compression run; default: worker threads (see defaultProcessor) */
  processor?: BlockProcessor;
  /** raw bytes in flight per task (default 16 MiB): the memory ceiling, independent of the disk size */
  inflightBytes?: number;
  /** source reads issued at once per task (default 2) */
  readAhead?: number;
  /** cap shared by every task of this mover (a proxy-wide MiB/s limit) */
  throttle?: Throttle;
  /** this mover's version, told to a replica task's target agent (major.minor must match) */
  version?: string;
}

let sharedPool: WorkerPool | undefined;
let sharedThreadpool: ThreadpoolProcessor | undefined;

/**
 * Below this many bytes to read (a small incremental), worker threads cost more to start (~150-200 ms on a
 * 2-vCPU VM) than they save at the cheap levels: the calling thread hashes and libuv's threadpool runs lz4.
 * zstd stays in the workers: through node:zlib's async API it costs 2-3× the CPU (measured at level 9).
 */
const SMALL_READ_BYTES = 256 * MiB;

/**
 * One of each per process: concurrent disk tasks share the cores instead of each starting its own threads.
 * FERRY_BLOCK_PROCESSOR=workers|threadpool forces one (diagnostics, benchmarks).
 */
export function defaultProcessor(plannedReadBytes?: number, level?: DiskTask['compression']): BlockProcessor {
  const forced = process.env.FERRY_BLOCK_PROCESSOR;
  const smallAndCheap = plannedReadBytes !== undefined && plannedReadBytes <= SMALL_READ_BYTES && (level === 'none' || level === 'optimal');
  if (forced === 'threadpool' || (forced !== 'workers' && smallAndCheap)) return (sharedThreadpool ??= new ThreadpoolProcessor());
  return (sharedPool ??= new WorkerPool(Math.max(1, availableParallelism())));
}

/** The task with its base manifest read from the repository when it names a base point (see DiskTask.basePointId). */
async function resolveBase(repo: Repo, task: DiskTask): Promise<DiskTask & { baseUnavailable?: string; lostBaseBlocks?: number }> {
  if (task.baseManifest || !task.basePointId || !task.changedRanges) return rereadLostBlocks(repo, task);
  try {
    return await rereadLostBlocks(repo, { ...task, baseManifest: await repo.readManifest(task.basePointId, task.diskKey) });
  } catch (e) {
    return { ...task, baseUnavailable: `the previous restore point ${task.basePointId} cannot be read (${FerryError.from(e).message})` };
  }
}

/**
 * An incremental takes unchanged blocks from its base by hash. A block whose chunk the repository no longer
 * has intact (repair dropped a damaged copy; verify recorded one) is read again as if it had changed: the
 * backup stores it afresh, and so heals every older point that references the same data.
 */
async function rereadLostBlocks(repo: Repo, task: DiskTask): Promise<DiskTask & { lostBaseBlocks?: number }> {
  if (!task.baseManifest || !task.changedRanges) return task;
  const lost: ByteRange[] = [];
  for (const b of task.baseManifest.blocks) if (!(await repo.hasChunk(b.hash))) lost.push({ offset: b.offset, length: b.length });
  return lost.length === 0 ? task : { ...task, changedRanges: [...task.changedRanges, ...lost], lostBaseBlocks: lost.length };
}

export class InProcessDataMover implements DataMover {
  constructor(
    private readonly repos: RepoAccess,
    private readonly hooks: MoverHooks = {},
    private readonly options: MoverOptions = {},
  ) {}

  async run(task: DiskTask, onEvent: (e: DiskTaskEvent) => void, signal: AbortSignal): Promise<DiskTaskResult> {
    if (task.replica) {
      const r = task.replica;
      const target = r.target ? agentReplicaTarget(r.target, this.options.version ?? '0.0.0', signal) : localReplicaTarget();
      if (r.target) onEvent({ type: 'log', level: 'info', text: `Target data mover: agent on ${r.target.serverName} (${r.target.host}:${r.target.port}, TLS, pinned certificate)` });
      return runReplicaTask({ ...task, replica: r }, target, onEvent, signal, this.hooks);
    }
    const settings = {
      processorFor: (planned: number | undefined) => this.options.processor ?? defaultProcessor(planned, task.compression),
      inflightBytes: this.options.inflightBytes ?? 16 * MiB,
      readAhead: this.options.readAhead ?? 2,
      throttle: this.options.throttle,
    };
    return this.repos.use(
      task.repositoryDir,
      async (repo) => {
        const withBase = await resolveBase(repo, task);
        const disk = await openDisk(task.sourcePath);
        try {
          return await new DiskPipeline(withBase, disk, repo, settings, this.hooks, onEvent, signal).run();
        } finally {
          await disk.close();
        }
      },
      signal,
    );
  }
}
