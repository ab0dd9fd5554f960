// The data mover's task interface: one disk in, progress events out, one result. The orchestrator only
// knows this interface, so the mover can run in-process, in a worker or in the agent on the proxy.
import type { Compression } from '../../../src-shared/domain';
import type { z } from 'zod';
import type { DiskManifestInput } from '../repository';
import type { ThrottleSpan } from './throttle';
import type { AgentEndpoint } from '../platform/types';

/** A byte range of the virtual disk. */
export interface ByteRange {
  offset: number;
  length: number;
}

export interface DiskTask {
  taskId: string;
  /** path of the disk inside the exposed snapshot, as the mover's machine sees it */
  sourcePath: string;
  /** the disk as an admin knows it (its path on the host's volume), for the log; default sourcePath */
  displayPath?: string;
  /** unique per restore point, e.g. vm-dc01/0 */
  diskKey: string;
  /** a backup's repository ('' for a replica task) */
  repositoryDir: string;
  /** instead of the repository: write this disk as a replica point on the target host (replica-pipeline.ts) */
  replica?: ReplicaTask;
  blockSize: number;
  compression: z.infer<typeof Compression>;
  /** server whose agent runs this task (the proxy, off-host); undefined = this process */
  runOn?: string;
  /**
   * Ranges written since `baseManifest` was taken (RCT on Windows, the lab's write log). With a usable base
   * only these are read; every other block reuses the base's hash. A broken chain (no base, size or block
   * size changed, ranges outside the disk) falls back to a full read, logged as a warning.
   */
  changedRanges?: ByteRange[];
  /** the previous restore point's manifest of this same disk */
  baseManifest?: DiskManifestInput;
  /**
   * Instead of baseManifest: the restore point whose manifest of this same diskKey is the base. The mover reads
   * it from the repository itself, so a manifest never crosses the console → agent connection. A point that is
   * gone or unreadable breaks the chain (full read, with the reason).
   */
  basePointId?: string;
  /** cap on source reads for this task, in MiB/s; absent or 0 = unlimited */
  throttleMBps?: number;
  /** instead of throttleMBps: a cap that applies only during these spans (a proxy's traffic window), followed
   *  while the disk is read; outside them reads are unlimited */
  throttleSchedule?: ThrottleSpan[];
}

/** A replica disk: the point's file on the target, its parent (the previous point), and how to reach the target's mover. */
export interface ReplicaTask {
  file: string;
  /** the previous point: only changedRanges are sent, into a differencing disk over it; absent: every allocated block */
  parentFile?: string;
  /** the target host's agent (pinned TLS); null: the target-side writer runs in this process (lab without agents) */
  target: AgentEndpoint | null;
  /** the same id when a cut-off transfer is resumed */
  transferId: string;
}

export interface MoverStats {
  /** bytes of the virtual disk covered so far (allocated or not) */
  bytesProcessed: number;
  /** bytes actually read from the source */
  bytesRead: number;
  /** bytes written to the repository after dedupe and compression */
  bytesTransferred: number;
  /** read bytes that were all zeros */
  zeroBytes: number;
  /** read bytes whose chunk was already in the repository */
  dedupedBytes: number;
  /** raw bytes of newly stored chunks (for the compression ratio) */
  newRawBytes: number;
  /**
   * ms each stage was busy: source reads, proxy CPU (hash+compress), network/queue to the target, target writes;
   * throttle: ms the reader waited on a traffic rule (absent from agents older than this field: 0)
   */
  busyMs: { source: number; proxy: number; network: number; target: number; throttle?: number };
  /** wall-clock ms the task has been running (denominator for busy %) */
  elapsedMs: number;
  /** incremental: bytes of the disk carried over from the base manifest without reading */
  reusedBytes?: number;
}

export type DiskTaskEvent =
  | { type: 'progress'; bytesTotal: number; stats: MoverStats }
  | { type: 'log'; level: 'info' | 'warning' | 'error'; text: string };

export interface DiskTaskResult {
  manifest: DiskManifestInput;
  stats: MoverStats;
  /** 'incremental' when change tracking was used; a requested incremental that fell back says why */
  mode?: 'full' | 'incremental';
  fullReason?: string;
  /** a replica task: the committed point file (the manifest then lists no blocks: the data is in that file) */
  replica?: { file: string; fileBytes: number; resumedFrom: number };
}

export interface DataMover {
  run(task: DiskTask, onEvent: (e: DiskTaskEvent) => void, signal: AbortSignal): Promise<DiskTaskResult>;
}

export const emptyStats = (): MoverStats => ({
  bytesProcessed: 0,
  bytesRead: 0,
  bytesTransferred: 0,
  zeroBytes: 0,
  dedupedBytes: 0,
  newRawBytes: 0,
  busyMs: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 },
  elapsedMs: 0,
});
