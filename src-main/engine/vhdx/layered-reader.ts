// A DiskReader over a chain of layers (child first). Each byte range is served by the first layer that
// stores it; 'parent' segments fall through to the next layer, and past the base they read as zeros.
import type { DiskExtent, DiskReader } from './disk-reader';
import { badRequest } from './errors';
import type { DiskLayer, Segment } from './layer';

type Resolved = Segment & { layer: number };

/** One read returns one Buffer; callers stream large disks in chunks far below this. */
export const MAX_READ_LENGTH = 1024 * 1024 * 1024;

export class LayeredDiskReader implements DiskReader {
  readonly path: string;
  readonly format: 'vhdx' | 'vhd' | 'raw';
  readonly virtualSize: number;
  readonly logicalSectorSize: number;
  private closed = false;

  /** `layers[0]` is the file that was opened, each next one its parent. The reader owns and closes them. */
  constructor(readonly layers: readonly DiskLayer[]) {
    const top = layers[0];
    this.path = top.path;
    this.format = top.format;
    this.virtualSize = top.virtualSize;
    this.logicalSectorSize = top.logicalSectorSize;
  }

  async *extents(): AsyncIterable<DiskExtent> {
    this.assertOpen();
    let pending: DiskExtent | undefined;
    for await (const seg of this.resolve(0, 0, this.virtualSize)) {
      const kind = seg.kind === 'data' ? 'data' : 'zero';
      if (pending && pending.kind === kind) {
        pending.length += seg.length;
        continue;
      }
      if (pending) yield pending;
      pending = { offset: seg.offset, length: seg.length, kind };
    }
    if (pending) yield pending;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    this.checkRange(offset, length);
    const out = Buffer.alloc(length);
    await this.fill(out, offset, true);
    return out;
  }

  /**
   * Read `target.byteLength` bytes at `offset` into the caller's buffer (zero regions are zero-filled): the
   * data mover reads every block into a buffer it reuses, instead of a fresh zeroed allocation per block
   * that page-faults in, is copied once more and then becomes garbage.
   */
  async readInto(target: Uint8Array, offset: number): Promise<void> {
    await this.fill(Buffer.from(target.buffer, target.byteOffset, target.byteLength), offset, false);
  }

  /** `out` zeroed already: zero segments need no writing. */
  private async fill(out: Buffer, offset: number, zeroed: boolean): Promise<void> {
    const length = out.length;
    this.checkRange(offset, length);
    for await (const seg of this.resolve(0, offset, length)) {
      if (seg.kind === 'data') await this.layers[seg.layer].readData(out, seg.offset - offset, seg.length, seg.fileOffset);
      else if (!zeroed) out.fill(0, seg.offset - offset, seg.offset - offset + seg.length);
    }
  }

  private checkRange(offset: number, length: number): void {
    this.assertOpen();
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.virtualSize) {
      throw badRequest(this.path, `read of ${length} bytes at ${offset} is outside the virtual disk (${this.virtualSize} bytes)`);
    }
    if (length > MAX_READ_LENGTH) throw badRequest(this.path, `read of ${length} bytes exceeds the ${MAX_READ_LENGTH}-byte limit per call`);
  }

  private async *resolve(layer: number, offset: number, length: number): AsyncGenerator<Resolved> {
    for await (const seg of this.layers[layer].map(offset, length)) {
      if (seg.kind !== 'parent') yield { ...seg, layer };
      else if (layer + 1 < this.layers.length) yield* this.resolve(layer + 1, seg.offset, seg.length);
      else yield { kind: 'zero', offset: seg.offset, length: seg.length, layer };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeAll(this.layers);
  }

  private assertOpen(): void {
    if (this.closed) throw badRequest(this.path, 'disk reader is closed');
  }
}

export async function closeAll(items: ReadonlyArray<{ close(): Promise<void> }>): Promise<void> {
  const results = await Promise.allSettled(items.map((i) => i.close()));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}
