// Argument checks shared by the commands: each refuses with a UsageError (exit 2) before anything is changed.
import { resolve } from 'node:path';
import { defaultDataDir } from '../app-paths';
import { UsageError } from './command';

/** `--data DIR`: the console's data folder (default: the per-user one). */
export const dataOpt = { data: { type: 'string' as const } };

export const dataDirOf = (v: Record<string, unknown>): string => resolve(typeof v.data === 'string' ? v.data : defaultDataDir());

export function requireString(name: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`${name} is required`);
  return v;
}

export function parseIntArg(name: string, v: unknown, min: number, max: number): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}
