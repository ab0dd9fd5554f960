// Counting semaphores by key (task slots per proxy, snapshots per volume), FIFO, cancellable.
export class KeyedSemaphore {
  private readonly used = new Map<string, number>();
  private readonly waiters = new Map<string, Array<() => void>>();

  inUse(key: string): number {
    return this.used.get(key) ?? 0;
  }

  async acquire(key: string, limit: number, signal?: AbortSignal): Promise<() => void> {
    while (this.inUse(key) >= limit) {
      if (signal?.aborted) throw signal.reason;
      await new Promise<void>((resolve, reject) => {
        const q = this.waiters.get(key) ?? [];
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          this.waiters.set(key, (this.waiters.get(key) ?? []).filter((w) => w !== wake));
          reject(signal?.reason);
        };
        q.push(wake);
        this.waiters.set(key, q);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.used.set(key, this.inUse(key) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used.set(key, this.inUse(key) - 1);
      this.waiters.get(key)?.shift()?.();
    };
  }
}
