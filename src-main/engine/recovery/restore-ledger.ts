// A restore session's ledger: written before each change on the target (a temp file, a rename, a registration),
// so a crash at any point leaves a record start-up can act on — remove temp files, unregister a half-registered
// VM, remove the files of a new VM that never got registered — and say what the target is left as.
import type { RestoreSessionFacts } from '../../../src-shared/contract/restore';
import type { Store } from '../store/store';
import type { ResolvedItem } from './restore-plan-types';

export interface LedgerFile {
  /** host path the data mover writes */
  temp: string;
  final: string;
  /** in-place (quick rollback): temp === final, never removed */
  inPlace: boolean;
  /** the final name holds the restored file (renamed) */
  committed: boolean;
  /** the final file existed before the restore and is replaced (original location / original VM): never removed */
  replacesExisting: boolean;
}

export interface LedgerItem {
  vmId: string;
  vmName: string;
  mode: ResolvedItem['mode'];
  targetServerId: string;
  moverServerId: string;
  targetVmName: string | null;
  /** a new VM: its id, set before it is registered (unregistering an unknown id is harmless) */
  registeringVmId: string | null;
  files: LedgerFile[];
  /** the item completed: nothing of it is undone */
  done: boolean;
}

export interface RestoreLedgerDoc {
  sessionId: string;
  items: LedgerItem[];
  facts: RestoreSessionFacts;
}

export class RestoreLedger {
  constructor(
    private readonly store: Store,
    readonly doc: RestoreLedgerDoc,
  ) {}

  /** Written now (synchronously, SQLite): call before the change it records. */
  save(open = true): void {
    this.store.putRestoreLedger(this.doc.sessionId, open, this.doc);
  }

  close(): void {
    this.save(false);
  }

  item(vmId: string): LedgerItem {
    const it = this.doc.items.find((x) => x.vmId === vmId);
    if (!it) throw new Error(`restore ledger ${this.doc.sessionId}: unknown VM ${vmId}`);
    return it;
  }
}

export function ledgerItemOf(it: ResolvedItem): LedgerItem {
  return {
    vmId: it.vmId,
    vmName: it.vmName,
    mode: it.mode,
    targetServerId: it.targetServerId,
    moverServerId: it.moverServerId,
    targetVmName: it.targetVmName,
    registeringVmId: null,
    files: it.disks.map((d) => ({
      temp: d.tempPath,
      final: d.targetPath,
      inPlace: d.write === 'in-place',
      committed: false,
      replacesExisting: it.mode === 'original' || it.disksTarget === 'original-vm',
    })),
    done: false,
  };
}

/** Files to remove when an item is undone: temp names always; finals only of new files nobody else had. */
export function filesToRemove(item: LedgerItem): string[] {
  const out: string[] = [];
  for (const f of item.files) {
    if (f.inPlace) continue;
    out.push(f.temp);
    if (f.committed && !f.replacesExisting) out.push(f.final);
  }
  return out;
}
