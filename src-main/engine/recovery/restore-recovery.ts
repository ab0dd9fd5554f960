// Start-up after a crash mid-restore: every restore ledger still open is cleaned like the session would have
// (a half-registered VM unregistered, temp files removed, the files of a VM never registered removed), and the
// session's facts and log say what each target is left as. Runs after the generic start-up recovery ended the
// session as interrupted. A clean-up that fails leaves the ledger open for the next start.
import { FerryError } from '../../../src-shared/contract/errors';
import type { PlatformLog } from '../platform/types';
import type { RestorePlatform } from '../platform/restore-types';
import type { Store } from '../store/store';
import { writeSession } from '../orchestrator/cleanup-record';
import { nowIso } from '../util/time';
import type { RestoreLedgerDoc } from './restore-ledger';
import { undoItem } from './restore-steps';

export async function recoverRestores(store: Store, platform: RestorePlatform, isRunning: (sessionId: string) => boolean, log: PlatformLog): Promise<string[]> {
  const cleaned: string[] = [];
  for (const doc of store.openRestoreLedgers<RestoreLedgerDoc>()) {
    if (isRunning(doc.sessionId)) continue;
    const lines: Array<{ at: string; level: 'info' | 'warning' | 'error'; vmId: string | null; text: string }> = [];
    let ok = true;
    for (const li of doc.items) {
      if (li.done) continue;
      const facts = doc.facts.items.find((f) => f.vmId === li.vmId);
      try {
        const left = await undoItem(platform, li, (level, text) => lines.push({ at: nowIso(), level, vmId: li.vmId, text }));
        if (facts) facts.targetState = `${left} (cleaned up at start-up)`;
        lines.push({ at: nowIso(), level: 'warning', vmId: li.vmId, text: `Restore interrupted: ${left} (cleaned up at start-up)` });
        li.done = true;
      } catch (e) {
        ok = false;
        lines.push({ at: nowIso(), level: 'error', vmId: li.vmId, text: `Start-up clean-up of the interrupted restore failed: ${FerryError.from(e).message}; retried at the next start` });
      }
    }
    store.putRestoreLedger(doc.sessionId, !ok, doc);
    const session = store.getSession(doc.sessionId);
    if (session) writeSession(store, session, lines);
    log(ok ? 'warning' : 'error', `Interrupted restore ${doc.sessionId}: ${ok ? 'cleaned up' : 'clean-up failed, retried at the next start'}`);
    cleaned.push(doc.sessionId);
  }
  return cleaned;
}
