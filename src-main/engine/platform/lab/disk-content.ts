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

/** What the lab writes into a fresh disk: `dataMiB` MiB-blocks of content at spread offsets. */
export function planDiskContent(vmId: string, diskIndex: number, virtualMiB: number, dataMiB: number): DiskBlockPlan[] {
  const blocks: DiskBlockPlan[] = [];
  const stride = Math.max(1, Math.floor(virtualMiB / dataMiB));
  for (let i = 0; i < dataMiB; i++) {
    const kind = i % 3;
    const data =
      kind === 0
        ? seededBytes(`os-image-block-${i}`, MiB) // same bytes in every VM: dedupe
        : kind === 1
          ? textBlock(`${vmId}-${diskIndex}-${i}`, MiB) // compresses well
          : seededBytes(`${vmId}-${diskIndex}-unique-${i}`, MiB); // incompressible
    blocks.push({ offset: Math.min(i * stride, virtualMiB - 1) * MiB, data });
  }
  return blocks;
}

/** A burst of guest writes: what a running VM changes on its live disk while a backup runs. */
export function guestWriteBurst(vmId: string, round: number, virtualMiB: number): DiskBlockPlan[] {
  const out: DiskBlockPlan[] = [];
  for (let i = 0; i < 2; i++) {
    const mib = (round * 7 + i * 13 + vmId.length) % virtualMiB;
    out.push({ offset: mib * MiB + 4096 * i, data: seededBytes(`${vmId}-live-${round}-${i}`, 64 * 1024) });
  }
  return out;
}
