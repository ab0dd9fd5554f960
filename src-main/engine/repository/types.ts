// Public types of the backup repository. The data mover and the service are written against these.

export type Codec = 'none' | 'lz4' | 'zstd';

/** Lowercase hex SHA-256 of the UNCOMPRESSED chunk bytes. */
export type ChunkHash = string;

export interface ManifestBlock {
  offset: number;
  length: number;
  hash: ChunkHash;
}

export interface DiskManifestInput {
  /** e.g. 'vm-01/0' (vmId/diskIndex); unique within a point; [A-Za-z0-9._:/-] */
  diskKey: string;
  virtualSize: number;
  /** the job block size used to cut chunks */
  blockSize: number;
  sourcePath: string;
  /** sorted by offset, non-overlapping; offsets not listed read as zeros */
  blocks: ManifestBlock[];
  meta?: Record<string, unknown>;
}

export interface PointDiskInfo {
  diskKey: string;
  virtualSize: number;
  /** stored (compressed) bytes of the distinct chunks this disk references, shared or not */
  storedBytes: number;
  sourcePath: string;
}

export interface PointInfo {
  id: string;
  createdAt: string;
  labels: Record<string, string>;
  disks: PointDiskInfo[];
}

export interface DamagedRanges {
  diskKey: string;
  ranges: Array<{ offset: number; length: number }>;
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  pointId: string;
  /** distinct chunks re-read and re-hashed */
  chunksChecked: number;
  /** uncompressed bytes of those chunks */
  bytesChecked: number;
  damaged: DamagedRanges[];
  /**
   * Damaged chunk copies this verify recorded in the repository (damaged/), so the next backup stores fresh
   * ones instead of deduplicating against them; `error` when they could not be recorded (read-only media).
   */
  recorded?: { copies: number; error?: string };
}

/** A restore point under construction: nothing visible until commit() returns. */
export interface PointWriter {
  readonly id: string;
  addDisk(m: DiskManifestInput): Promise<void>;
  commit(): Promise<PointInfo>;
  abort(): Promise<void>;
}

export type ProgressFn = (done: number, total: number) => void;

/** Label that links an incremental point to the point it was taken after. */
export const PARENT_POINT_LABEL = 'parentPointId';
