// Turns in-order writes at arbitrary byte offsets into sector-aligned writes (VHDX accepts only those).
// Bytes between writes that share a sector are zeros, which is what a manifest gap reads as anyway.
import type { DiskImageSink } from './restore-raw';

export class SectorAligner implements DiskImageSink {
  private pendingStart = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly out: DiskImageSink,
    private readonly sector: number,
  ) {}

  async write(offset: number, data: Buffer): Promise<void> {
    const pendingEnd = this.pendingStart + this.pendingBytes;
    if (this.pendingBytes > 0 && offset < this.alignUp(pendingEnd)) {
      if (offset < pendingEnd) throw new Error(`write at ${offset} goes backwards (pending data up to ${pendingEnd})`);
      this.push(Buffer.alloc(offset - pendingEnd)); // same sector: zero-fill the gap
    } else {
      await this.flushAll();
      this.pendingStart = offset - (offset % this.sector);
      this.push(Buffer.alloc(offset - this.pendingStart));
    }
    this.push(data);
    await this.flushAlignedPrefix();
  }

  /** Emit whatever is pending, zero-padded to a whole sector. */
  async flushAll(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const padded = this.alignUp(this.pendingBytes) - this.pendingBytes;
    if (padded > 0) this.push(Buffer.alloc(padded));
    await this.emit(this.pendingBytes);
  }

  private async flushAlignedPrefix(): Promise<void> {
    const whole = this.pendingBytes - (this.pendingBytes % this.sector);
    if (whole > 0) await this.emit(whole);
  }

  private async emit(bytes: number): Promise<void> {
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const rest = all.subarray(bytes);
    await this.out.write(this.pendingStart, all.subarray(0, bytes));
    this.pendingStart += bytes;
    this.pending = rest.byteLength > 0 ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.byteLength;
  }

  private push(b: Buffer): void {
    if (b.byteLength === 0) return;
    this.pending.push(b);
    this.pendingBytes += b.byteLength;
  }

  private alignUp(n: number): number {
    return Math.ceil(n / this.sector) * this.sector;
  }
}
