// Counting semaphore: the pipeline's backpressure. The reader takes a slot per block before reading it,
// and the slot comes back only when the block is written, found to be a duplicate, or zero.
export class Semaphore {
  private readonly waiters: Array<() => void> = [];

  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free++;
  }
}
