// The lab's stand-in for Hyper-V Resilient Change Tracking: per virtual disk, a journal of the byte ranges the
// guest wrote, cut into epochs by numbered reference points (lab/rct/<vmId>-<diskIndex>.json).
//
//   reference n ──changes──▶ reference n+1 ──changes──▶ … ──changes──▶ now
//
// "What changed since reference n" is the union of the epochs from n up to a later reference (or now). Two
// rules keep a backup from ever missing a write (the classic RCT bug is a write that lands between the
// snapshot's copy and the bookkeeping, and so belongs to neither increment):
//   - a snapshot takes one reference BEFORE it copies the disk (the next backup's base) and one AFTER (the end
//     of this backup's answer): a write racing the copy lies between the two, so it is in both increments
//     (read twice, harmless), never in none; writes after the copy are left to the next increment;
//   - a write is journaled before its data lands, under the same per-disk lock as taking a reference: a crash
//     in between leaves a range that did not change (harmless), a reference never splits a write.
// Bounded: each epoch's ranges are coalesced (coarser when there are too many: more read, nothing missed) and
// only the newest MAX_REFERENCES references are kept; a reference that fell off is unknown → a full read.
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../util/atomic';
import { labDir } from './lab-state';
import type { ChangedRanges } from '../types';

/** two per snapshot (before and after its copy): the newest 16 snapshots of a disk can be built on */
export const MAX_REFERENCES = 32;
export const MAX_RANGES_PER_EPOCH = 1024;
const MiB = 1024 * 1024;

export interface Range {
  offset: number;
  length: number;
}

const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const JournalFile = z.object({
  format: z.literal('ferry-lab-rct'),
  version: z.literal(1),
  vmId: z.string(),
  diskIndex: z.number().int().nonnegative(),
  /** new for every journal: ids of a reset journal never match those of the old one */
  generation: z.string(),
  next: Count,
  refs: z.array(z.object({ n: Count, id: z.string(), takenAt: z.string(), changes: z.array(z.tuple([Count, Count])) })),
});
type JournalFile = z.infer<typeof JournalFile>;

type Loaded = { ok: true; journal: JournalFile } | { ok: false; reason: string };

export const rctDir = (dataDir: string): string => join(labDir(dataDir), 'rct');
export const rctFile = (dataDir: string, vmId: string, diskIndex: number): string => join(rctDir(dataDir), `${vmId}-${diskIndex}.json`);

export class RctJournal {
  /** per-disk lock: journal updates, reference points and the guest's data writes take turns */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly dataDir: string) {}

  /** New reference point of one disk; starts the journal (tracking on) if the disk had none. */
  takeReference(vmId: string, diskIndex: number, now = new Date()): Promise<string> {
    return this.locked(vmId, diskIndex, async () => {
      const loaded = await this.load(vmId, diskIndex);
      const j = loaded.ok ? loaded.journal : fresh(vmId, diskIndex);
      const n = j.next;
      const id = `lab-rct-${vmId}-${diskIndex}-${j.generation}-${n}`;
      j.refs.push({ n, id, takenAt: now.toISOString(), changes: [] });
      j.next = n + 1;
      // Forgetting the oldest reference drops only the changes before the next one: no later answer needs them.
      if (j.refs.length > MAX_REFERENCES) j.refs.splice(0, j.refs.length - MAX_REFERENCES);
      await this.save(j);
      return id;
    });
  }

  /**
   * A guest write: its ranges are journaled into the current epoch first, then `write` puts the data on the
   * disk, both under the disk's lock. Without a journal (tracking never started or reset) only the data is written.
   */
  guestWrite<T>(vmId: string, diskIndex: number, ranges: readonly Range[], write: () => Promise<T>): Promise<T> {
    return this.locked(vmId, diskIndex, async () => {
      const loaded = await this.load(vmId, diskIndex);
      if (loaded.ok && loaded.journal.refs.length > 0) {
        const cur = loaded.journal.refs[loaded.journal.refs.length - 1];
        cur.changes = toTuples(coalesce([...fromTuples(cur.changes), ...ranges], MAX_RANGES_PER_EPOCH));
        await this.save(loaded.journal);
      } else if (!loaded.ok && loaded.reason !== NO_JOURNAL) {
        // Unreadable journal: every reference it held is unknown from now on; start clean so writes are tracked again.
        await this.remove(vmId, diskIndex);
      }
      return write();
    });
  }

  /**
   * Ranges written since reference `sinceId` up to reference `untilId` (or up to now when it is not given or
   * no longer known: more, never less), or why they are not known.
   */
  changesSince(vmId: string, diskIndex: number, sinceId: string, untilId?: string): Promise<ChangedRanges> {
    return this.locked(vmId, diskIndex, async () => {
      const loaded = await this.load(vmId, diskIndex);
      if (!loaded.ok) return { ranges: null, reason: `${loaded.reason}; reference ${sinceId} is unknown` };
      const i = loaded.journal.refs.findIndex((r) => r.id === sinceId);
      if (i < 0) {
        const oldest = loaded.journal.refs[0]?.id ?? 'none';
        return { ranges: null, reason: `RCT reference ${sinceId} is gone (change tracking was reset or the reference expired; oldest kept: ${oldest})` };
      }
      const until = untilId === undefined ? -1 : loaded.journal.refs.findIndex((r) => r.id === untilId);
      const all = loaded.journal.refs.slice(i, until > i ? until : undefined).flatMap((r) => fromTuples(r.changes));
      return { ranges: coalesce(all, Number.MAX_SAFE_INTEGER) };
    });
  }

  /**
   * Deletes these references of a disk (ids of other disks or already gone are ignored); returns how many went.
   * A deleted reference's epoch is merged into the one before it, so "changed since" an older reference still
   * covers those writes; only "since" the deleted one becomes unknown.
   */
  retire(vmId: string, diskIndex: number, ids: ReadonlySet<string>): Promise<number> {
    return this.locked(vmId, diskIndex, async () => {
      const loaded = await this.load(vmId, diskIndex);
      if (!loaded.ok) return 0;
      const kept: JournalFile['refs'] = [];
      for (const ref of loaded.journal.refs) {
        if (!ids.has(ref.id)) {
          kept.push(ref);
          continue;
        }
        const before = kept[kept.length - 1];
        if (before) before.changes = toTuples(coalesce([...fromTuples(before.changes), ...fromTuples(ref.changes)], MAX_RANGES_PER_EPOCH));
      }
      const removed = loaded.journal.refs.length - kept.length;
      if (removed > 0) await this.save({ ...loaded.journal, refs: kept });
      return removed;
    });
  }

  /** Drops a disk's journal (like an RCT reset: every reference of it becomes unknown). */
  reset(vmId: string, diskIndex: number): Promise<void> {
    return this.locked(vmId, diskIndex, () => this.remove(vmId, diskIndex));
  }

  private async remove(vmId: string, diskIndex: number): Promise<void> {
    await rm(rctFile(this.dataDir, vmId, diskIndex), { force: true });
  }

  private async load(vmId: string, diskIndex: number): Promise<Loaded> {
    let text: string;
    try {
      text = await readFile(rctFile(this.dataDir, vmId, diskIndex), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: NO_JOURNAL };
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'the change tracking file is unreadable' };
    }
    const parsed = JournalFile.safeParse(json);
    if (!parsed.success || parsed.data.vmId !== vmId || parsed.data.diskIndex !== diskIndex) return { ok: false, reason: 'the change tracking file is not valid' };
    return { ok: true, journal: parsed.data };
  }

  private save(j: JournalFile): Promise<void> {
    return writeFileAtomic(rctFile(this.dataDir, j.vmId, j.diskIndex), JSON.stringify(j));
  }

  private locked<T>(vmId: string, diskIndex: number, fn: () => Promise<T>): Promise<T> {
    const key = `${vmId}/${diskIndex}`;
    const run = (this.locks.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return run;
  }
}

const NO_JOURNAL = 'change tracking has no journal for this disk (never started, or reset)';

function fresh(vmId: string, diskIndex: number): JournalFile {
  return { format: 'ferry-lab-rct', version: 1, vmId, diskIndex, generation: randomBytes(4).toString('hex'), next: 1, refs: [] };
}

/**
 * Sorted, merged ranges (touching ones joined). Above `max` ranges the grain is coarsened (1 MiB, 2 MiB, …
 * aligned) until they fit: the result always covers every input byte.
 */
export function coalesce(ranges: readonly Range[], max: number): Range[] {
  let grain = 1;
  for (;;) {
    const cells = ranges
      .filter((r) => r.length > 0)
      .map((r) => ({ start: Math.floor(r.offset / grain) * grain, end: Math.ceil((r.offset + r.length) / grain) * grain }))
      .sort((a, b) => a.start - b.start);
    const out: Array<{ start: number; end: number }> = [];
    for (const c of cells) {
      const last = out[out.length - 1];
      if (last && c.start <= last.end) last.end = Math.max(last.end, c.end);
      else out.push({ ...c });
    }
    if (out.length <= max) return out.map((c) => ({ offset: c.start, length: c.end - c.start }));
    grain = grain < MiB ? MiB : grain * 2;
  }
}

const toTuples = (rs: readonly Range[]): Array<[number, number]> => rs.map((r) => [r.offset, r.length]);
const fromTuples = (ts: ReadonlyArray<readonly [number, number]>): Range[] => ts.map(([offset, length]) => ({ offset, length }));
