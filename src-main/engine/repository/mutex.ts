/** Runs async sections one at a time, in call order (pack appends, commits, gc). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section, section);
    // The queue continues whether this section failed or not; the caller still sees the failure.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
