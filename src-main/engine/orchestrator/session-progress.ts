// A session's progress from its disks' mover stats: per VM (bytes read, share done) and for the session
// (progress, rates, ratios, bottleneck). The same for every sink: the mover reports the same stats.
import type { SessionView } from '../../../src-shared/domain';
import type { MoverStats } from '../datamover/task';
import { sessionStats, sumStats } from './session-stats';

export class SessionProgress {
  private readonly diskStats = new Map<string, MoverStats>();
  private readonly started = Date.now();

  constructor(private readonly view: SessionView) {}

  /** the latest stats of disk `key` ("vmId/diskIndex") of VM `vmId`; updates the view (the caller persists) */
  disk(vmId: string, key: string, stats: MoverStats): void {
    this.diskStats.set(key, stats);
    let vmProcessed = 0;
    let vmRead = 0;
    for (const [k, s] of this.diskStats) {
      if (!k.startsWith(`${vmId}/`)) continue;
      vmProcessed += s.bytesProcessed;
      vmRead += s.bytesRead;
    }
    const total = sumStats(this.diskStats.values());
    const vm = this.view.vms.find((v) => v.vmId === vmId);
    if (vm) {
      vm.bytesRead = vmRead;
      vm.progress = vm.bytesTotal > 0 ? Math.min(1, vmProcessed / vm.bytesTotal) : 1;
    }
    const all = this.view.vms.reduce((a, v) => a + v.bytesTotal, 0);
    this.view.progress = all > 0 ? Math.min(1, total.bytesProcessed / all) : 0;
    this.view.stats = sessionStats(total, (Date.now() - this.started) / 1000);
  }
}
