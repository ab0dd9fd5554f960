// The read-side contract the data mover programs against, whatever the file format.

/** 'zero' = unallocated / ZERO / UNMAPPED / UNDEFINED: reads as zeros and need not be read. */
export interface DiskExtent {
  offset: number;
  length: number;
  kind: 'data' | 'zero';
}

export interface DiskReader {
  readonly path: string;
  readonly format: 'vhdx' | 'vhd' | 'raw';
  readonly virtualSize: number;
  readonly logicalSectorSize: number;
  /** Allocation map in virtual-disk order covering [0, virtualSize) exactly, adjacent extents of the same kind merged. Streamed. */
  extents(): AsyncIterable<DiskExtent>;
  /** Read `length` bytes of the virtual disk at `offset` (offset+length <= virtualSize). Zero regions return zeros. */
  read(offset: number, length: number): Promise<Buffer>;
  /** The same into the caller's buffer (`target.byteLength` bytes at `offset`), where the format allows it. */
  readInto?(target: Uint8Array, offset: number): Promise<void>;
  close(): Promise<void>;
}
