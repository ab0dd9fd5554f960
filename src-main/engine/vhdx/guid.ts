// GUIDs as VHDX stores them: Microsoft mixed-endian (first three fields little-endian, last 8 bytes as-is).
// In memory they are lowercase canonical strings so they compare with === and print as Windows shows them.
import { randomUUID } from 'node:crypto';

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

const HEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function readGuid(buf: Uint8Array, offset: number): string {
  const b = buf.subarray(offset, offset + 16);
  const h = (i: number): string => b[i].toString(16).padStart(2, '0');
  const ordered = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
  return ordered.map((i) => (i < 0 ? '-' : h(i))).join('');
}

export function writeGuid(guid: string, buf: Uint8Array, offset: number): void {
  const g = guid.toLowerCase();
  if (!HEX.test(g)) throw new TypeError(`not a GUID: ${guid}`);
  const hex = g.replace(/-/g, '');
  const byte = (i: number): number => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  for (let i = 0; i < 16; i++) buf[offset + i] = byte(order[i]);
}

/** A GUID string normalised for comparison, or undefined if it is not one ({braces} allowed). */
export function normaliseGuid(text: string): string | undefined {
  const g = text.trim().replace(/^\{/, '').replace(/\}$/, '').toLowerCase();
  return HEX.test(g) ? g : undefined;
}

export function newGuid(): string {
  return randomUUID();
}

/** RFC 4122 byte order (big-endian fields), as VHD footers store their UUIDs. */
export function readUuidBigEndian(buf: Uint8Array, offset: number): string {
  const hex = Buffer.from(buf.subarray(offset, offset + 16)).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
