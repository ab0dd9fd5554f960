// What a session did differently from what its job asked for, read from the session alone: the job may have
// been edited since (an old session of a job now on-host must still show its failovers), and the log may be
// cut short. Two facts of the engine's session view carry it (src-main/engine/orchestrator/snapshot-attempts.ts):
//  - a snapshot's "planned" history entry has a note exactly when the snapshot differs from the plan (failed
//    over to on-host, a host without a hardware provider, a software-provider or writer retake), in the
//    engine's own words;
//  - a retake comes after the failed snapshot it replaces, on the same volume, for some of that one's VMs.
import type { SnapshotView, VmTaskView } from '../../../src-shared/domain';

type Snap = Pick<SnapshotView, 'id' | 'volumeId' | 'proxyServerId' | 'vmIds' | 'provider' | 'history'>;
type Vm = Pick<VmTaskView, 'vmId' | 'processingMode' | 'consistency'>;

export interface SessionDepartures {
  /** VMs processed on their host although the job asked for off-host */
  failoverVmIds: ReadonlySet<string>;
  /** VMs backed up crash-consistent because the Hyper-V VSS writer failed (the job asked for application-consistent) */
  writerFallbackVmIds: ReadonlySet<string>;
  /** software-provider snapshots the plan did not want (snapshot id → the engine's reason) */
  softwareFallbacks: ReadonlyMap<string, string>;
}

export const NO_DEPARTURES: SessionDepartures = { failoverVmIds: new Set(), writerFallbackVmIds: new Set(), softwareFallbacks: new Map() };

const failed = (s: Snap) => s.history.some((h) => h.stage === 'failed');
/** why the snapshot differs from the plan; null when it is what the job asked for */
export const planNote = (s: Snap): string | null => s.history.find((h) => h.stage === 'planned')?.note ?? null;

/** index of the failed snapshot that `snaps[i]` was retaken for, or -1 for a first attempt */
function retakeOf(snaps: Snap[], i: number): number {
  const s = snaps[i]!;
  if (s.vmIds.length === 0) return -1;
  for (let j = i - 1; j >= 0; j--) {
    const p = snaps[j]!;
    if (p.volumeId === s.volumeId && failed(p) && s.vmIds.every((id) => p.vmIds.includes(id))) return j;
  }
  return -1;
}

export function sessionDepartures(snapshots: Snap[], vms: Vm[]): SessionDepartures {
  if (snapshots.length === 0) return NO_DEPARTURES;
  // chains[i]: the first attempt, then each retake down to snapshot i
  const chains: Snap[][] = [];
  snapshots.forEach((s, i) => {
    const parent = retakeOf(snapshots, i);
    chains.push(parent < 0 ? [s] : [...chains[parent]!, s]);
  });

  const softwareFallbacks = new Map<string, string>();
  snapshots.forEach((s, i) => {
    const reason = softwareFallbackReason(chains[i]!);
    if (s.provider === 'software' && reason !== null) softwareFallbacks.set(s.id, reason);
  });

  // A VM's outcome is that of the last snapshot it was in.
  const last = new Map<string, number>();
  snapshots.forEach((s, i) => s.vmIds.forEach((id) => last.set(id, i)));
  const failoverVmIds = new Set<string>();
  const writerFallbackVmIds = new Set<string>();
  for (const vm of vms) {
    const i = last.get(vm.vmId);
    if (i === undefined) continue;
    const chain = chains[i]!;
    if (vm.processingMode === 'on-host' && offHostAsked(chain[0]!)) failoverVmIds.add(vm.vmId);
    if (vm.consistency === 'crash' && writerRetaken(chain)) writerFallbackVmIds.add(vm.vmId);
  }
  return { failoverVmIds, writerFallbackVmIds, softwareFallbacks };
}

/**
 * A first attempt was planned off-host when it had a proxy; an on-host one that the plan had to explain
 * (no eligible proxy, no hardware provider) was a failover. A plain on-host plan carries no note.
 */
function offHostAsked(first: Snap): boolean {
  return first.proxyServerId !== null || planNote(first) !== null;
}

/**
 * The software provider took it instead of the hardware one the plan wanted: the first attempt asked for the
 * hardware provider (it failed, a retake took over), or a host without one had to explain itself (the job asked
 * for off-host). The reason is the first such note down the chain; later retakes only say why they were retaken.
 */
function softwareFallbackReason(chain: Snap[]): string | null {
  const first = chain[0]!;
  const departed = first.provider === 'hardware' || (first.provider === 'software' && planNote(first) !== null);
  if (!departed) return null;
  for (const s of chain) {
    const note = s.provider === 'software' ? planNote(s) : null;
    if (note !== null) return note;
  }
  return null;
}

/**
 * Retaken after a writer failure: a retake on the same provider as the snapshot it replaces (a hardware-provider
 * failure switches to the software provider). Only an application-consistent snapshot is retaken that way, so a
 * crash-consistent VM in such a chain is a writer fallback, not what the job asked for.
 */
function writerRetaken(chain: Snap[]): boolean {
  for (let k = 1; k < chain.length; k++) if (chain[k]!.provider === chain[k - 1]!.provider) return true;
  return false;
}
