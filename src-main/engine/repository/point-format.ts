// The committed point file. Its rename into points/ is the single step that makes a restore point exist.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { PointInfo } from './types';

const POINT_FORMAT = 'ferry-point';
const POINT_FORMAT_VERSION = 1;
const POINT_ID_RE = /^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{8}$/;

const PointDiskRecord = z.object({
  diskKey: z.string(),
  virtualSize: z.number().int().nonnegative(),
  storedBytes: z.number().int().nonnegative(),
  sourcePath: z.string(),
  /** manifest file name inside manifests/<pointId>/ */
  manifest: z.string(),
  /** sha256 of the whole manifest file: a swapped or stale manifest is detected, not restored */
  manifestSha256: z.string(),
  blockCount: z.number().int().nonnegative(),
});
export type PointDiskRecord = z.infer<typeof PointDiskRecord>;

const PointRecord = z.object({
  format: z.literal(POINT_FORMAT),
  version: z.literal(POINT_FORMAT_VERSION),
  id: z.string(),
  createdAt: z.string(),
  labels: z.record(z.string(), z.string()),
  disks: z.array(PointDiskRecord),
});
export type PointRecord = z.infer<typeof PointRecord>;

/** Sortable by time: 20250611T101500123Z-1a2b3c4d */
export function newPointId(at: Date): string {
  return `${at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
}

export function isPointId(s: string): boolean {
  return POINT_ID_RE.test(s);
}

export function encodePoint(p: Omit<PointRecord, 'format' | 'version'>): string {
  const record: PointRecord = { format: POINT_FORMAT, version: POINT_FORMAT_VERSION, ...p };
  return JSON.stringify(record, null, 1) + '\n';
}

/** Throws a plain Error on damage; callers add the file name and error code. */
export function decodePoint(text: string): PointRecord {
  const parsed = PointRecord.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not a valid point file: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}`);
  return parsed.data;
}

export function toPointInfo(p: Omit<PointRecord, 'format' | 'version'>): PointInfo {
  return {
    id: p.id,
    createdAt: p.createdAt,
    labels: { ...p.labels },
    disks: p.disks.map((d) => ({ diskKey: d.diskKey, virtualSize: d.virtualSize, storedBytes: d.storedBytes, sourcePath: d.sourcePath })),
  };
}

/** Oldest first; the id breaks ties between points created in the same millisecond. */
export function comparePoints(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
