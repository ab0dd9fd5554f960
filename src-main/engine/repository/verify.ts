// Verify a restore point: every chunk it references is re-read, decompressed and re-hashed.
import type { ChunkStore } from './chunk-store';
import { messageOf } from './fs-util';
import { orderedPipeline } from './pipeline';
import type { PointRecord } from './point-format';
import type { PointStore } from './point-store';
import type { DamagedRanges, DiskManifestInput, ManifestBlock, ProgressFn, VerifyReport } from './types';

const READ_AHEAD = 4;

/** Collects damaged byte ranges per (disk, reason), merging ranges that touch. */
export class DamageLog {
  private readonly byKey = new Map<string, DamagedRanges>();

  add(diskKey: string, offset: number, length: number, reason: string): void {
    const key = `${diskKey}\u0000${reason}`;
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { diskKey, ranges: [], reason };
      this.byKey.set(key, entry);
    }
    const last = entry.ranges[entry.ranges.length - 1];
    if (last && last.offset + last.length === offset) last.length += length;
    else entry.ranges.push({ offset, length });
  }

  get all(): DamagedRanges[] {
    return [...this.byKey.values()];
  }
}

/** A stored copy that failed its checks: what verify records in damaged/. */
export interface DamagedCopy {
  hash: string;
  packId: string;
  offset: number;
  reason: string;
}

export async function verifyPoint(
  point: PointRecord,
  points: PointStore,
  chunks: ChunkStore,
  onProgress?: ProgressFn,
): Promise<{ report: VerifyReport; damagedCopies: DamagedCopy[] }> {
  const damagedCopies: DamagedCopy[] = [];
  const damage = new DamageLog();
  const manifests: DiskManifestInput[] = [];
  for (const disk of point.disks) {
    try {
      manifests.push(await points.readManifest(point, disk));
    } catch (e) {
      // Without its manifest nothing of the disk can be restored: the whole disk is damaged.
      damage.add(disk.diskKey, 0, disk.virtualSize, `manifest unreadable: ${messageOf(e)}`);
    }
  }

  const total = manifests.reduce((sum, m) => sum + m.blocks.reduce((s, b) => s + b.length, 0), 0);
  let done = 0;
  let chunksChecked = 0;
  let bytesChecked = 0;
  // A chunk shared by many blocks is read once; its verdict applies to every block that uses it.
  const verdicts = new Map<string, Promise<string | undefined>>();
  const check = (b: ManifestBlock): Promise<string | undefined> => {
    let v = verdicts.get(b.hash);
    if (!v) {
      v = chunks.tryRead(b.hash).then((r) => {
        chunksChecked++;
        bytesChecked += b.length;
        if (r.ok) return undefined;
        // Only what the bytes themselves prove; an I/O error may pass, a missing chunk has no copy to mark.
        if (r.kind === 'content') damagedCopies.push({ hash: b.hash, packId: r.location.packId, offset: r.location.entry.offset, reason: r.reason });
        return r.reason;
      });
      verdicts.set(b.hash, v);
    }
    return v;
  };

  onProgress?.(0, total);
  for (const m of manifests) {
    await orderedPipeline(m.blocks, READ_AHEAD, check, (problem, b) => {
      if (problem !== undefined) damage.add(m.diskKey, b.offset, b.length, problem);
      done += b.length;
      onProgress?.(done, total);
    });
  }
  const damaged = damage.all;
  return { report: { ok: damaged.length === 0, pointId: point.id, chunksChecked, bytesChecked, damaged }, damagedCopies };
}
