// What a session does when a volume snapshot cannot be taken as planned (reference offhost-domain §2.3, §2.5):
//  - the hardware VSS provider fails (or vetoes): take it with the Microsoft Software Shadow Copy provider instead,
//    if the host allows it. A software shadow copy cannot leave its host, so those VMs are processed on-host, at
//    most 4 per snapshot; otherwise they fail with the reason.
//  - the Hyper-V VSS writer fails for some VMs: Hyper-V backs up all or none, so the snapshot is retaken without
//    them; they fail (the job requires successful processing) or get a crash-consistent snapshot of their own.
//    When the platform cannot say which VMs, each VM of the set is retaken alone first to find out.
// Pure decisions; the session runner does the I/O and records the outcome.
import type { Departure } from '../../../src-shared/domain';
import { ErrorCode, type FerryError } from '../../../src-shared/contract/errors';
import { MAX_VMS_SOFTWARE, type PlannedGroup } from './plan';

export interface SnapshotAttempt extends PlannedGroup {
  mode: 'off-host' | 'on-host';
  applicationConsistent: boolean;
  /** why this snapshot differs from what the job asked for; shown in the snapshot's history */
  note: string | null;
  // (departures, inherited from PlannedGroup: every way it differs, as facts; a retake keeps its predecessor's)
}

/** The list with `d` in place of any departure of the same kind (a later retake says why it was retaken). */
export function withDeparture(list: readonly Departure[], d: Departure): Departure[] {
  return [...list.filter((x) => x.kind !== d.kind), d];
}

export interface AttemptPolicy {
  hostName: string;
  /** host setting: fall back to the software provider when the hardware provider fails or is absent */
  failoverToSoftwareProvider: boolean;
  /** job setting: a VM whose application-consistent processing fails is failed, not backed up crash-consistent */
  requireSuccessfulProcessing: boolean;
}

export interface Retake {
  /** snapshots to take instead, in order */
  attempts: SnapshotAttempt[];
  /** VMs that end here, with the reason */
  failed: Array<{ vmId: string; reason: string }>;
  /** VMs that go on, but end as Warning with this text */
  warnings: Array<{ vmId: string; text: string }>;
  /** one line for the session log */
  log: string;
}

export function firstAttempt(g: PlannedGroup & { mode: 'off-host' | 'on-host' }, applicationConsistent: boolean): SnapshotAttempt {
  return { ...g, applicationConsistent, note: g.warning };
}

/** The snapshots to take after `err` from createSnapshot, or null when nothing can work around it (the VMs fail). */
export function retakeAfter(a: SnapshotAttempt, err: FerryError, policy: AttemptPolicy): Retake | null {
  const reason = err.message.replace(/\.\s*$/, '');
  if (err.code === ErrorCode.HardwareProviderFailed && a.provider === 'hardware') {
    const why = `hardware VSS provider failed on ${a.volumePath}: ${reason}`;
    if (!policy.failoverToSoftwareProvider) {
      const text = `${why}; failover to the software provider is off for ${policy.hostName}`;
      return { attempts: [], failed: a.vmIds.map((vmId) => ({ vmId, reason: text })), warnings: [], log: text };
    }
    const text = `${why}; fell back to the Microsoft Software Shadow Copy provider — processed on-host`;
    // a software shadow copy cannot leave its host: an off-host snapshot becomes an on-host one
    let departures = withDeparture(a.departures, { kind: 'software-provider', reason: text });
    if (a.mode === 'off-host') departures = withDeparture(departures, { kind: 'failover-on-host', reason: text });
    const attempts = chunk(a.vmIds, MAX_VMS_SOFTWARE).map((vmIds): SnapshotAttempt => ({ ...a, vmIds, provider: 'software', mode: 'on-host', proxy: null, note: text, departures }));
    return { attempts, failed: [], warnings: a.vmIds.map((vmId) => ({ vmId, text })), log: text };
  }
  if (err.code === ErrorCode.WriterFailed && a.applicationConsistent) {
    const named = writerFailedVms(err).filter((id) => a.vmIds.includes(id));
    // A platform that cannot tell which VM failed (DiskShadow reports the writer, not the VM) names none. One bad
    // VM must not cost the others their consistency: each is retaken on its own, application-consistent; a VM
    // whose own snapshot fails again is then the one (named by elimination) and handled below.
    if (named.length === 0 && a.vmIds.length > 1) {
      const text = `the Hyper-V VSS writer failed for the snapshot of ${a.vmIds.length} VMs on ${a.volumePath} (${reason}) without saying for which VM: each VM is retaken on its own to find it`;
      const note = 'retaken alone: the Hyper-V VSS writer failed for the shared snapshot';
      const departures = withDeparture(a.departures, { kind: 'retake', reason: note });
      const attempts = a.vmIds.map((vmId): SnapshotAttempt => ({ ...a, vmIds: [vmId], note, departures }));
      return { attempts, failed: [], warnings: [], log: text };
    }
    const failedIds = named.length > 0 ? named : [...a.vmIds];
    const rest = a.vmIds.filter((id) => !failedIds.includes(id));
    const why = `application-consistent processing failed: ${reason}`;
    const restNote = `retaken without ${failedIds.length} VM(s) whose Hyper-V VSS writer processing failed`;
    const attempts: SnapshotAttempt[] = rest.length > 0 ? [{ ...a, vmIds: rest, note: restNote, departures: withDeparture(a.departures, { kind: 'retake', reason: restNote }) }] : [];
    if (policy.requireSuccessfulProcessing) {
      const text = `${why}; the job requires successful processing`;
      return { attempts, failed: failedIds.map((vmId) => ({ vmId, reason: text })), warnings: [], log: `${a.volumePath}: ${text}` };
    }
    const text = `${why}; backed up crash-consistent`;
    const crashNote = `crash-consistent: ${why}`;
    attempts.push({ ...a, vmIds: failedIds, applicationConsistent: false, note: crashNote, departures: withDeparture(a.departures, { kind: 'crash-consistent', reason: text }) });
    return { attempts, failed: [], warnings: failedIds.map((vmId) => ({ vmId, text })), log: `${a.volumePath}: ${text}` };
  }
  return null;
}

function writerFailedVms(err: FerryError): string[] {
  const d = err.details;
  const ids = d && typeof d === 'object' && 'vmIds' in d ? (d as { vmIds: unknown }).vmIds : null;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
