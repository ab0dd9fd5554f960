// Fault injection for the lab: tests (and the console's test hooks) make any step fail on purpose.
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';

export type LabFaultStep = 'create' | 'import' | 'expose' | 'read' | 'write' | 'unexpose' | 'delete' | 'install' | 'proxy-unreachable';

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
};

interface Fault {
  step: LabFaultStep;
  /** restrict to one target (volume id, server id, snapshot id); undefined = any */
  target?: string;
  /** how many times it fires; Infinity = until cleared */
  remaining: number;
}

export class LabFaults {
  private faults: Fault[] = [];

  inject(step: LabFaultStep, opts: { target?: string; times?: number } = {}): void {
    this.faults.push({ step, target: opts.target, remaining: opts.times ?? 1 });
  }
  clear(): void {
    this.faults = [];
  }
  isSet(step: LabFaultStep, target?: string): boolean {
    return this.faults.some((f) => f.step === step && f.remaining > 0 && (f.target === undefined || f.target === target));
  }
  /** Throws the step's stable error when a fault is armed for it (and uses one shot). */
  check(step: LabFaultStep, target?: string): void {
    const f = this.faults.find((x) => x.step === step && x.remaining > 0 && (x.target === undefined || x.target === target));
    if (!f) return;
    f.remaining -= 1;
    throw new FerryError(CODES[step], `lab: injected ${step} fault${target ? ` on ${target}` : ''}`);
  }
}
