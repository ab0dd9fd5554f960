// Who owns a data folder: the engine that holds its lock (engine-lock.ts) records itself in `engine.json` — its
// process (pid, host, start time, boot id), what it is (`ferry serve`, the Ferry app, a one-shot `ferry job run`) and,
// for the web host, how other Ferry processes reach it (URL and access token, so the file is owner-only).
// Others read it to say whom they found and to send their commands through it. The record is a description, never
// the lock itself: a record whose process is provably gone is stale (a new owner is about to replace it).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { localLiveness, ownProcessToken } from '../repository/process-identity';
import { tempName } from '../util/atomic';

export const ENGINE_OWNER_FILE = 'engine.json';

/** Where the owning engine takes the contract from other processes: the web host's address and access token. */
export const EngineEndpoint = z.object({ url: z.string(), token: z.string() });
export type EngineEndpoint = z.infer<typeof EngineEndpoint>;

/** What kind of engine owns the folder, as people know it: says how to reach it or wait for it. */
export const EngineRole = z.enum(['web', 'electron', 'cli', 'test']);
export type EngineRole = z.infer<typeof EngineRole>;

export const EngineOwner = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  startedAt: z.string(),
  bootId: z.string().optional(),
  startTicks: z.string().optional(),
  role: EngineRole,
  /** e.g. "ferry serve", "ferry job run" */
  command: z.string(),
  endpoint: EngineEndpoint.optional(),
});
export type EngineOwner = z.infer<typeof EngineOwner>;

export const ownerFile = (dataDir: string) => join(dataDir, ENGINE_OWNER_FILE);

/** What an owner is called when its host did not say more. */
const ROLE_NAMES: Record<EngineRole, string> = { web: 'ferry serve', electron: 'the Ferry app', cli: 'a ferry command', test: 'a Ferry engine' };

export function ownerRecord(role: EngineRole, command: string = ROLE_NAMES[role]): EngineOwner {
  return { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), ...ownProcessToken(), role, command };
}

/** Replaces the record whole (temp file, rename), readable by this account only: it may hold the access token. */
export function writeOwner(dataDir: string, owner: EngineOwner): void {
  const tmp = tempName(dataDir, ENGINE_OWNER_FILE);
  try {
    writeFileSync(tmp, JSON.stringify(owner, null, 2), { mode: 0o600, flag: 'wx' });
    renameSync(tmp, ownerFile(dataDir));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Removes the record if it is still this owner's (a successor may already have written its own). */
export function removeOwner(dataDir: string, owner: EngineOwner): void {
  const current = readOwner(dataDir);
  if (current && current.pid === owner.pid && current.hostname === owner.hostname && current.startedAt === owner.startedAt) {
    rmSync(ownerFile(dataDir), { force: true });
  }
}

/** The recorded owner, or null when there is none, it cannot be read, or its process is provably gone. */
export function readOwner(dataDir: string): EngineOwner | null {
  let parsed: EngineOwner;
  try {
    const r = EngineOwner.safeParse(JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')));
    if (!r.success) return null;
    parsed = r.data;
  } catch {
    return null;
  }
  if (parsed.hostname === os.hostname() && localLiveness(parsed.pid, parsed).alive === false) return null;
  return parsed;
}

function whoAndHow(owner: EngineOwner | null, dataDir: string): { who: string; how: string } {
  if (!owner) return { who: 'another Ferry process (it is starting, or it has not said who it is)', how: 'try again in a moment' };
  const who = `${owner.command} (pid ${owner.pid} on ${owner.hostname}, since ${owner.startedAt})`;
  if (owner.endpoint) return { who, how: `its console is at ${owner.endpoint.url} (the address with the access token is in ${ownerFile(dataDir)}); stop it to use the folder directly` };
  if (owner.role === 'electron') return { who, how: 'use the Ferry app, or quit it first' };
  if (owner.role === 'cli') return { who, how: 'wait until it has finished, or stop it (Ctrl-C)' };
  return { who, how: 'stop it first' };
}

/** E_ENGINE_BUSY: one engine owns a data folder; names the owner and how to reach it. */
export function engineBusy(dataDir: string, owner: EngineOwner | null, what = 'Ferry cannot open it'): FerryError {
  const { who, how } = whoAndHow(owner, dataDir);
  return new FerryError(ErrorCode.EngineBusy, `Data folder ${dataDir} is in use by ${who}, and one engine owns a data folder: ${what}. ${how[0].toUpperCase()}${how.slice(1)}.`, {
    pid: owner?.pid ?? null,
    hostname: owner?.hostname ?? null,
    command: owner?.command ?? null,
    url: owner?.endpoint?.url ?? null,
  });
}
