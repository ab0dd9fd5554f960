import { describe, expect, it } from 'vitest';
import { Throttle } from './throttle';

const MiB = 1024 * 1024;

describe('Throttle', () => {
  it('paces reads to the configured MiB/s', async () => {
    const t = new Throttle(20);
    const started = performance.now();
    for (let i = 0; i < 5; i++) await t.take(MiB);
    // 5 MiB at 20 MiB/s: the first passes at once, the other four wait 50 ms each
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('lets an abort end the wait with E_CANCELLED', async () => {
    const t = new Throttle(1);
    await t.take(MiB);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    await expect(t.take(MiB, ac.signal)).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });

  it('refuses a non-positive rate', () => {
    expect(() => new Throttle(0)).toThrow(/positive/);
  });
});
