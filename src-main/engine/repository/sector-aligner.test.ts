import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SectorAligner } from './sector-aligner';

describe('SectorAligner', () => {
  it('property: aligned output reproduces the input image, every write whole sectors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(700), fc.integer({ min: 1, max: 900 })), { maxLength: 12 }),
        fc.constantFrom(16, 512),
        async (pieces, sector) => {
          // Lay the pieces out in order with the given gaps.
          const writes: Array<{ offset: number; data: Buffer }> = [];
          let pos = 0;
          for (const [gap, len] of pieces) {
            pos += gap;
            writes.push({ offset: pos, data: Buffer.alloc(len, (writes.length % 250) + 1) });
            pos += len;
          }
          const size = Math.ceil(pos / sector) * sector + sector;
          const expected = Buffer.alloc(size);
          for (const w of writes) w.data.copy(expected, w.offset);
          const got = Buffer.alloc(size);
          const aligner = new SectorAligner(
            {
              write: async (offset, data) => {
                expect(offset % sector).toBe(0);
                expect(data.byteLength % sector).toBe(0);
                data.copy(got, offset);
              },
            },
            sector,
          );
          for (const w of writes) await aligner.write(w.offset, w.data);
          await aligner.flushAll();
          expect(got.equals(expected)).toBe(true);
        },
      ),
    );
  });
});
