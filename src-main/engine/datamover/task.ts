// The data mover's task interface: one disk in, progress events out, one result. The orchestrator only
// knows this interface, so the mover can run in-process, in a worker or in the agent on the proxy.
import type { Compression } from '../../../src-shared/domain';
import type { z } from 'zod';
import type { DiskManifestInput } from '../repository';

export interface DiskTask {
  taskId: string;
  /** path of the disk inside the exposed snapshot, as the mover's machine sees it */
  sourcePath: string;
  /** unique per restore point, e.g. vm-dc01/0 */
  diskKey: string;
  repositoryDir: string;
  blockSize: number;
  compression: z.infer<typeof Compression>;
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
  /** ms spent waiting on source reads, processing (hash+compress), and target writes */
  busyMs: { source: number; proxy: number; target: number };
}

export type DiskTaskEvent =
  | { type: 'progress'; bytesTotal: number; stats: MoverStats }
  | { type: 'log'; level: 'info' | 'warning' | 'error'; text: string };

export interface DiskTaskResult {
  manifest: DiskManifestInput;
  stats: MoverStats;
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
  busyMs: { source: 0, proxy: 0, target: 0 },
});
