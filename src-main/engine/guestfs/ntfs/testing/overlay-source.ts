// A BlockSource over an image buffer with some bytes replaced: the fuzz tests mutate a real image per case
// without copying it.
import type { BlockSource } from '../../types';

export function overlaySource(base: Buffer, patches: Map<number, number>): BlockSource {
  return {
    size: base.length,
    read: async (offset, length) => {
      if (offset < 0 || length < 0 || offset + length > base.length) throw new RangeError(`overlay read ${length} at ${offset} outside ${base.length}`);
      const out = Buffer.from(base.subarray(offset, offset + length));
      for (const [at, value] of patches) if (at >= offset && at < offset + length) out[at - offset] = value;
      return out;
    },
  };
}
