// One engine owns a data folder: it holds an OS file lock on `<dataDir>/engine.lock` for its whole life. Without it
// any second process (a `ferry job list`, a second `ferry serve`) would run start-up recovery and delete the
// snapshots of sessions this engine is running.
//
// The lock is SQLite's exclusive lock on a tiny database (locking_mode=EXCLUSIVE after a write): an fcntl lock on
// POSIX, LockFileEx on Windows, which Node does not offer directly. The OS drops it when the process ends, however it
// ends (SIGKILL, a crash, a power cut), so a dead owner never blocks the next start and a live one can never be taken
// over: no pid to trust, no heartbeat, no age. Two engines in one process are refused too (SQLite tracks its own
// connections).
// Caution (POSIX): closing ANY file descriptor of a file drops this process's fcntl locks on it, so nothing but this
// module may ever open engine.lock; who the owner is lives in engine.json (engine-owner.ts).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { engineBusy, ownerRecord, readOwner, removeOwner, writeOwner, type EngineEndpoint, type EngineOwner, type EngineRole } from './engine-owner';

export const ENGINE_LOCK_FILE = 'engine.lock';
/** SQLite's code for "database is locked": another connection holds the lock */
const SQLITE_BUSY = 5;
/** "file is not a database": engine.lock is not ours (or was damaged); nobody can hold a lock through it */
const SQLITE_NOTADB = 26;
/**
 * How long a start waits for the lock: another process may be probing it right now (engine-lock probe: a read
 * lock for a moment). A real owner keeps it for its whole life, so waiting longer would not help.
 */
const ACQUIRE_WAIT_MS = 2_000;

export const engineLockFile = (dataDir: string) => join(dataDir, ENGINE_LOCK_FILE);

export type EngineProbe = { running: false } | { running: true; owner: EngineOwner | null };

const isSqliteCode = (e: unknown, code: number) => (e as { errcode?: number }).errcode === code;

export class EngineLock {
  private released = false;

  private constructor(
    readonly dataDir: string,
    private readonly db: DatabaseSync,
    private owner: EngineOwner,
  ) {}

  /** Takes the data folder, or throws E_ENGINE_BUSY naming the engine that has it. */
  static acquire(dataDir: string, role: EngineRole, command?: string): EngineLock {
    mkdirSync(dataDir, { recursive: true });
    const db = openLocked(dataDir);
    const owner = ownerRecord(role, command);
    try {
      writeOwner(dataDir, owner);
    } catch (e) {
      db.close();
      throw new FerryError(ErrorCode.Internal, `Cannot record this engine as the owner of ${dataDir}: ${(e as Error).message}`);
    }
    return new EngineLock(dataDir, db, owner);
  }

  /** Is an engine running on the folder (without taking it)? Its record, when it has written one. */
  static probe(dataDir: string): EngineProbe {
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(engineLockFile(dataDir), { readOnly: true, timeout: 0 });
    } catch {
      return { running: false }; // no lock file: no engine ever ran here
    }
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return { running: false };
    } catch (e) {
      return isSqliteCode(e, SQLITE_BUSY) ? { running: true, owner: readOwner(dataDir) } : { running: false };
    } finally {
      db.close();
    }
  }

  get record(): EngineOwner {
    return this.owner;
  }

  /** Tells other Ferry processes where to send their commands (the web host's address and token). */
  publish(endpoint: EngineEndpoint): void {
    if (this.released) return;
    this.owner = { ...this.owner, endpoint };
    writeOwner(this.dataDir, this.owner);
  }

  /** Gives the folder back: the record first (nobody is sent here any more), then the lock. */
  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      removeOwner(this.dataDir, this.owner);
    } finally {
      this.db.close();
    }
  }
}

/** engine.lock opened and exclusively locked, held until the connection closes. */
function openLocked(dataDir: string): DatabaseSync {
  const file = engineLockFile(dataDir);
  for (let attempt = 0; ; attempt++) {
    let db: DatabaseSync | undefined;
    try {
      db = new DatabaseSync(file, { timeout: ACQUIRE_WAIT_MS });
      db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = MEMORY;');
      // the first write takes the exclusive lock; in EXCLUSIVE locking mode it is kept until close
      db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS engine (started_at TEXT); DELETE FROM engine;');
      db.prepare('INSERT INTO engine VALUES (?)').run(new Date().toISOString());
      db.exec('COMMIT');
      return db;
    } catch (e) {
      db?.close();
      if (isSqliteCode(e, SQLITE_BUSY)) throw engineBusy(dataDir, readOwner(dataDir));
      // Not a database (damaged, or written by something else): no process can hold a lock through it. Replace it once.
      if (isSqliteCode(e, SQLITE_NOTADB) && attempt === 0) {
        rmSync(file, { force: true });
        continue;
      }
      throw new FerryError(ErrorCode.Internal, `Cannot lock data folder ${dataDir} (${file}): ${(e as Error).message}`);
    }
  }
}
