// Per-VM read rate from the cumulative bytes of successive progress events (the host sends totals only).
import type { VmTaskView } from '../../../src-shared/domain';

const MIN_INTERVAL_MS = 1000;

export class VmRateTracker {
  private readonly seen = new Map<string, { at: number; bytes: number; rate: number }>();

  /** Rates in bytes/s; a VM that is not running reads nothing. */
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
      rates.set(vm.vmId, vm.status === 'Running' ? (this.seen.get(vm.vmId)?.rate ?? 0) : 0);
    }
    return rates;
  }
}
