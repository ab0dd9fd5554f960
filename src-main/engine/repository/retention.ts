// Which points a retention policy keeps. Pure: no I/O, so it is tested exhaustively on its own.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { comparePoints } from './point-format';

export interface RetentionPolicy {
  /** keep the newest N points */
  keepLast?: number;
  /** keep every point created within the last N days */
  keepDays?: number;
  /** apply only to points carrying all of these labels (e.g. { jobId }); other points are left alone */
  match?: Record<string, string>;
}

interface Dated {
  id: string;
  createdAt: string;
  labels: Record<string, string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A point is kept if ANY rule keeps it (union, like restic/borg). Returns the ids to forget, oldest first. */
export function pointsToForget<P extends Dated>(points: readonly P[], policy: RetentionPolicy, now: Date): P[] {
  const { keepLast, keepDays, match = {} } = policy;
  if (keepLast === undefined && keepDays === undefined) {
    throw new FerryError(ErrorCode.InvalidParams, 'A retention policy needs keepLast and/or keepDays (refusing to forget every point)');
  }
  if (keepLast !== undefined && !(Number.isSafeInteger(keepLast) && keepLast >= 0)) {
    throw new FerryError(ErrorCode.InvalidParams, `keepLast ${keepLast} must be a non-negative integer`);
  }
  if (keepDays !== undefined && !(Number.isFinite(keepDays) && keepDays >= 0)) {
    throw new FerryError(ErrorCode.InvalidParams, `keepDays ${keepDays} must be a non-negative number`);
  }
  const inScope = points.filter((p) => Object.entries(match).every(([k, v]) => p.labels[k] === v)).sort(comparePoints);
  const keep = new Set<string>();
  if (keepLast !== undefined && keepLast > 0) for (const p of inScope.slice(-keepLast)) keep.add(p.id);
  if (keepDays !== undefined) {
    const cutoff = now.getTime() - keepDays * DAY_MS;
    for (const p of inScope) if (Date.parse(p.createdAt) >= cutoff) keep.add(p.id);
  }
  return inScope.filter((p) => !keep.has(p.id));
}
