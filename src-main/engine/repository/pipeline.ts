/**
 * Run `produce` over items with up to `width` in flight, handing results to `consume` strictly in item order.
 * Restore and verify use it so reading the next chunks overlaps with writing/hashing the current one.
 */
export async function orderedPipeline<T, R>(
  items: readonly T[],
  width: number,
  produce: (item: T) => Promise<R>,
  consume: (result: R, item: T, index: number) => Promise<void> | void,
): Promise<void> {
  const inFlight: Array<Promise<R>> = [];
  let next = 0;
  const start = () => {
    const p = produce(items[next++]);
    p.catch(() => undefined); // awaited in order below; this only stops an early abort leaving it "unhandled"
    inFlight.push(p);
  };
  while (next < items.length && inFlight.length < width) start();
  for (let i = 0; i < items.length; i++) {
    const result = await inFlight.shift()!;
    if (next < items.length) start();
    await consume(result, items[i], i);
  }
}
