// Fault injection for the lab: tests (and the console's test hooks) make any step fail on purpose.
// Faults live in lab/faults.json so that they reach the proxies' agent processes too (a read error on
// the proxy, a repository write failure), not only this process.
import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';

/** hw-provider: the hardware VSS provider fails on a volume (target = volume id); writer: the Hyper-V VSS writer fails for a VM (target = VM id) */
/** target-write: the target host's data mover fails writing a replica disk; merge: folding the oldest replica point fails;
 *  failover-start / failback: those replica operations fail on the target (target = replica VM name or VM id) */
export type LabFaultStep =
  | 'create'
  | 'import'
  | 'expose'
  | 'read'
  | 'write'
  | 'unexpose'
  | 'delete'
  | 'install'
  | 'proxy-unreachable'
  | 'hw-provider'
  | 'writer'
  | 'target-write'
  | 'merge'
  | 'failover-start'
  | 'failback'
  | RestoreFaultStep;
/** a restore's steps on the target (target = the server id, or the VM id for power-off/power-on) */
export type RestoreFaultStep = 'restore-power-off' | 'restore-prepare' | 'restore-write' | 'restore-register' | 'restore-cluster-role' | 'restore-power-on';

const CODES: Record<LabFaultStep, string> = {
  create: ErrorCode.SnapshotFailed,
  import: ErrorCode.ImportFailed,
  expose: ErrorCode.ExposeFailed,
  read: ErrorCode.DiskCorrupt,
  write: ErrorCode.RepoWrite,
  unexpose: ErrorCode.ExposeFailed,
  delete: ErrorCode.SnapshotFailed,
  install: ErrorCode.ProxyNotReady,
  'proxy-unreachable': ErrorCode.ProxyNotReady,
  'hw-provider': ErrorCode.HardwareProviderFailed,
  writer: ErrorCode.WriterFailed,
  'restore-power-off': ErrorCode.RestoreStepFailed,
  'restore-prepare': ErrorCode.RestoreStepFailed,
  'restore-write': ErrorCode.RestoreStepFailed,
  'restore-register': ErrorCode.RestoreStepFailed,
  'restore-cluster-role': ErrorCode.RestoreStepFailed,
  'restore-power-on': ErrorCode.RestoreStepFailed,
  'target-write': ErrorCode.ReplicaWrite,
  merge: ErrorCode.ReplicaWrite,
  'failover-start': ErrorCode.ReplicaOperation,
  failback: ErrorCode.ReplicaOperation,
};

interface Fault {
  step: LabFaultStep;
  /** error: the step throws; hang: the step never returns (to kill the process right there) */
  mode?: 'error' | 'hang';
  /** restrict to one target (volume id, server id, VM id, snapshot id); undefined = any */
  target?: string;
  /** how many times it fires */
  remaining: number;
}

export class LabFaults {
  constructor(private readonly file: string) {}

  inject(step: LabFaultStep, opts: { target?: string; times?: number; mode?: 'error' | 'hang' } = {}): void {
    this.write([...this.read(), { step, target: opts.target, remaining: opts.times ?? 1, mode: opts.mode ?? 'error' }]);
  }

  /** Where a hanging step says it is stuck, so a test can kill the process exactly there. */
  hangMarker(step: LabFaultStep): string {
    return join(dirname(this.file), `hanging-${step}`);
  }

  /** Like check(), but a 'hang' fault stops here for good (the process stays alive until it is killed). */
  async gate(step: LabFaultStep, target?: string): Promise<void> {
    const all = this.read();
    const f = all.find((x) => matches(x, step, target));
    if (f?.mode === 'hang') {
      f.remaining -= 1;
      this.write(all.filter((x) => x.remaining > 0));
      writeFileSync(this.hangMarker(step), String(process.pid));
      await new Promise<never>(() => setInterval(() => undefined, 60_000));
    }
    this.check(step, target);
  }
  clear(): void {
    this.write([]);
  }
  isSet(step: LabFaultStep, target?: string): boolean {
    return this.read().some((f) => matches(f, step, target));
  }
  /** The targets among `targets` that have a fault armed for `step`, using one shot of each (no throw). */
  fire(step: LabFaultStep, targets: string[]): string[] {
    const all = this.read();
    const hit: string[] = [];
    for (const t of targets) {
      const f = all.find((x) => matches(x, step, t));
      if (!f) continue;
      f.remaining -= 1;
      hit.push(t);
    }
    if (hit.length > 0) this.write(all.filter((x) => x.remaining > 0));
    return hit;
  }

  /** Uses one shot of a fault armed for `step` without a target; true when one fired (no throw). */
  fireUntargeted(step: LabFaultStep): boolean {
    const all = this.read();
    const f = all.find((x) => x.step === step && x.remaining > 0 && x.target === undefined);
    if (!f) return false;
    f.remaining -= 1;
    this.write(all.filter((x) => x.remaining > 0));
    return true;
  }

  /** Throws the step's stable error when a fault is armed for it (and uses one shot). */
  check(step: LabFaultStep, target?: string): void {
    const all = this.read();
    const f = all.find((x) => matches(x, step, target));
    if (!f) return;
    f.remaining -= 1;
    this.write(all.filter((x) => x.remaining > 0));
    throw new FerryError(CODES[step], `lab: injected ${step} fault${target ? ` on ${target}` : ''}`);
  }

  private read(): Fault[] {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Fault[];
    } catch {
      return [];
    }
  }
  private write(faults: Fault[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(faults));
    renameSync(tmp, this.file);
  }
}

const matches = (f: Fault, step: LabFaultStep, target?: string) => f.step === step && f.remaining > 0 && (f.target === undefined || f.target === target);

/**
 * Data-path hooks for a mover running under the lab: a read error in the middle of a disk (third block)
 * and a repository write failure on the first new chunk.
 */
export function labMoverHooks(faults: LabFaults) {
  const vmOf = (t: { diskKey: string }) => t.diskKey.split('/')[0];
  const reads = new Map<string, number>();
  const writes = new Set<string>();
  return {
    beforeRead: (t: { taskId: string; diskKey: string }) => {
      const n = (reads.get(t.taskId) ?? 0) + 1;
      reads.set(t.taskId, n);
      if (n === 3) faults.check('read', vmOf(t));
    },
    beforeWrite: (t: { taskId: string; diskKey: string }) => {
      if (writes.has(t.taskId)) return;
      writes.add(t.taskId);
      faults.check('write', vmOf(t));
    },
  };
}

/** Restore-side data-path hook: the 'restore-write' fault (target: the server id) fires at the third write of a disk. */
export function labWriterHooks(faults: LabFaults, serverId?: string) {
  return {
    beforeWrite: async (_t: { taskId: string }, n: number) => {
      if (n === 3) await faults.gate('restore-write', serverId);
    },
  };
}
