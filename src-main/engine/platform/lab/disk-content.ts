// Deterministic guest data for lab disks: a shared "OS image" part (dedupes across VMs), compressible
// text-like blocks, and unique random blocks, spread over the disk with unallocated gaps between them.
import { createCipheriv, createHash } from 'node:crypto';

const MiB = 1024 * 1024;

/** Fast deterministic pseudo-random bytes (AES-CTR keystream); the seed picks the stream. */
export function seededBytes(seed: string, length: number): Buffer {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  const c = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  return Buffer.concat([c.update(Buffer.alloc(length)), c.final()]);
}

function textBlock(seed: string, length: number): Buffer {
  const line = Buffer.from(`${seed} event=backup-window status=ok records=4096 checksum=ok; `);
  const b = Buffer.alloc(length);
  for (let o = 0; o < length; o += line.length) line.copy(b, o);
  return b;
}

export interface DiskBlockPlan {
  offset: number;
  data: Buffer;
}

/**
 * What the lab writes into a fresh disk: `dataMiB` MiB-blocks of content at spread offsets from `startMiB` (behind
 * a guest image's partitions, see guest-image.ts; 0 for a disk without one).
 */
export function planDiskContent(vmId: string, diskIndex: number, virtualMiB: number, dataMiB: number, startMiB = 0): DiskBlockPlan[] {
  const blocks: DiskBlockPlan[] = [];
  const spanMiB = virtualMiB - startMiB;
  const stride = Math.max(1, Math.floor(spanMiB / dataMiB));
  for (let i = 0; i < dataMiB; i++) {
    const kind = i % 3;
    const data =
      kind === 0
        ? seededBytes(`os-image-block-${i}`, MiB) // same bytes in every VM: dedupe
        : kind === 1
          ? textBlock(`${vmId}-${diskIndex}-${i}`, MiB) // compresses well
          : seededBytes(`${vmId}-${diskIndex}-unique-${i}`, MiB); // incompressible
    blocks.push({ offset: (startMiB + Math.min(i * stride, spanMiB - 1)) * MiB, data });
  }
  return blocks;
}

const BURST_BYTES = 64 * 1024;

/**
 * A burst of guest writes: what a running VM changes on its live disk while a backup runs. With `within` (the
 * bytes of a guest file, see guest-image.ts) the writes stay inside that file's contents, so the guest's file
 * system stays consistent; without, they land anywhere on the disk.
 */
export function guestWriteBurst(vmId: string, round: number, virtualMiB: number, within?: { offset: number; size: number }): DiskBlockPlan[] {
  const out: DiskBlockPlan[] = [];
  for (let i = 0; i < 2; i++) {
    const data = seededBytes(`${vmId}-live-${round}-${i}`, BURST_BYTES);
    if (within && within.size >= BURST_BYTES) {
      const slots = Math.floor(within.size / BURST_BYTES);
      out.push({ offset: within.offset + ((round * 7 + i * 13 + vmId.length) % slots) * BURST_BYTES, data });
    } else {
      const mib = (round * 7 + i * 13 + vmId.length) % virtualMiB;
      out.push({ offset: mib * MiB + 4096 * i, data });
    }
  }
  return out;
}
