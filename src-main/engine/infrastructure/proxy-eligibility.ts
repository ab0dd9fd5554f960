import type { ConnectedVolumes, ReadinessCheck } from '../../../src-shared/domain';

/** Server-level checks that failed: any of them means the server cannot serve as a proxy at all. */
export const serverFailures = (checks: ReadinessCheck[]): ReadinessCheck[] => checks.filter((c) => !c.volumeId && c.status === 'fail');

/**
 * Volumes a server may back up off-host: no server-level failure, the volume's checks pass, and none of them failed
 * or does not apply (a LUN not zoned to the server: it does not serve that volume, and that is no failure).
 */
export function eligibleVolumes(checks: ReadinessCheck[]): string[] {
  if (serverFailures(checks).length > 0) return [];
  const out = new Set(checks.filter((c) => c.volumeId && (c.status === 'fail' || c.status === 'not-applicable')).map((c) => c.volumeId));
  return [...new Set(checks.filter((c) => c.volumeId && c.status === 'pass' && !out.has(c.volumeId)).map((c) => c.volumeId as string))];
}

/** Volumes a proxy serves: what it can, narrowed to the admin's choice when volumes were chosen. */
export function servedVolumes(eligible: string[], connected: ConnectedVolumes): string[] {
  return connected.mode === 'automatic' ? eligible : eligible.filter((v) => connected.volumeIds.includes(v));
}
