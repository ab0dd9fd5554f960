// The platform side of crash recovery: reads Ferry's records from every known server (recovery.ts joins them,
// purely), rebuilds a snapshot's state after a restart, and reports leftovers with what VSS still lists.
import type { CreatedSnapshot, Leftover } from '../../types';
import { WinCode } from '../error-codes';
import { winError } from '../errors';
import { listShadowsScript } from './dsh-scripts';
import { listFerryRecordsPs } from './ps-scripts';
import { parseFolderRecords } from './records';
import { leftoversFrom, stateFromRecords, type ServerRecords } from './recovery';
import type { SnapshotContext } from './snapshot-context';
import { snapshotsRoot } from './snapshot-paths';
import { parseMetadataRef, type SnapshotState } from './snapshot-state';

/** The records on every server Ferry knows, `firstServer` first; a server that does not answer is skipped. */
export async function scanRecords(ctx: SnapshotContext, firstServer?: string): Promise<ServerRecords[]> {
  const all = ctx.directory.all();
  const targets = firstServer ? [ctx.directory.target(firstServer), ...all.filter((t) => t.id !== firstServer)] : all;
  const out: ServerRecords[] = [];
  for (const target of targets) {
    try {
      out.push({ target, records: parseFolderRecords(await ctx.run.ps(target, 'Leftover scan', listFerryRecordsPs({ snapshotsRoot: snapshotsRoot(ctx.workRoot) }), ctx.timeouts.commandMs)) });
    } catch {
      // an unreachable server cannot tell; the next scan will
    }
  }
  return out;
}

/** After a restart: rebuild a snapshot's state from the records on the servers. */
export async function recoverState(ctx: SnapshotContext, snapshotId: string, hostHint?: string): Promise<SnapshotState | undefined> {
  const state = stateFromRecords(snapshotId, await scanRecords(ctx, hostHint), ctx.workRoot);
  return state ? ctx.registry.put(state) : undefined;
}

/** The state of a snapshot the engine hands back: known, or rebuilt from the records (its host asked first). */
export async function knownState(ctx: SnapshotContext, snap: CreatedSnapshot): Promise<SnapshotState> {
  const state = ctx.registry.get(snap.snapshotId) ?? (await recoverState(ctx, snap.snapshotId, parseMetadataRef(snap.metadataRef)?.hostId));
  if (!state || state.deleted) {
    throw winError(WinCode.UnknownSnapshot, `Snapshot ${snap.snapshotId} is not known on any server.`, {
      hint: 'It was deleted or never created; take a new snapshot.',
    });
  }
  return state;
}

export async function listLeftovers(ctx: SnapshotContext): Promise<Leftover[]> {
  const scans = await scanRecords(ctx);
  const listed = new Map<string, Set<string> | null>();
  for (const { target, records } of scans) {
    if (records.length === 0) continue;
    try {
      const t = await ctx.run.dsh(target, 'Leftover scan', listShadowsScript(), ctx.timeouts.commandMs);
      listed.set(target.id, new Set(t.shadows.map((s) => s.shadowId)));
    } catch {
      listed.set(target.id, null); // report what the records say; deleteSnapshot tolerates shadows that are gone
    }
  }
  return leftoversFrom(scans, listed);
}
