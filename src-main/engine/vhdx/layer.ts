// One file of a disk chain, seen as "where does each byte range of the virtual disk live".
// VHDX, VHD and raw files all reduce to this, so reads and allocation maps are written once (layered-reader).

export type Segment =
  | { kind: 'data'; offset: number; length: number; /** where the bytes start in this layer's file */ fileOffset: number }
  /** reads as zeros in this layer and hides any parent */
  | { kind: 'zero'; offset: number; length: number }
  /** not stored in this layer: inherited from the parent */
  | { kind: 'parent'; offset: number; length: number };

export interface DiskLayer {
  readonly path: string;
  readonly format: 'vhdx' | 'vhd' | 'raw';
  readonly virtualSize: number;
  readonly logicalSectorSize: number;
  /** Segments covering [offset, offset+length) exactly, in order, adjacent compatible ones merged. */
  map(offset: number, length: number): AsyncGenerator<Segment>;
  /** Copy `length` bytes at `fileOffset` of this layer's file into `target` (offsets come from map()). */
  readData(target: Buffer, targetOffset: number, length: number, fileOffset: number): Promise<void>;
  close(): Promise<void>;
}

/** Merges a stream of segments: same kind, touching, and (for data) contiguous in the file. */
export class SegmentCoalescer {
  private pending: Segment | undefined;

  /** Returns the previous segment once `next` cannot extend it. */
  push(next: Segment): Segment | undefined {
    const p = this.pending;
    if (p && p.kind === next.kind && p.offset + p.length === next.offset) {
      const contiguous = p.kind !== 'data' || (next.kind === 'data' && p.fileOffset + p.length === next.fileOffset);
      if (contiguous) {
        p.length += next.length;
        return undefined;
      }
    }
    this.pending = { ...next };
    return p;
  }

  flush(): Segment | undefined {
    const p = this.pending;
    this.pending = undefined;
    return p;
  }
}
