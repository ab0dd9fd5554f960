// The data mover's restore side: one disk of a restore point written on the target server, either as a whole
// new dynamic VHDX (under the temp name the engine chose; the engine renames it when every disk is complete) or
// in place into an existing VHDX, only the given ranges (quick rollback). The same task runs in this process or
// in the target's agent (restore data then never passes through the console).
import type { ByteRange } from './task';

export interface RestoreDiskTask {
  taskId: string;
  repositoryDir: string;
  pointId: string;
  /** the disk in the point, e.g. vm-dc01/0 */
  diskKey: string;
  /** the file to write, as the mover's machine sees it */
  path: string;
  /** new-file: creates `path` (replacing a leftover of an earlier attempt of this same task); in-place: `path` exists */
  write: 'new-file' | 'in-place';
  /** in-place: the ranges to write back from the point (everything else of the disk is left as it is) */
  ranges?: ByteRange[];
  /** server whose agent runs this task; undefined = this process */
  runOn?: string;
}

export type RestoreTaskEvent = { type: 'progress'; bytesTotal: number; bytesDone: number; bytesWritten: number } | { type: 'log'; level: 'info' | 'warning' | 'error'; text: string };

export interface RestoreTaskResult {
  /** bytes the mover wrote into the target file (a new file: its non-zero data; in place: the ranges) */
  bytesWritten: number;
  /** the disk's virtual size */
  bytesTotal: number;
  elapsedMs: number;
}

export interface DiskWriter {
  restore(task: RestoreDiskTask, onEvent: (e: RestoreTaskEvent) => void, signal: AbortSignal): Promise<RestoreTaskResult>;
}
