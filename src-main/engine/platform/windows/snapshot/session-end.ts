// Ending the held host session: release (the gate exits 0, DiskShadow runs `end backup` = BackupComplete) or abort
// (the gate exits 1, DiskShadow quits without it), and what a session that ended on its own means.
import { FerryError } from '../../../../../src-shared/contract/errors';
import type { PlatformLog } from '../../types';
import { WinCode } from '../error-codes';
import { vssFailureError, winError } from '../errors';
import { parseDiskShadow, type DiskShadowTranscript } from '../exec/parse';
import type { SessionEnd } from './host-session';
import { signalGatePs } from './ps-scripts';
import type { SnapshotContext } from './snapshot-context';
import { classifyCreateFailure } from './snapshot-provider';
import type { SnapshotState } from './snapshot-state';

/** BackupComplete on the host; a failing `end backup` is a warning (the shadow copies are deleted anyway). */
export async function releaseHost(ctx: SnapshotContext, state: SnapshotState, log: PlatformLog): Promise<void> {
  const host = ctx.directory.target(state.hostId);
  if (!state.session) {
    // after a restart an orphaned gate may still hold a session: let it finish
    await ctx.run.ps(host, 'Release snapshot', signalGatePs({ dir: state.paths.dir, flagPath: state.paths.releaseFlag, flag: 'release' }), ctx.timeouts.commandMs);
    return;
  }
  if (state.session.end) return;
  const end = await state.session.release(ctx.timeouts.releaseMs);
  if (!end) {
    log('warning', `${host.name}: DiskShadow did not finish "end backup" in time; stopping it`);
    await state.session.abort(ctx.timeouts.abortMs);
    return;
  }
  if (end.kind === 'failed') {
    log('warning', `${host.name}: the host session ended with an error before BackupComplete: ${FerryError.from(end.error).message}`);
    return;
  }
  const t = parseDiskShadow(end.result.stdout);
  const failure = failureAfter(t, 'end backup');
  if (failure) {
    log('warning', `${host.name}: "end backup" failed (${vssFailureError('End backup', host.name, failure).message}); the VMs' backup state was not marked complete`);
  } else {
    log('info', `${host.name}: backup completed (BackupComplete sent, VSS session closed)`);
  }
}

export async function abortSession(ctx: SnapshotContext, state: SnapshotState, log: PlatformLog): Promise<void> {
  if (!state.session) return;
  const end = await state.session.abort(ctx.timeouts.abortMs);
  if (end.kind === 'exited') adoptIds(state, parseDiskShadow(end.result.stdout));
  log('warning', `${ctx.directory.target(state.hostId).name}: snapshot session aborted${state.shadowIds.length ? `; shadow copy ${state.shadowIds.join(', ')} will be deleted` : ''}`);
}

/** DiskShadow exited before the gate reported: its own failure (classified for the engine), or E_WIN_SESSION_ENDED. */
export function sessionEndedError(state: SnapshotState, end: SessionEnd, hostName: string): FerryError {
  if (end.kind === 'failed') return FerryError.from(end.error);
  const t = parseDiskShadow(end.result.stdout);
  adoptIds(state, t);
  if (t.failures.length > 0) return classifyCreateFailure(vssFailureError('Snapshot', hostName, t.failures[0]), state);
  return winError(WinCode.SessionEnded, `${hostName}: DiskShadow ended before the snapshot was reported (exit code ${end.result.exitCode}).`, {
    hint: 'Keep the DiskShadow transcript for support; check that the gate script in the Ferry work folder can run (cmd.exe, antivirus).',
    server: hostName,
    step: 'Snapshot',
    shadowIds: state.shadowIds,
  });
}

/** Ids printed by `create` (readable once DiskShadow has exited), kept so cleanup can target them. */
function adoptIds(state: SnapshotState, t: DiskShadowTranscript): void {
  const shadowId = t.aliases[state.alias];
  if (shadowId && !state.shadowIds.includes(shadowId)) state.shadowIds = [...state.shadowIds, shadowId];
  state.setId ??= t.shadowSetId;
}

function failureAfter(t: DiskShadowTranscript, command: string): DiskShadowTranscript['failures'][number] | undefined {
  return t.failures.find((f) => f.command?.toLowerCase() === command);
}
