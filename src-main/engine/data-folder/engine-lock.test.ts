// The data folder lock: one engine at a time, the second refused with E_ENGINE_BUSY naming the first, a probe that
// takes nothing, and the folder free again once the owner released it.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FerryError } from '../../../src-shared/contract/errors';
import { EngineLock, engineLockFile } from './engine-lock';
import { ownerFile, ownerRecord, readOwner } from './engine-owner';

const dirs: string[] = [];
const locks: EngineLock[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ferry-engine-lock-'));
  dirs.push(d);
  return d;
}
function take(dir: string, role: 'web' | 'cli' = 'web', command = 'ferry serve'): EngineLock {
  const lock = EngineLock.acquire(dir, role, command);
  locks.push(lock);
  return lock;
}
function refusal(fn: () => unknown): FerryError {
  try {
    fn();
  } catch (e) {
    return e as FerryError;
  }
  throw new Error('not refused');
}
afterEach(() => {
  for (const l of locks.splice(0)) l.release();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('EngineLock', () => {
  it('refuses a second engine with E_ENGINE_BUSY naming the owner, its pid and its address', () => {
    const dir = tempDir();
    const first = take(dir);
    first.publish({ url: 'http://127.0.0.1:4321', token: 'secret-token' });
    const e = refusal(() => take(dir, 'cli', 'ferry job run'));
    expect(e.code).toBe('E_ENGINE_BUSY');
    expect(e.message).toContain(`in use by ferry serve (pid ${process.pid} on `);
    expect(e.message).toContain('Its console is at http://127.0.0.1:4321');
    expect(e.message).not.toContain('secret-token');
    expect(e.details).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:4321' });
  });

  it('a probe sees the owner and takes nothing; after release the folder is free', () => {
    const dir = tempDir();
    expect(EngineLock.probe(dir)).toEqual({ running: false });
    const first = take(dir, 'cli', 'ferry job run');
    const seen = EngineLock.probe(dir);
    expect(seen.running && seen.owner?.command).toBe('ferry job run');
    expect(refusal(() => take(dir)).message).toMatch(/Wait until it has finished, or stop it \(Ctrl-C\)/);
    first.release();
    expect(EngineLock.probe(dir)).toEqual({ running: false });
    expect(() => readFileSync(ownerFile(dir))).toThrow();
    take(dir);
  });

  it('records the owner owner-only, with the endpoint once published', () => {
    const dir = tempDir();
    const lock = take(dir);
    lock.publish({ url: 'http://127.0.0.1:1', token: 't' });
    expect(readOwner(dir)).toMatchObject({ pid: process.pid, role: 'web', endpoint: { url: 'http://127.0.0.1:1', token: 't' } });
    if (process.platform !== 'win32') expect(statSync(ownerFile(dir)).mode & 0o077).toBe(0);
  });

  it('a record left by a dead process is not an owner (the lock decides, the record only describes)', () => {
    const dir = tempDir();
    writeFileSync(ownerFile(dir), JSON.stringify({ ...ownerRecord('web', 'ferry serve'), pid: 2 ** 22 + 12345 }));
    expect(readOwner(dir)).toBeNull();
    expect(take(dir).record.pid).toBe(process.pid);
  });

  it('replaces an engine.lock that is not a lock database', () => {
    const dir = tempDir();
    writeFileSync(engineLockFile(dir), 'garbage that is not SQLite');
    take(dir);
    expect(refusal(() => take(dir)).code).toBe('E_ENGINE_BUSY');
  });
});
