// deleteSnapshot: every step is tried, also after errors, and it is idempotent (a retry finishes the job):
//   proxy: unexpose, delete shadows set → host: release the gate (end backup = BackupComplete) →
//   host: delete shadows set if no importer had it → both: remove the work folders (never into a mount folder).
import { z } from 'zod';
import { FerryError } from '../../../../../src-shared/contract/errors';
import type { PlatformLog } from '../../types';
import { isObjectNotFound, vssFailureError } from '../errors';
import type { Target } from '../exec/script-runner';
import { deleteShadowsScript, type DeleteTarget } from './dsh-scripts';
import { unexposeSnapshot } from './expose-snapshot';
import { removeWorkPs } from './ps-scripts';
import { recoverState } from './record-scan';
import { abortSession, releaseHost } from './session-end';
import type { SnapshotContext } from './snapshot-context';
import type { SnapshotState } from './snapshot-state';

const Removed = z.object({ removed: z.array(z.string()).nullable().optional(), kept: z.array(z.string()).nullable().optional() });

export async function deleteSnapshot(ctx: SnapshotContext, snapshotId: string, log: PlatformLog): Promise<void> {
  const state = ctx.registry.get(snapshotId) ?? (await recoverState(ctx, snapshotId));
  if (!state) {
    log('info', `Snapshot ${snapshotId}: nothing left on any known server`);
    return;
  }
  if (state.deleted) return;
  const errors: FerryError[] = [];
  const attempt = async (what: () => Promise<void>) => {
    try {
      await what();
    } catch (e) {
      errors.push(FerryError.from(e));
    }
  };
  // called while `create` still runs (cancel): stop it first, so its shadow ids are known and can be deleted
  if (state.session && !state.session.end && state.shadowIds.length === 0) await abortSession(ctx, state, log);
  const target = deleteTarget(state);

  // 1. the importing side deletes transported shadow copies (reference §1.2 step 6)
  for (const serverId of state.exposeAttemptedOn) await attempt(() => unexposeSnapshot(ctx, snapshotId, serverId, log));
  let deleted = false;
  let proxyFailed = false;
  const importers = [...new Set([...(state.importedOn ? [state.importedOn] : []), ...state.importAttemptedOn])];
  if (target) {
    for (const serverId of importers) {
      const before = errors.length;
      await attempt(async () => {
        deleted = (await deleteShadows(ctx, ctx.directory.target(serverId), state, target, log)) || deleted;
      });
      proxyFailed ||= errors.length > before;
    }
  }
  // 2. BackupComplete on the host: release the gate, DiskShadow runs `end backup` and exits
  await attempt(() => releaseHost(ctx, state, log));
  // 3. a set no importer had is deleted where it was made; after a real proxy failure, retry there instead
  if (target && !deleted && !proxyFailed && !importers.includes(state.hostId)) {
    await attempt(async () => {
      await deleteShadows(ctx, ctx.directory.target(state.hostId), state, target, log);
    });
  }
  // 4. work folders, never recursing into a mount folder
  if (errors.length === 0) {
    for (const id of [...new Set([state.hostId, ...importers])]) {
      await attempt(async () => {
        Removed.parse(await ctx.run.ps(ctx.directory.target(id), 'Clean up', removeWorkPs({ dir: state.paths.dir, mountPoint: state.paths.mountPoint }), ctx.timeouts.commandMs));
      });
    }
  }
  if (errors.length > 0) {
    log('error', `Snapshot ${snapshotId}: cleanup incomplete: ${errors.map((e) => e.message).join(' | ')}`);
    throw errors[0];
  }
  state.deleted = true;
  state.session = null;
  log('info', `Snapshot ${snapshotId}: deleted`);
}

function deleteTarget(state: SnapshotState): DeleteTarget | null {
  if (state.setId) return { setId: state.setId };
  const ids = [...new Set([...state.shadowIds, ...state.importedShadowIds])];
  return ids.length > 0 ? { shadowIds: ids } : null;
}

/** `delete shadows` on one server; true when something was deleted, false when it was not there. */
async function deleteShadows(ctx: SnapshotContext, server: Target, state: SnapshotState, target: DeleteTarget, log: PlatformLog): Promise<boolean> {
  const t = await ctx.run.dsh(server, 'Delete', deleteShadowsScript({ label: `snapshot ${state.snapshotId}`, target }), ctx.timeouts.commandMs);
  const failure = t.failures[0];
  if (failure && !isObjectNotFound(failure)) throw vssFailureError('Delete', server.name, failure);
  const deleted = t.deletedCount ?? 0;
  log('info', deleted > 0 ? `${server.name}: deleted ${deleted} shadow copy(ies) of snapshot ${state.snapshotId}` : `${server.name}: no shadow copy of snapshot ${state.snapshotId} left`);
  return deleted > 0;
}
