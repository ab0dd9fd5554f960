// Step 4 of the off-host flow, the same for every session that took a snapshot: dismount it from the reader
// (proxy or host), delete it on the storage, and keep the ledger saying how far it got. A failure is not thrown:
// the snapshot stays in the ledger for the leftover clean-up, and the caller gets the text the admin must see.
import { FerryError } from '../../../src-shared/contract/errors';
import type { Platform, PlatformLog } from '../platform/types';
import type { Store } from '../store/store';
import { nowIso } from '../util/time';
import type { LeftoverCleanup } from './leftover-cleanup';
import type { SessionRecorder } from './session-recorder';

export interface ReleaseContext {
  store: Store;
  platform: Platform;
  rec: SessionRecorder;
  leftovers: Pick<LeftoverCleanup, 'releaseFailed'>;
}

export function ledgerUpdate(store: Store, snapshotId: string, patch: Parameters<Store['ledgerUpdate']>[1]): void {
  store.ledgerUpdate(snapshotId, patch, nowIso());
}

/** Unexpose (when it was exposed) and delete; null when both worked, else the problem (also logged). */
export async function releaseSnapshot(ctx: ReleaseContext, snapshotId: string, exposedOn: string | null): Promise<string | null> {
  const { rec, platform, store } = ctx;
  const log: PlatformLog = (level, text) => rec.log(level, text);
  try {
    if (exposedOn) await platform.unexposeSnapshot(snapshotId, exposedOn, log);
    ledgerUpdate(store, snapshotId, { stage: 'released' });
    rec.snapshotStage(snapshotId, 'released');
    await platform.deleteSnapshot(snapshotId, log);
    ledgerUpdate(store, snapshotId, { stage: 'deleted' });
    rec.snapshotStage(snapshotId, 'deleted');
    return null;
  } catch (e) {
    const error = FerryError.from(e).message;
    const problem = `Snapshot ${snapshotId} could not be released: ${error}. It stays in the ledger; Ferry retries the clean-up in a few minutes (then with backoff) and before the next snapshot of this volume`;
    rec.log('error', problem);
    ctx.leftovers.releaseFailed(snapshotId, error);
    return problem;
  }
}
