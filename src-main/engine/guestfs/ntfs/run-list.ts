// Data runs ("mapping pairs"): the compact list of extents that maps an attribute's virtual clusters (VCN) to
// volume clusters (LCN). Each run is validated against the volume: a hostile list cannot point past the end,
// overflow, or grow without bound.
import { corrupt } from './corrupt';

export interface DataRun {
  vcn: number;
  /** undefined for a sparse run (reads as zeros, occupies no clusters) */
  lcn: number | undefined;
  length: number;
}

/** Runs in one attribute segment: the run list bytes of one record cannot hold more; this caps hostile input. */
export const MAX_RUNS_PER_SEGMENT = 32768;

/** Reads `bytes` bytes little-endian at `at` as an unsigned or two's-complement number (bytes ≤ 8). */
function readVarInt(buf: Buffer, at: number, bytes: number, signed: boolean): number {
  let value = 0n;
  for (let i = bytes - 1; i >= 0; i--) value = (value << 8n) | BigInt(buf[at + i]);
  if (signed && bytes > 0 && (buf[at + bytes - 1] & 0x80) !== 0) value -= 1n << BigInt(bytes * 8);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('data run field out of range');
  return Number(value);
}

/**
 * Decodes the run list at `buf[offset..end)` of a segment starting at `startVcn`. `totalClusters` bounds every
 * run on the volume.
 */
export function decodeRunList(buf: Buffer, offset: number, end: number, startVcn: number, totalClusters: number): DataRun[] {
  const runs: DataRun[] = [];
  let at = offset;
  let vcn = startVcn;
  let lcn = 0;
  while (at < end) {
    const header = buf[at];
    if (header === 0) return runs;
    const lengthBytes = header & 0x0f;
    const offsetBytes = header >> 4;
    if (lengthBytes === 0 || lengthBytes > 8 || offsetBytes > 8 || at + 1 + lengthBytes + offsetBytes > end) throw corrupt('data run header is invalid or runs past the attribute');
    const length = readVarInt(buf, at + 1, lengthBytes, false);
    if (length <= 0) throw corrupt('data run of zero length');
    let runLcn: number | undefined;
    if (offsetBytes > 0) {
      lcn += readVarInt(buf, at + 1 + lengthBytes, offsetBytes, true);
      if (lcn < 0 || lcn + length > totalClusters) throw corrupt(`data run (clusters ${lcn}+${length}) lies outside the volume (${totalClusters} clusters)`);
      runLcn = lcn;
    }
    if (!Number.isSafeInteger(vcn + length)) throw corrupt('data run length out of range');
    runs.push({ vcn, lcn: runLcn, length });
    if (runs.length > MAX_RUNS_PER_SEGMENT) throw corrupt('too many data runs in one attribute');
    vcn += length;
    at += 1 + lengthBytes + offsetBytes;
  }
  throw corrupt('data run list has no terminator');
}
