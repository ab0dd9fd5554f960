// Hyper-V Resilient Change Tracking for the transportable-snapshot flow (reference §2.5).
//
// Ordering, the part the reference marks UNCONFIRMED for off-host flows: the RCT reference point is created on
// the host BEFORE the VSS snapshot, and the changed ranges are asked of the LIVE disk after it (GetVirtualDiskChanges
// answers "since that RCT id, up to now"). Every write that can differ between two snapshots then lies inside the
// answer; writes between the reference and the snapshot are read twice (harmless), none is read never. Anything
// uncertain — a VM that is not RCT-capable, a failed reference point, an unknown RCT id, an asynchronous answer —
// is "unknown" and the engine reads the disk in full, saying why.
//
// Reference points no restore point builds on are destroyed after each session (retire; the engine decides which).
// Not done (see README.md): a test on a real Hyper-V host of the RCT id ↔ snapshot ordering.
import { z } from 'zod';
import { FerryError } from '../../../../../src-shared/contract/errors';
import type { ChangedRanges, ChangeReference, PlatformLog } from '../../types';
import type { WinVm } from '../discovery/inventory';
import { WinCode } from '../error-codes';
import { rctChangesPs, rctReferencePointsPs, rctRetirePs } from './rct-scripts';
import type { ScriptRunner, Target } from '../exec/script-runner';
import { GUID_BODY, psList } from '../exec/parse';

const count = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER));
const text = z.preprocess((v) => (v === null || v === undefined ? '' : v), z.string());

const ReferenceReport = psList(
  z.object({
    VmId: z.string(),
    Code: z.number().int(),
    Error: z.string().nullable().optional(),
    InstanceId: z.string().nullable().optional(),
    Disks: psList(z.object({ Path: text, RctId: text })),
  }),
);
const ChangesReport = z.object({ Code: z.number().int(), Offsets: psList(count), Lengths: psList(count) });
const RetireReport = z.object({
  Found: z.boolean(),
  Destroyed: psList(z.string()),
  Failed: psList(z.object({ InstanceId: text, Code: z.number().int() })),
});

/** GetVirtualDiskChanges return codes (reference §2.5) as an admin reads them. */
const CHANGE_CODES: Record<number, string> = {
  4096: 'an asynchronous job was started (no ranges returned)',
  32768: 'failed',
  32769: 'access denied',
  32770: 'not supported',
  32771: 'status unknown',
  32772: 'timeout',
  32773: 'invalid parameter: the RCT id is unknown to the disk (change tracking reset, disk replaced or VM moved)',
  32774: 'in use',
  32775: 'invalid state',
  32776: 'incorrect data type',
  32777: 'system not available',
  32778: 'out of memory',
  32779: 'file not found',
};

const VM_GUID = new RegExp(`^${GUID_BODY}$`);
const samePath = (a: string, b: string) => a.replace(/\//g, '\\').toLowerCase() === b.replace(/\//g, '\\').toLowerCase();

export class WindowsChangeTracking {
  constructor(private readonly deps: { run: ScriptRunner; timeoutMs: number }) {}

  /**
   * One RCT reference point per VM on its host, before the snapshot. VMs that cannot (configuration version < 6.2,
   * a failed call) get no reference — their next backup is a full, logged here and by the engine.
   */
  async takeReferences(host: Target, vms: readonly WinVm[], log: PlatformLog): Promise<ChangeReference[]> {
    const capable = vms.filter((vm) => {
      if (!vm.rctCapable) log('warning', `${vm.name}: configuration version ${vm.configVersion} has no Resilient Change Tracking (needs 6.2, Windows Server 2016+): its disks are read in full`);
      // the id goes into a WQL filter: only the GUIDs Hyper-V uses
      return vm.rctCapable && VM_GUID.test(vm.id);
    });
    if (capable.length === 0) return [];
    let report: z.infer<typeof ReferenceReport>;
    try {
      report = ReferenceReport.parse(await this.deps.run.ps(host, 'RCT reference points', rctReferencePointsPs({ vmIds: capable.map((v) => v.id) }), this.deps.timeoutMs));
    } catch (e) {
      log('warning', `${host.name}: could not create RCT reference points (${FerryError.from(e).message}): the disks are read in full`);
      return [];
    }
    const refs: ChangeReference[] = [];
    for (const vm of capable) {
      const entry = report.find((r) => r.VmId.toLowerCase() === vm.id.toLowerCase());
      if (!entry || entry.Code !== 0) {
        log('warning', `${vm.name}: no RCT reference point (${entry ? `code ${entry.Code}${entry.Error ? `, ${entry.Error}` : ''}` : 'not in the answer'}): its disks are read in full next time`);
        continue;
      }
      for (const disk of vm.disks) {
        const match = entry.Disks.find((d) => d.Path !== '' && samePath(d.Path, disk.topPath));
        if (match && match.RctId !== '') refs.push({ vmId: vm.id, diskIndex: disk.index, referenceId: match.RctId });
        else log('warning', `${vm.name}: reference point ${entry.InstanceId ?? ''} has no RCT id for disk ${disk.index} (${disk.topPath})`);
      }
      log('info', `${vm.name}: RCT reference point ${entry.InstanceId ?? ''} created on ${host.name}`);
    }
    return refs;
  }

  /**
   * Destroys the VM's reference points that hold an id of `retire` and none of `keep` (on the host that owns the
   * VM). A VM no longer on the host is nothing to do; a reference point that could not be destroyed throws (the
   * engine warns; its ids are candidates again after the next backup).
   */
  async retire(host: Target, vm: { id: string; name: string }, retire: readonly string[], keep: readonly string[], log: PlatformLog): Promise<void> {
    if (!VM_GUID.test(vm.id) || retire.length === 0) return;
    const report = RetireReport.parse(await this.deps.run.ps(host, 'RCT retire', rctRetirePs({ vmId: vm.id, retire: [...retire], keep: [...keep] }), this.deps.timeoutMs));
    if (report.Destroyed.length > 0) log('info', `${vm.name}: deleted ${report.Destroyed.length} old change-tracking reference point(s) on ${host.name} that no backup needs any more`);
    if (report.Failed.length > 0) {
      const first = report.Failed[0];
      throw new FerryError(WinCode.RctRetireFailed, `${report.Failed.length} RCT reference point(s) of ${vm.name} on ${host.name} could not be destroyed (${first.InstanceId}: ${CHANGE_CODES[first.Code] ?? `code ${first.Code}`})`);
    }
  }

  /** Ranges of the live disk changed since `rctId` (asked on the host that owns the VM). */
  async changedRanges(host: Target, path: string, virtualSize: number, rctId: string): Promise<ChangedRanges> {
    let report: z.infer<typeof ChangesReport>;
    try {
      report = ChangesReport.parse(await this.deps.run.ps(host, 'RCT changed ranges', rctChangesPs({ path, rctId, virtualSize }), this.deps.timeoutMs));
    } catch (e) {
      return { ranges: null, reason: `GetVirtualDiskChanges on ${host.name} failed: ${FerryError.from(e).message}` };
    }
    if (report.Code !== 0) {
      return { ranges: null, reason: `GetVirtualDiskChanges on ${host.name} for RCT id ${rctId}: ${CHANGE_CODES[report.Code] ?? `code ${report.Code}`}` };
    }
    if (report.Offsets.length !== report.Lengths.length) {
      return { ranges: null, reason: `GetVirtualDiskChanges on ${host.name} returned ${report.Offsets.length} offsets but ${report.Lengths.length} lengths` };
    }
    const ranges = report.Offsets.map((offset, i) => ({ offset, length: report.Lengths[i] }));
    const outside = ranges.find((r) => r.offset + r.length > virtualSize);
    if (outside) return { ranges: null, reason: `GetVirtualDiskChanges on ${host.name} returned a range beyond the disk (${outside.offset} + ${outside.length} > ${virtualSize})` };
    return { ranges };
  }
}
