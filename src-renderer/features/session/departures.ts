// What a session did differently from what its job asked for, read from the session alone (the job may have been
// edited since): the engine records each departure as a typed fact on the snapshot and on each VM
// (src-shared/domain.ts, Departure). Nothing here reads the log or the engine's wording.
import type { DepartureKind, SnapshotView, VmTaskView } from '../../../src-shared/domain';

type Snap = Pick<SnapshotView, 'id' | 'volumePath' | 'departures'>;
type Vm = Pick<VmTaskView, 'vmId' | 'departures'>;

export interface SessionDepartures {
  /** VMs processed on their host although the job asked for off-host */
  failoverVmIds: ReadonlySet<string>;
  /** VMs backed up crash-consistent because the Hyper-V VSS writer failed (the job asked for application-consistent) */
  writerFallbackVmIds: ReadonlySet<string>;
  /** software-provider snapshots the plan did not want (snapshot id → the engine's reason) */
  softwareFallbacks: ReadonlyMap<string, string>;
}

export const NO_DEPARTURES: SessionDepartures = { failoverVmIds: new Set(), writerFallbackVmIds: new Set(), softwareFallbacks: new Map() };

/** The reason of the departure of this kind, or null when the snapshot or VM did not depart that way. */
export function departureReason(x: { departures?: Array<{ kind: DepartureKind; reason: string }> }, kind: DepartureKind): string | null {
  return x.departures?.find((d) => d.kind === kind)?.reason ?? null;
}

export function sessionDepartures(snapshots: Snap[], vms: Vm[]): SessionDepartures {
  const withKind = (kind: DepartureKind) => new Set(vms.filter((v) => departureReason(v, kind) !== null).map((v) => v.vmId));
  const softwareFallbacks = new Map<string, string>();
  for (const s of snapshots) {
    const reason = departureReason(s, 'software-provider');
    if (reason !== null) softwareFallbacks.set(s.id, reason);
  }
  const failoverVmIds = withKind('failover-on-host');
  const writerFallbackVmIds = withKind('crash-consistent');
  if (failoverVmIds.size === 0 && writerFallbackVmIds.size === 0 && softwareFallbacks.size === 0) return NO_DEPARTURES;
  return { failoverVmIds, writerFallbackVmIds, softwareFallbacks };
}

/**
 * One line per volume whose snapshot was read on its host because no off-host proxy could take it, with the reason.
 * A software shadow copy is on-host too, but it has its own alert (it says why): it is not listed here.
 */
export function proxyFailovers(snapshots: Snap[]): string[] {
  const lines = snapshots.flatMap((s) => {
    const reason = departureReason(s, 'failover-on-host');
    return reason !== null && departureReason(s, 'software-provider') === null ? [`${s.volumePath}: ${reason}`] : [];
  });
  return [...new Set(lines)];
}
