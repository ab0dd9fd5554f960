// The --changed file of `ferry disk backup`: the byte ranges written since the previous backup of the disk
// (what RCT or a write log reports). Either a JSON array of {offset, length} or {"ranges": [...]}.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ByteRange } from '../engine/datamover/task';
import { UsageError } from './command';

const Range = z.object({ offset: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), length: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) });
const RangesFile = z.union([z.array(Range), z.object({ ranges: z.array(Range) }).transform((o) => o.ranges)]);

/** Parsed and checked against the disk size; any problem is a usage error (exit 2, nothing written). */
export async function readChangedRanges(file: string): Promise<ByteRange[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--changed ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--changed ${file} is not JSON: ${(e as Error).message}`);
  }
  const parsed = RangesFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--changed ${file} must be a JSON array of {"offset": n, "length": n} (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data;
}

export function checkRangesFit(ranges: readonly ByteRange[], virtualSize: number, file: string): void {
  const bad = ranges.find((r) => r.offset + r.length > virtualSize);
  if (bad) throw new UsageError(`--changed ${file}: range at ${bad.offset} (+${bad.length}) lies beyond the end of the disk (${virtualSize} bytes)`);
}
