// Start-up after a crash (Ferry killed while sessions ran): every snapshot the ledger did not see deleted — plus any
// the platform still reports — is dismounted and deleted, and the interrupted sessions are told what happened, so
// the session screen shows the truth instead of a run frozen at "Reading disk 1":
//  - each snapshot: its release and deletion, at the time start-up did them, marked "cleaned up at start-up";
//  - each VM: a final state (a VM that was not finished is Failed; without a restore point nobody is backed up);
//  - the session: Failed, interrupted, ended now;
//  - its log: what was interrupted and what was cleaned, after the lines it already had.
// A clean-up that fails here is recorded in the ledger: the clean-up retries (leftover-cleanup.ts) take it from there.
import type { LogLine, SessionView } from '../../../src-shared/domain';
import { FerryError } from '../../../src-shared/contract/errors';
import type { Platform, PlatformLog } from '../platform/types';
import type { Store } from '../store/store';
import { nowIso } from '../util/time';
import { applyCleanup, markDeleted, writeSession, type Cleanup } from './cleanup-record';
import { nextCleanupRetry } from './leftover-cleanup';

export const INTERRUPTED_REASON = 'Interrupted: Ferry stopped while this session was running';

export interface RecoveryResult {
  cleaned: string[];
  failed: string[];
}

export async function recoverAtStartup(store: Store, platform: Platform, isRunning: (sessionId: string) => boolean, log: PlatformLog, now: () => Date = () => new Date()): Promise<RecoveryResult> {
  const interrupted = store.listRunningSessions().filter((s) => !isRunning(s.id));
  const open = store.ledgerOpen().filter((r) => !isRunning(r.sessionId));
  const leftovers = await platform.listLeftovers().catch(() => []);
  const ids = new Set([...open.map((r) => r.snapshotId), ...leftovers.map((l) => l.snapshotId)]);
  const result: RecoveryResult = { cleaned: [], failed: [] };
  const bySession = new Map<string, Cleanup[]>();
  for (const id of ids) {
    const row = open.find((r) => r.snapshotId === id);
    try {
      // 'released' is recorded once it was dismounted: only the deletion is left
      if (row?.exposedOn && row.stage !== 'released') await platform.unexposeSnapshot(id, row.exposedOn, log);
      await platform.deleteSnapshot(id, log);
      if (row) store.ledgerUpdate(id, { stage: 'deleted' }, nowIso());
      log('warning', `Cleaned up snapshot ${id} left behind by an interrupted session${row ? ` (${row.sessionId}, was ${row.stage})` : ' (not in the ledger)'}`);
      result.cleaned.push(id);
      if (row) bySession.set(row.sessionId, [...(bySession.get(row.sessionId) ?? []), { row, at: nowIso(), ok: true }]);
    } catch (e) {
      const error = FerryError.from(e).message;
      log('error', `Could not clean up snapshot ${id}: ${error}`);
      result.failed.push(id);
      if (row) store.ledgerCleanupFailed(id, { error, at: now().toISOString(), nextAt: nextCleanupRetry(now(), (row.cleanup?.attempts ?? 0) + 1).toISOString() });
      if (row) bySession.set(row.sessionId, [...(bySession.get(row.sessionId) ?? []), { row, at: nowIso(), ok: false, error }]);
    }
  }
  for (const s of interrupted) writeInterrupted(store, s, bySession.get(s.id) ?? []);
  // a snapshot a failed clean-up left for this start belongs to a session already ended by an earlier start
  for (const [sessionId, cleanups] of bySession) {
    if (interrupted.some((s) => s.id === sessionId)) continue;
    const s = store.getSession(sessionId);
    if (s) writeSession(store, s, cleanups.map((c) => applyCleanup(s, c, 'startup')).filter((t) => t !== null));
  }
  return result;
}

/** The session as it ended: its snapshots cleaned, its VMs final, itself Failed (interrupted). */
function writeInterrupted(store: Store, s: SessionView, cleanups: Cleanup[]): void {
  const at = nowIso();
  const lines: Omit<LogLine, 'seq'>[] = [{ at, level: 'warning', vmId: null, text: 'Ferry stopped while this session was running: the session was ended at the next start and its snapshots were cleaned up' }];
  for (const c of cleanups) {
    const line = applyCleanup(s, c, 'startup');
    if (line) lines.push(line);
  }
  // a snapshot the ledger had already seen deleted (the session's view lagged behind) is deleted on screen too
  for (const snap of s.snapshots) {
    const row = snap.stage === 'deleted' ? null : store.ledgerGet(snap.id);
    if (row?.stage === 'deleted') markDeleted(snap, row.updatedAt, null);
  }
  for (const vm of s.vms) {
    const unfinished = vm.status === 'Running' || vm.status === 'Pending';
    const notInPoint = s.restorePointId === null && (vm.status === 'Success' || vm.status === 'Warning');
    if (!unfinished && !notInPoint) continue;
    vm.message = unfinished
      ? `Interrupted: Ferry stopped ${vm.status === 'Pending' ? 'before this VM was processed' : 'while this VM was being processed'}`
      : 'Interrupted: Ferry stopped before the restore point was written, so this VM is not backed up';
    vm.status = 'Failed';
    // a VM that had started ends with the session (the crash is when we know it stopped); one never started has no span
    if (vm.startedAt && !vm.endedAt) vm.endedAt = at;
    lines.push({ at, level: 'error', vmId: vm.vmId, text: vm.message });
  }
  s.result = 'Failed';
  s.reason = INTERRUPTED_REASON;
  s.interrupted = true;
  s.endedAt = at;
  lines.push({ at, level: 'error', vmId: null, text: `Session ended: Failed. ${INTERRUPTED_REASON}` });
  writeSession(store, s, lines);
}
