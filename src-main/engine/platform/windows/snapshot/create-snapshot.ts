// createSnapshot on the host: prepare the folder, record and gate → (RCT reference points) → start DiskShadow
// (create, then exec the gate, held open; NOT awaited) → poll created.txt for the ids. The session stays open until
// deleteSnapshot releases it, so BackupComplete follows the proxy's copy (README "Why a gate file").
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import type { CreatedSnapshot, PlatformLog, SnapshotRequest } from '../../types';
import { volumesOfVm, type WinHost, type WinVolume, type WindowsInventory } from '../discovery/inventory';
import { WinCode } from '../error-codes';
import { winError } from '../errors';
import { isoNow } from '../exec/clock';
import type { Target } from '../exec/script-runner';
import { hostCreateScript } from './dsh-scripts';
import { gateScript } from './gate-script';
import { HostSession, type CreatedOutcome } from './host-session';
import { prepareHostSnapshotPs } from './ps-scripts';
import type { HostRecord } from './records';
import { abortSession, sessionEndedError } from './session-end';
import { hostOf, volumeOf, type SnapshotContext } from './snapshot-context';
import { snapshotPaths, type SnapshotPaths } from './snapshot-paths';
import { SOFTWARE_PROVIDER, noHardwareProviderError, providerKindOf } from './snapshot-provider';
import { VOLUME_ALIAS, formatMetadataRef, newSnapshotState, type SnapshotState } from './snapshot-state';

/** What one create works on, checked before anything runs on the host. */
interface SnapshotPlan {
  host: WinHost;
  target: Target;
  volume: WinVolume;
  provider: { id: string; name: string };
  transportable: boolean;
  paths: SnapshotPaths;
  /** one-line description in the scripts' headers */
  label: string;
}

export async function createSnapshot(ctx: SnapshotContext, req: SnapshotRequest, log: PlatformLog): Promise<CreatedSnapshot> {
  const known = ctx.registry.get(req.snapshotId);
  if (known && !known.deleted) {
    if (known.shadowIds.length > 0 && known.session?.end === null) return createdSnapshot(ctx, known);
    throw new FerryError(ErrorCode.Conflict, `Snapshot ${req.snapshotId} was already attempted; delete it before creating it again.`, {
      hint: 'Call deleteSnapshot for this id first (it cleans up whatever the earlier attempt left).',
    });
  }
  const inv = await ctx.inventory();
  const plan = planSnapshot(ctx, inv, req);
  const state = await prepareHost(ctx, req, plan);
  const consistency = req.applicationConsistent ? 'application-consistent (Hyper-V VSS writer)' : 'crash-consistent';
  log('info', `${plan.target.name}: creating a ${plan.transportable ? 'transportable' : 'software (on-host only)'} snapshot of ${plan.volume.displayPath} with ${plan.provider.name}, ${consistency}, ${req.vmIds.length} VM(s)`);

  // RCT reference points before the snapshot: a write racing it is read twice, never missed (rct/change-tracking.ts).
  if (req.changeTracking) state.references = await ctx.takeReferences(inv, req.vmIds, log);
  return holdSession(ctx, state, plan, req.applicationConsistent, log);
}

function planSnapshot(ctx: SnapshotContext, inv: WindowsInventory, req: SnapshotRequest): SnapshotPlan {
  const host = hostOf(inv, req.hostId);
  const target = ctx.directory.target(host.id);
  const volume = volumeOf(inv, req.volumeId);
  // software: the Microsoft provider every Windows host has; the snapshot stays on the host (on-host processing)
  const provider = req.provider === 'software' ? SOFTWARE_PROVIDER : host.hardwareProvider;
  if (!provider) throw noHardwareProviderError(target.name, volume.displayPath);
  const transportable = req.provider !== 'software';
  assertVmsOnVolume(inv, req, volume);
  const paths = snapshotPaths(ctx.workRoot, req.snapshotId);
  return { host, target, volume, provider, transportable, paths, label: `snapshot ${req.snapshotId} of ${volume.shadowPath} on ${host.id}` };
}

/** The crash-safe record and the gate on the host before DiskShadow starts; then the snapshot is known. */
async function prepareHost(ctx: SnapshotContext, req: SnapshotRequest, plan: SnapshotPlan): Promise<SnapshotState> {
  const { host, volume, provider, paths } = plan;
  const record: HostRecord = {
    ferry: 1,
    role: 'host',
    snapshotId: req.snapshotId,
    hostId: host.id,
    volumeId: volume.id,
    volumePath: volume.shadowPath,
    vmIds: req.vmIds,
    applicationConsistent: req.applicationConsistent,
    providerId: provider.id,
    alias: VOLUME_ALIAS,
    createdAt: isoNow(ctx.clock),
  };
  const holdSeconds = Math.max(60, Math.floor(ctx.timeouts.holdMs / 1000) - 60);
  await ctx.run.ps(
    plan.target,
    'Prepare snapshot',
    prepareHostSnapshotPs({
      dir: paths.dir,
      gatePath: paths.gate,
      gateText: gateScript({ label: plan.label, dir: paths.dir, aliases: [VOLUME_ALIAS], holdSeconds }),
      recordPath: paths.record,
      recordJson: JSON.stringify(record),
    }),
    ctx.timeouts.commandMs,
  );
  return ctx.registry.put(
    newSnapshotState({
      snapshotId: req.snapshotId,
      hostId: host.id,
      paths,
      volumeId: volume.id,
      volumePath: volume.shadowPath,
      vmIds: [...req.vmIds],
      applicationConsistent: req.applicationConsistent,
      providerId: provider.id,
      alias: VOLUME_ALIAS,
    }),
  );
}

/** Starts the held DiskShadow session and waits for the gate's ids; anything else aborts the session and throws. */
async function holdSession(ctx: SnapshotContext, state: SnapshotState, plan: SnapshotPlan, applicationConsistent: boolean, log: PlatformLog): Promise<CreatedSnapshot> {
  const { target, volume, provider, paths } = plan;
  const session = HostSession.start({
    executor: ctx.executor,
    clock: ctx.clock,
    server: target.server,
    serverName: target.name,
    paths,
    script: hostCreateScript({ label: plan.label, cabPath: paths.cab, gatePath: paths.gate, volumes: [{ path: volume.shadowPath, alias: VOLUME_ALIAS }], providerId: provider.id, applicationConsistent, transportable: plan.transportable }),
    holdTimeoutMs: ctx.timeouts.holdMs,
    commandTimeoutMs: ctx.timeouts.commandMs,
    pollIntervalMs: ctx.pollIntervalMs,
  });
  state.session = session;

  let outcome: CreatedOutcome;
  try {
    outcome = await session.waitForCreated(ctx.clock.now() + ctx.timeouts.createMs);
  } catch (e) {
    await abortSession(ctx, state, log);
    throw e;
  }
  if (outcome.kind === 'created') {
    const setId = outcome.vars.VSS_SHADOW_SET ?? null;
    const shadowId = outcome.vars[VOLUME_ALIAS] ?? null;
    if (setId && shadowId) {
      state.setId = setId;
      state.shadowIds = [shadowId];
      log('info', `${target.name}: shadow copy ${shadowId} created (set ${setId}); the VSS session stays open until the proxy is done`);
      return createdSnapshot(ctx, state);
    }
    await abortSession(ctx, state, log);
    throw winError(WinCode.GateNoIds, `${target.name}: DiskShadow created the snapshot but the gate could not read its ids.`, {
      hint: 'Ferry aborted the session and will delete the snapshot. Report this: the DiskShadow version on the host does not export aliases as environment variables.',
      server: target.name,
      step: 'Snapshot',
      shadowIds: state.shadowIds,
    });
  }
  if (outcome.kind === 'timeout') {
    await abortSession(ctx, state, log);
    throw winError(WinCode.CreateTimeout, `${target.name}: the snapshot of ${volume.displayPath} was not created within ${Math.round(ctx.timeouts.createMs / 60_000)} min.`, {
      hint: 'A VSS writer or the hardware provider hangs: check "vssadmin list writers" and the provider on the host. Ferry aborted the session.',
      server: target.name,
      step: 'Snapshot',
      retryable: true,
    });
  }
  throw sessionEndedError(state, outcome.end, target.name);
}

/** The Hyper-V writer needs every volume a VM uses in the same set, or the VM is silently left out. */
function assertVmsOnVolume(inv: WindowsInventory, req: SnapshotRequest, volume: WinVolume): void {
  for (const vmId of req.vmIds) {
    const vm = inv.vms.find((v) => v.id === vmId);
    if (!vm) throw winError(WinCode.UnknownVm, `VM ${vmId} is not in the Windows inventory.`, { hint: 'Refresh the inventory; the VM may have been removed or moved to another host.' });
    const others = volumesOfVm(vm).filter((id) => id !== volume.id);
    if (req.applicationConsistent && others.length > 0) {
      throw winError(WinCode.VmSpansVolumes, `${vm.name} has files on ${others.length + 1} volumes; an application-consistent snapshot of ${volume.displayPath} alone would leave it out.`, {
        hint: 'Move all files of the VM (disks, checkpoints, configuration) to one volume, or back it up crash-consistently.',
        step: 'Snapshot',
      });
    }
  }
}

function createdSnapshot(ctx: SnapshotContext, state: SnapshotState): CreatedSnapshot {
  const providerKind = providerKindOf(state.providerId);
  const provider = providerKind === 'software' ? SOFTWARE_PROVIDER : ctx.lastInventory()?.hosts.find((h) => h.id === state.hostId)?.hardwareProvider;
  return {
    snapshotId: state.snapshotId,
    shadowIds: [...state.shadowIds],
    provider: provider ? `${provider.name} ${provider.id}` : state.providerId,
    providerKind,
    metadataRef: formatMetadataRef(state.hostId, state.paths.cab),
    ...(state.references ? { references: state.references.map((r) => ({ ...r })) } : {}),
  };
}
