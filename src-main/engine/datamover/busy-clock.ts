// Wall-clock time during which a stage had at least one operation in flight. Overlapping operations
// count once, so busy ms never exceeds elapsed ms and the busy % the console shows stays meaningful.
export class BusyClock {
  private active = 0;
  private since = 0;
  private total = 0;

  start(): void {
    if (this.active++ === 0) this.since = performance.now();
  }

  stop(): void {
    if (this.active === 0) return;
    if (--this.active === 0) this.total += performance.now() - this.since;
  }

  /** busy ms so far, including a span still open */
  get ms(): number {
    return this.total + (this.active > 0 ? performance.now() - this.since : 0);
  }

  async time<T>(work: () => Promise<T>): Promise<T> {
    this.start();
    try {
      return await work();
    } finally {
      this.stop();
    }
  }
}
