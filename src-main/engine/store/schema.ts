// Schema migrations, applied in order; user_version records the last one applied.
import type { DatabaseSync } from 'node:sqlite';

const MIGRATIONS: string[] = [
  `CREATE TABLE config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE proxies (id TEXT PRIMARY KEY, server_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE TABLE repositories (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE jobs (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, doc TEXT NOT NULL);
   CREATE TABLE sessions (id TEXT PRIMARY KEY, job_id TEXT NOT NULL, started_at TEXT NOT NULL, result TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE INDEX sessions_job ON sessions(job_id, started_at);
   CREATE TABLE session_log (session_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, level TEXT NOT NULL, vm_id TEXT, text TEXT NOT NULL,
     PRIMARY KEY (session_id, seq));
   CREATE TABLE restore_points (id TEXT PRIMARY KEY, job_id TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE INDEX restore_points_job ON restore_points(job_id, created_at);
   CREATE TABLE snapshot_ledger (snapshot_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, volume_id TEXT NOT NULL, host_id TEXT NOT NULL,
     exposed_on TEXT, stage TEXT NOT NULL, shadow_ids TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);`,
  // Processing-rate history per session, for the console's chart of past sessions.
  `ALTER TABLE sessions ADD COLUMN samples TEXT NOT NULL DEFAULT '[]';`,
  // Managed servers and stored WinRM accounts. No password column on purpose: passwords live in the SecretStore.
  `CREATE TABLE credentials (id TEXT PRIMARY KEY, user TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
   CREATE TABLE managed_servers (id TEXT PRIMARY KEY, doc TEXT NOT NULL);`,
  // Failed releases: the snapshot stays open in the ledger, and its clean-up is retried on a schedule with backoff.
  `ALTER TABLE snapshot_ledger ADD COLUMN cleanup_failed_at TEXT;
   ALTER TABLE snapshot_ledger ADD COLUMN cleanup_attempts INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE snapshot_ledger ADD COLUMN cleanup_error TEXT;
   ALTER TABLE snapshot_ledger ADD COLUMN cleanup_last_at TEXT;
   ALTER TABLE snapshot_ledger ADD COLUMN cleanup_next_at TEXT;`,
  // Restore sessions' ledger: what a restore wrote and registered on its target, until it ended (crash clean-up).
  `CREATE TABLE IF NOT EXISTS restore_ledger (session_id TEXT PRIMARY KEY, open INTEGER NOT NULL, doc TEXT NOT NULL);`,
  // Settings, one document per section (notifications, history, job defaults; later: service, users), and the
  // notifications waiting to go out (survive a restart, retried with backoff; the id says what it is about, so each
  // goes out once). ended_at lets history retention find
  // old sessions without reading every document.
  `CREATE TABLE settings (section TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE notification_outbox (id TEXT PRIMARY KEY, kind TEXT NOT NULL, channel TEXT NOT NULL, session_id TEXT, created_at TEXT NOT NULL,
     state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, last_error_code TEXT, next_at TEXT, sent_at TEXT, doc TEXT NOT NULL);
   CREATE INDEX notification_outbox_due ON notification_outbox(state, next_at);
   ALTER TABLE sessions ADD COLUMN ended_at TEXT;
   UPDATE sessions SET ended_at = json_extract(doc, '$.endedAt');`,
  // Replication: one row per replica VM (source VM of a replication job on its target host), its points in the doc.
  `CREATE TABLE IF NOT EXISTS replicas (id TEXT PRIMARY KEY, job_id TEXT NOT NULL, vm_id TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE UNIQUE INDEX IF NOT EXISTS replicas_job_vm ON replicas(job_id, vm_id);`,
  // Accounts of a Ferry service: the scrypt hash (with its salt and parameters), never the password; the failed-login
  // count and lock survive a restart so restarting the service does not reset a lockout.
  `CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY COLLATE NOCASE, role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL,
     failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT);`,
  // Who did what on this engine: every change through the contract, every refusal for want of a role, every login.
  `CREATE TABLE IF NOT EXISTS audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL, role TEXT,
     method TEXT NOT NULL, target TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT);
   CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);`,
];

/** The schema this version of Ferry reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: DatabaseSync): number {
  return Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
}

export function migrate(db: DatabaseSync): void {
  const current = schemaVersion(db);
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.exec('BEGIN');
    try {
      db.exec(MIGRATIONS[v]);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  }
}
