// exposeSnapshot / unexposeSnapshot: the imported (or on-host software) shadow copy mounted read-only at an empty
// Ferry mount folder, and taken away again (idempotent: only when something is mounted there).
import { z } from 'zod';
import type { CreatedSnapshot, ExposedSnapshot, PlatformLog } from '../../types';
import { WinCode } from '../error-codes';
import { isObjectNotFound, vssFailureError, winError } from '../errors';
import { stripTrailingBackslash } from '../paths';
import { exposedDisks } from './disk-mapping';
import { exposeScript, unexposeScript } from './dsh-scripts';
import { importSnapshot } from './import-snapshot';
import { mountPointStatePs, type MountPointState } from './ps-scripts';
import { knownState } from './record-scan';
import { volumeOf, type SnapshotContext } from './snapshot-context';
import { snapshotPaths } from './snapshot-paths';
import { notTransportableError, providerKindOf } from './snapshot-provider';

const MountState = z.object({ state: z.enum(['absent', 'created', 'empty', 'not-empty', 'mounted']) });

export async function exposeSnapshot(ctx: SnapshotContext, snap: CreatedSnapshot, serverIdOrName: string, log: PlatformLog): Promise<ExposedSnapshot> {
  const state = await knownState(ctx, snap);
  const target = ctx.directory.target(serverIdOrName);
  if (state.exposed?.serverId === target.id) return state.exposed.result;
  const inv = await ctx.inventory();
  const volume = volumeOf(inv, state.volumeId);
  // a software shadow copy is surfaced on its own host already (no import), and nowhere else
  const software = providerKindOf(state.providerId) === 'software';
  if (software && target.id !== state.hostId) throw notTransportableError(state.snapshotId, ctx.directory.target(state.hostId).name, target.name, 'Expose');
  if (!software && state.importedOn !== target.id) {
    if (state.importedOn || target.id !== state.hostId) {
      throw winError(WinCode.NotImported, `Snapshot ${state.snapshotId} is not imported on ${target.name}${state.importedOn ? ` (it is on ${state.importedOn})` : ''}.`, {
        hint: 'Import the snapshot on the server first; only the importing server can expose it.',
        server: target.name,
        step: 'Expose',
      });
    }
    // on-host processing: a transportable snapshot still has to be imported, here on its own host
    log('info', `${target.name}: on-host processing, importing the snapshot on its own host first`);
    await importSnapshot(ctx, snap, serverIdOrName, log);
  }
  const mountPoint = state.paths.mountPoint;
  state.exposeAttemptedOn = [...new Set([...state.exposeAttemptedOn, target.id])];
  const before = MountState.parse(await ctx.run.ps(target, 'Prepare mount folder', mountPointStatePs({ mountPoint, create: true }), ctx.timeouts.commandMs));
  if (before.state === 'not-empty') {
    throw winError(WinCode.MountPointBusy, `${target.name}: the mount folder ${mountPoint} is not empty.`, {
      hint: 'Remove the files from that folder (it belongs to Ferry) or run the leftover cleanup, then retry.',
      server: target.name,
      step: 'Expose',
    });
  }
  if (before.state === 'mounted') {
    log('info', `${target.name}: snapshot ${state.snapshotId} is already exposed at ${mountPoint}`);
  } else {
    const shadowId = state.importedShadowIds[0] ?? state.shadowIds[0];
    const t = await ctx.run.dsh(target, 'Expose', exposeScript({ label: `snapshot ${state.snapshotId}`, exposures: [{ shadowId, mountPoint }] }), ctx.timeouts.commandMs);
    if (t.failures.length > 0) throw vssFailureError('Expose', target.name, t.failures[0]);
    if (t.exposedAs.length === 0) {
      throw winError(WinCode.ExposeUnconfirmed, `${target.name}: DiskShadow did not confirm that the snapshot is exposed at ${mountPoint}.`, {
        hint: 'Check the mount folder on the server; keep the DiskShadow transcript for support.',
        server: target.name,
        step: 'Expose',
      });
    }
  }
  const root = stripTrailingBackslash(mountPoint);
  const result: ExposedSnapshot = { root, disks: exposedDisks(inv, volume, state.vmIds, root) };
  state.exposed = { serverId: target.id, result };
  log('info', `${target.name}: snapshot exposed read-only at ${root} (${result.disks.length} disk(s))`);
  return result;
}

export async function unexposeSnapshot(ctx: SnapshotContext, snapshotId: string, serverIdOrName: string, log: PlatformLog): Promise<void> {
  const target = ctx.directory.target(serverIdOrName);
  const state = ctx.registry.get(snapshotId);
  // nothing was ever exposed there by this console: no call at all
  if (state && !state.exposeAttemptedOn.includes(target.id)) return;
  const mountPoint = state?.paths.mountPoint ?? snapshotPaths(ctx.workRoot, snapshotId).mountPoint;
  const probe = MountState.parse(await ctx.run.ps(target, 'Unexpose', mountPointStatePs({ mountPoint, create: false }), ctx.timeouts.commandMs));
  if (probe.state === 'mounted') {
    const t = await ctx.run.dsh(target, 'Unexpose', unexposeScript({ label: `snapshot ${snapshotId}`, mountPoints: [mountPoint] }), ctx.timeouts.commandMs);
    const failure = t.failures[0];
    if (failure && !isObjectNotFound(failure)) throw vssFailureError('Unexpose', target.name, failure);
    log('info', `${target.name}: snapshot ${snapshotId} unexposed from ${stripTrailingBackslash(mountPoint)}`);
  } else {
    log('info', `${target.name}: snapshot ${snapshotId} is not exposed (${describeMount(probe.state)})`);
  }
  if (state) {
    state.exposeAttemptedOn = state.exposeAttemptedOn.filter((id) => id !== target.id);
    if (state.exposed?.serverId === target.id) state.exposed = null;
  }
}

function describeMount(state: MountPointState): string {
  return state === 'absent' ? 'no mount folder' : state === 'not-empty' ? 'the folder holds files, nothing mounted' : 'empty folder';
}
