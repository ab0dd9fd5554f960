// damaged/: the repository's record of chunk copies found damaged (by verify or repair).
// One file per damaged copy, named <hash>.<packId>.<offset>.json, so recording is a single atomic create (a
// verify, which holds no lock, never read-modify-writes a shared file) and listing needs no reads.
// Effect: the index never prefers a marked copy, so dedupe does not reuse it and the next backup that meets
// the same data stores a fresh copy; points that reference the hash then read (and verify) the fresh one.
// A mark goes once its pack is gone (repair quarantined it, gc deleted it) and the chunk is sound again or
// no longer needed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { isNotFound, listDir, messageOf, readIfExists } from './fs-util';
import { writeFileAtomic } from '../util/atomic';
import type { RepoLayout } from './layout';
import type { ChunkHash } from './types';

export interface DamageMark {
  hash: ChunkHash;
  packId: string;
  offset: number;
}

export interface DamageRecord extends DamageMark {
  reason: string;
  detectedAt: string;
  by: 'verify' | 'repair';
}

const MARK_NAME = /^([0-9a-f]{64})\.([0-9a-f]{32})\.(\d+)\.json$/;

const DamageRecordSchema = z.object({
  hash: z.string(),
  packId: z.string(),
  offset: z.number(),
  reason: z.string(),
  detectedAt: z.string(),
  by: z.enum(['verify', 'repair']),
});

export function markKey(packId: string, offset: number): string {
  return `${packId}:${offset}`;
}

function markFile(layout: RepoLayout, m: DamageMark): string {
  return path.join(layout.damagedDir, `${m.hash}.${m.packId}.${m.offset}.json`);
}

/** Every mark, from the file names alone. */
export async function listMarks(layout: RepoLayout): Promise<DamageMark[]> {
  const marks: DamageMark[] = [];
  for (const name of await listDir(layout.damagedDir)) {
    const m = MARK_NAME.exec(name);
    if (m) marks.push({ hash: m[1], packId: m[2], offset: Number(m[3]) });
  }
  return marks;
}

/** The stored record of a mark (why, when), if it can be read. */
export async function readMark(layout: RepoLayout, m: DamageMark): Promise<DamageRecord | undefined> {
  const buf = await readIfExists(markFile(layout, m)).catch(() => undefined);
  if (!buf) return undefined;
  try {
    const parsed = DamageRecordSchema.safeParse(JSON.parse(buf.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Record damaged copies. Best effort: a repository on read-only media can still be verified, so a failure to
 * record is returned, not thrown.
 */
export async function recordDamage(layout: RepoLayout, records: readonly DamageRecord[]): Promise<{ recorded: number; error?: string }> {
  let recorded = 0;
  try {
    if (records.length > 0) await fs.mkdir(layout.damagedDir, { recursive: true });
    for (const r of records) {
      const file = markFile(layout, r);
      if (await fs.stat(file).then(() => true, () => false)) continue;
      await writeFileAtomic(file, JSON.stringify(r) + '\n', layout.tmpDir);
      recorded++;
    }
    return { recorded };
  } catch (e) {
    return { recorded, error: messageOf(e) };
  }
}

export async function removeMark(layout: RepoLayout, m: DamageMark): Promise<void> {
  try {
    await fs.rm(markFile(layout, m));
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
