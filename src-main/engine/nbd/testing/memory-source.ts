// BlockSources for tests: bytes in memory, optionally slow (to catch a stop or a client mid-read).
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { BlockSource } from '../../guestfs/types';

export class MemorySource implements BlockSource {
  reads = 0;
  constructor(
    readonly bytes: Buffer,
    private readonly delayMs = 0,
  ) {}

  get size(): number {
    return this.bytes.byteLength;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    this.reads++;
    if (offset > this.size) throw new FerryError(ErrorCode.OutOfRange, `read at ${offset} beyond ${this.size}`);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    return Buffer.from(this.bytes.subarray(offset, offset + length));
  }
}

