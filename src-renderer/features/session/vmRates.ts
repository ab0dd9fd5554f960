// Per-VM read rate from the cumulative bytes of successive progress events (the host sends totals only), and
// what a VM's row says once it is done: its average over its own processing time.
import type { VmTaskView } from '../../../src-shared/domain';
import { durationBetween } from '../../lib/format';

const MIN_INTERVAL_MS = 1000;

export class VmRateTracker {
  private readonly seen = new Map<string, { at: number; bytes: number; rate: number }>();

  /** Rates in bytes/s: the live rate of a running VM, the average of a finished one, 0 before it starts. */
  update(vms: VmTaskView[], nowMs: number): Map<string, number> {
    const rates = new Map<string, number>();
    for (const vm of vms) {
      const prev = this.seen.get(vm.vmId);
      if (!prev || vm.bytesRead < prev.bytes) {
        this.seen.set(vm.vmId, { at: nowMs, bytes: vm.bytesRead, rate: 0 });
      } else if (nowMs - prev.at >= MIN_INTERVAL_MS) {
        const rate = ((vm.bytesRead - prev.bytes) * 1000) / (nowMs - prev.at);
        this.seen.set(vm.vmId, { at: nowMs, bytes: vm.bytesRead, rate });
      }
      rates.set(vm.vmId, vm.status === 'Running' ? (this.seen.get(vm.vmId)?.rate ?? 0) : averageRate(vm));
    }
    return rates;
  }
}

/** Bytes read per second over the VM's processing time (start to end); 0 when it never ran or read nothing. */
export function averageRate(vm: Pick<VmTaskView, 'bytesRead' | 'startedAt' | 'endedAt'>): number {
  if (!vm.startedAt || !vm.endedAt || vm.bytesRead <= 0) return 0;
  const ms = durationBetween(vm.startedAt, vm.endedAt);
  return ms > 0 ? (vm.bytesRead * 1000) / ms : 0;
}

/** How long the VM has been (or was) processed; null before it started. */
export function vmDuration(vm: Pick<VmTaskView, 'startedAt' | 'endedAt'>, nowMs: number): number | null {
  return vm.startedAt ? durationBetween(vm.startedAt, vm.endedAt, nowMs) : null;
}
