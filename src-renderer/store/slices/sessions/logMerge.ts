// A session log is a record an admin sends to support: exact, ordered, no line twice. Lines reach the console
// three ways that overlap — the snapshot fetched on open (read from the store, which already holds lines the
// host has not published yet), live batches, and any refetch after a reconnect — so every one of them is
// merged by the line's own sequence number (one per session, from 1), never appended.
import type { LogLine } from '../../../../src-shared/domain';

/**
 * `known` (sorted by seq, unique) with `incoming` (any order, may repeat known lines) merged in: sorted by seq,
 * each seq once, the newest `cap` lines. Returns `known` itself when nothing new arrived, so readers do not
 * re-render for a batch they already had.
 */
export function mergeLogLines(known: readonly LogLine[], incoming: readonly LogLine[], cap: number): LogLine[] {
  if (incoming.length === 0) return known as LogLine[];
  const lastKnown = known.length > 0 ? known[known.length - 1]!.seq : -1;
  if (appendsInOrder(incoming, lastKnown)) return capped((known as LogLine[]).concat(incoming), cap);

  const seen = new Set<number>();
  for (const l of known) seen.add(l.seq);
  const fresh: LogLine[] = [];
  for (const l of incoming) {
    if (seen.has(l.seq)) continue;
    seen.add(l.seq);
    fresh.push(l);
  }
  if (fresh.length === 0) return known as LogLine[];
  fresh.sort((a, b) => a.seq - b.seq);
  return capped(mergeSorted(known, fresh), cap);
}

/** The common case, live lines after everything known: a plain append. */
function appendsInOrder(incoming: readonly LogLine[], after: number): boolean {
  let prev = after;
  for (const l of incoming) {
    if (l.seq <= prev) return false;
    prev = l.seq;
  }
  return true;
}

function mergeSorted(a: readonly LogLine[], b: readonly LogLine[]): LogLine[] {
  const out: LogLine[] = new Array<LogLine>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]!.seq < b[j]!.seq ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

function capped(lines: LogLine[], cap: number): LogLine[] {
  return lines.length > cap ? lines.slice(-cap) : lines;
}
