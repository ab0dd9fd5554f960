import { randomBytes } from 'node:crypto';

/** Sortable, readable ids: prefix-YYYYMMDDHHMMSS-random. */
export function newId(prefix: string): string {
  const d = new Date().toISOString().replace(/[-:TZ.]/g, '').slice(0, 14);
  return `${prefix}-${d}-${randomBytes(3).toString('hex')}`;
}
