// Guest writes into the lab's live VM disks. Every write goes through the disk's change-tracking journal
// (rct-journal.ts), so incrementals see exactly what the "guest" changed — the simulated background activity
// while a backup runs, and the test hook that rewrites a given share of a disk.
import { VhdxWriter } from '../../vhdx';
import { seededBytes, type DiskBlockPlan } from './disk-content';
import type { RctJournal } from './rct-journal';

const KiB = 1024;
/** grain of the test hook's writes: small enough that RCT-like ranges matter, big enough to be quick */
const HOOK_WRITE_BYTES = 64 * KiB;

/** Writes `blocks` into a live disk (a real VHDX), journaling their ranges first. */
export async function writeGuestBlocks(rct: RctJournal, diskPath: string, vmId: string, diskIndex: number, blocks: readonly DiskBlockPlan[]): Promise<void> {
  if (blocks.length === 0) return;
  const ranges = blocks.map((b) => ({ offset: b.offset, length: b.data.length }));
  await rct.guestWrite(vmId, diskIndex, ranges, async () => {
    const w = await VhdxWriter.open(diskPath);
    try {
      for (const b of blocks) await w.write(b.offset, b.data);
    } finally {
      await w.close();
    }
  });
}

/**
 * About `percent` % of a disk rewritten in 64 KiB pieces spread evenly over it (deterministic per seed):
 * what a test or a demo uses to make an incremental read a known amount.
 */
export function spreadWrites(seed: string, virtualBytes: number, percent: number): DiskBlockPlan[] {
  const pieces = Math.min(Math.floor(virtualBytes / HOOK_WRITE_BYTES), Math.round(((virtualBytes * percent) / 100) / HOOK_WRITE_BYTES));
  if (pieces <= 0) return [];
  const stride = Math.floor(virtualBytes / HOOK_WRITE_BYTES / pieces) * HOOK_WRITE_BYTES;
  const data = seededBytes(`${seed}-hook`, pieces * HOOK_WRITE_BYTES);
  return Array.from({ length: pieces }, (_, i) => ({ offset: i * stride, data: data.subarray(i * HOOK_WRITE_BYTES, (i + 1) * HOOK_WRITE_BYTES) }));
}
