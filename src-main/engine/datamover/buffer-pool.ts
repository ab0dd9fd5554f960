// The buffers a task's blocks live in. One per pipeline slot at most, reused block after block: a block's
// buffer goes to the processor and comes back (zero, duplicate, or holding the stored bytes), so the data
// path allocates nothing per block and its memory is exactly slots × block size, whatever the disk size.
export class BlockBuffers {
  private readonly free: ArrayBuffer[] = [];

  constructor(
    private readonly blockSize: number,
    private readonly max: number,
  ) {}

  /** A view of `length` (≤ block size) bytes over a buffer of its own. */
  take(length: number): Uint8Array {
    return new Uint8Array(this.free.pop() ?? new ArrayBuffer(this.blockSize), 0, length);
  }

  /** Hand a block's buffer back (any view on it). */
  give(view: Uint8Array): void {
    const buf = view.buffer;
    if (buf instanceof ArrayBuffer && buf.byteLength === this.blockSize && this.free.length < this.max && !this.free.includes(buf)) this.free.push(buf);
  }
}
