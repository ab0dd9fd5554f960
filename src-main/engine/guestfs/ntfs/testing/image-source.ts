// BlockSources for tests: an image file read with pread, and a buffer (for mutated images in the fuzz tests).
import fs from 'node:fs/promises';
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import type { BlockSource } from '../../types';

function check(size: number, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new FerryError(ErrorCode.OutOfRange, `read ${length} at ${offset} outside ${size}`);
  }
}

export function bufferSource(data: Buffer): BlockSource & { reads: number } {
  const src = {
    size: data.length,
    reads: 0,
    read: async (offset: number, length: number) => {
      check(data.length, offset, length);
      src.reads++;
      return Buffer.from(data.subarray(offset, offset + length));
    },
  };
  return src;
}

export async function fileSource(path: string): Promise<BlockSource & { close(): Promise<void>; reads: number }> {
  const fh = await fs.open(path, 'r');
  const { size } = await fh.stat();
  const src = {
    size,
    reads: 0,
    read: async (offset: number, length: number) => {
      check(size, offset, length);
      src.reads++;
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      if (bytesRead !== length) throw new FerryError(ErrorCode.OutOfRange, `short read at ${offset}`);
      return buf;
    },
    close: () => fh.close(),
  };
  return src;
}
