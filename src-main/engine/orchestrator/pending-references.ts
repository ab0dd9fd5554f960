// Change-tracking references a running session took, kept in the store until that session has retired what
// nothing builds on (reference-retirement.ts). A console killed in between leaves them here: the next start
// retires them (Orchestrator.recover), so a crash does not leave Hyper-V reference points behind for good.
import { z } from 'zod';
import type { ChangeReference } from '../platform/types';
import type { Store } from '../store/store';

const KEY = 'changeReferences.pending';

const Pending = z.array(z.object({ sessionId: z.string(), vmId: z.string(), diskIndex: z.number().int().nonnegative(), referenceId: z.string() }));
type Pending = z.infer<typeof Pending>;

export class PendingReferences {
  constructor(private readonly store: Store) {}

  /** Recorded right after the snapshot that took them exists (before anything else can fail). */
  add(sessionId: string, refs: readonly ChangeReference[]): void {
    if (refs.length === 0) return;
    this.save([...this.load(), ...refs.map((r) => ({ sessionId, vmId: r.vmId, diskIndex: r.diskIndex, referenceId: r.referenceId }))]);
  }

  /** The session has dealt with them (retired or kept by a restore point), except the VMs whose retirement failed. */
  done(sessionId: string, failedVmIds: readonly string[] = []): void {
    this.save(this.load().filter((p) => p.sessionId !== sessionId || failedVmIds.includes(p.vmId)));
  }

  /** References of sessions that are not running any more (a crash, or a retirement that failed). */
  orphaned(isRunning: (sessionId: string) => boolean): Array<ChangeReference & { sessionId: string }> {
    return this.load().filter((p) => !isRunning(p.sessionId));
  }

  private load(): Pending {
    const text = this.store.getConfig(KEY);
    if (text === null) return [];
    try {
      return Pending.parse(JSON.parse(text));
    } catch {
      return []; // unreadable: nothing to retire from it (at worst a reference point stays, never one is lost)
    }
  }

  private save(list: Pending): void {
    this.store.setConfig(KEY, JSON.stringify(list));
  }
}
