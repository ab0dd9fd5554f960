// Small BlockSource implementations: an image file, a byte range of another source (a partition), a buffer,
// and a read-through cache of aligned pages that the file system readers put in front of a slow source (a restore
// point reads whole chunks; FAT and ext4 read many small structures).
import fs from 'node:fs/promises';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { BlockSource } from './types';

/** Rejects a read that leaves [0, size): corrupt structures pointing outside their bounds end here. */
export function checkRange(size: number, offset: number, length: number, what: string): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new FerryError(ErrorCode.OutOfRange, `Read of ${length} bytes at ${offset} is outside ${what} (${size} bytes)`);
  }
}

export function bufferSource(data: Buffer): BlockSource {
  return {
    size: data.length,
    read: async (offset, length) => {
      checkRange(data.length, offset, length, 'the buffer');
      return Buffer.from(data.subarray(offset, offset + length));
    },
  };
}

/** A read-only image file (raw disk or partition). The caller closes it. */
export async function openFileSource(path: string): Promise<BlockSource & { close(): Promise<void> }> {
  const fh = await fs.open(path, 'r');
  const { size } = await fh.stat();
  return {
    size,
    read: async (offset, length) => {
      checkRange(size, offset, length, path);
      const buf = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf;
    },
    close: () => fh.close(),
  };
}

/** `size` bytes of `parent` from `start`: a partition as a disk of its own; reads outside it are refused. */
export function sliceSource(parent: BlockSource, start: number, size: number): BlockSource {
  checkRange(parent.size, start, size, 'the disk');
  return {
    size,
    read: (offset, length) => {
      checkRange(size, offset, length, 'the partition');
      return parent.read(start + offset, length);
    },
  };
}

const PAGE = 64 * 1024;

/**
 * Caches `maxPages` aligned 64 KiB pages of `inner` (least recently used dropped first), so metadata reads of a
 * few bytes each do not each cost a chunk read and decompression. Memory is bounded by maxPages × 64 KiB.
 */
export function cachedSource(inner: BlockSource, maxPages = 256): BlockSource {
  const pages = new Map<number, Promise<Buffer>>();
  const page = (n: number): Promise<Buffer> => {
    const hit = pages.get(n);
    if (hit) {
      pages.delete(n);
      pages.set(n, hit);
      return hit;
    }
    const start = n * PAGE;
    const p = inner.read(start, Math.min(PAGE, inner.size - start));
    p.catch(() => pages.delete(n));
    pages.set(n, p);
    if (pages.size > maxPages) pages.delete(pages.keys().next().value as number);
    return p;
  };
  return {
    size: inner.size,
    read: async (offset, length) => {
      checkRange(inner.size, offset, length, 'the volume');
      if (length >= PAGE * 4) return inner.read(offset, length); // bulk file data: no point caching
      const out = Buffer.alloc(length);
      for (let at = offset; at < offset + length; ) {
        const n = Math.floor(at / PAGE);
        const data = await page(n);
        const from = at - n * PAGE;
        const take = Math.min(data.length - from, offset + length - at);
        data.copy(out, at - offset, from, from + take);
        at += take;
      }
      return out;
    },
  };
}
