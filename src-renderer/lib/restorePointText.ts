// How a restore point and its disks read: full or incremental, application- or crash-consistent.
import type { RestorePoint } from '../../src-shared/domain';

type Disk = RestorePoint['disks'][number];

export const KIND_TEXT = { full: 'Full', incremental: 'Incremental' } as const;
export const CONSISTENCY_TEXT = { application: 'Application-consistent', crash: 'Crash-consistent' } as const;

/** "Full", "Incremental", or "Incremental, 1 full disk" when a new VM or disk was read in full. */
export function pointKindText(rp: Pick<RestorePoint, 'disks'>): string {
  const full = rp.disks.filter((d) => d.kind === 'full').length;
  if (full === rp.disks.length) return KIND_TEXT.full;
  if (full === 0) return KIND_TEXT.incremental;
  return `${KIND_TEXT.incremental}, ${full} full disk${full === 1 ? '' : 's'}`;
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The point's disks by VM name, then disk number. The engine lists them in the order they finished, which
 * changes from run to run: every list of a point's VMs or disks reads in this one order.
 */
export function disksInOrder<D extends Pick<Disk, 'vmName' | 'diskIndex'>>(disks: readonly D[]): D[] {
  return [...disks].sort((a, b) => byName.compare(a.vmName, b.vmName) || a.diskIndex - b.diskIndex);
}

/** "DC01, SQL01, WEB01": each VM once, in name order. */
export function pointVmNames(rp: Pick<RestorePoint, 'disks'>): string[] {
  return [...new Set(disksInOrder(rp.disks).map((d) => d.vmName))];
}

/** Which VMs of the point are crash-consistent (their writer failed, or the job asked for it). */
export function crashVmNames(rp: Pick<RestorePoint, 'disks'>): string[] {
  return [...new Set(disksInOrder(rp.disks.filter((d) => d.consistency === 'crash')).map((d) => d.vmName))];
}

/** For a list column: "Application", "Crash", or "Crash: SQL01" when only some VMs are crash-consistent. */
export function pointConsistencyText(rp: Pick<RestorePoint, 'disks'>): string {
  const crash = crashVmNames(rp);
  if (crash.length === 0) return 'Application';
  const all = new Set(rp.disks.map((d) => d.vmName));
  return crash.length === all.size ? 'Crash' : `Crash: ${crash.join(', ')}`;
}

/** "Incremental, crash-consistent" for one disk. */
export function diskStateText(d: Pick<Disk, 'kind' | 'consistency'>): string {
  return `${KIND_TEXT[d.kind]}, ${CONSISTENCY_TEXT[d.consistency].toLowerCase()}`;
}
