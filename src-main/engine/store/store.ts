// SQLite store: configuration, proxies, jobs, sessions, logs, restore points and the snapshot ledger.
// node:sqlite (built into Node ≥ 22.5 and Electron 45's Node 24): no native addon to rebuild for Electron,
// nothing to download at install time, and synchronous calls keep ledger writes strictly ordered.
import { DatabaseSync } from 'node:sqlite';
import type { Job, LogLine, ManagedServer, Proxy, Repository, RestorePoint, SessionView, SnapshotStage } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { migrate, SCHEMA_VERSION, schemaVersion } from './schema';
import { UserRows } from './user-rows';
import { AuditRows } from './audit-rows';
import type { RateSample } from '../../../src-shared/contract/methods';
import type { ReplicaRecord } from '../replication/replica-record';

export interface LedgerRow {
  snapshotId: string;
  sessionId: string;
  volumeId: string;
  hostId: string;
  /** server where it is imported/exposed (proxy, or the host for on-host) */
  exposedOn: string | null;
  stage: SnapshotStage;
  shadowIds: string[];
  createdAt: string;
  updatedAt: string;
  /** set once its release (or a clean-up) failed: what the scheduled retries go by; read-only (ledgerCleanupFailed) */
  cleanup?: LedgerCleanup | null;
}

/** The failed clean-up of a snapshot still on the storage. */
export interface LedgerCleanup {
  /** the first failure */
  failedAt: string;
  attempts: number;
  lastError: string;
  lastAttemptAt: string;
  nextAt: string;
}

type Row = Record<string, unknown>;

/** A stored WinRM account as SQLite holds it: never the password (that is in the SecretStore). */
export interface CredentialRow {
  id: string;
  user: string;
  description: string;
  createdAt: string;
}

/** Fields added to proxies after the first release: documents written before them read with the defaults. */
const withProxyDefaults = (p: Proxy): Proxy => ({ ...p, enabled: p.enabled ?? true, throttleWindow: p.throttleWindow ?? null });

export class Store {
  private readonly db: DatabaseSync;
  private userRows: UserRows | null = null;
  private auditRows: AuditRows | null = null;

  constructor(path: string, access: 'read-write' | 'read-only' = 'read-write') {
    if (access === 'read-only') {
      // another engine owns the folder: read what it wrote, never write (SQLite refuses any write on this connection)
      this.db = new DatabaseSync(path, { readOnly: true, timeout: 5000 });
      const version = schemaVersion(this.db);
      if (version !== SCHEMA_VERSION) {
        this.db.close();
        throw new FerryError(ErrorCode.Conflict, `${path} has database schema ${version}, this Ferry reads schema ${SCHEMA_VERSION}: use the Ferry version that owns the folder`);
      }
      return;
    }
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    migrate(this.db);
  }

  close(): void {
    this.db.close();
  }

  /** The service's accounts (password hashes, failed logins). */
  get users(): UserRows {
    return (this.userRows ??= new UserRows(this.db));
  }

  /** Who did what through the contract. */
  get audit(): AuditRows {
    return (this.auditRows ??= new AuditRows(this.db));
  }

  /** Runs fn in one transaction: all of it or nothing. */
  tx<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const r = fn();
      this.db.exec('COMMIT');
      return r;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  // ---------- config ----------
  getConfig(key: string): string | null {
    const r = this.db.prepare('SELECT value FROM config WHERE key = ?').get(key) as Row | undefined;
    return r ? String(r.value) : null;
  }
  setConfig(key: string, value: string): void {
    this.db.prepare('INSERT INTO config(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  // ---------- proxies ----------
  listProxies(): Proxy[] {
    return this.docs<Proxy>('SELECT doc FROM proxies ORDER BY name').map(withProxyDefaults);
  }
  getProxy(id: string): Proxy | null {
    const p = this.doc<Proxy>('SELECT doc FROM proxies WHERE id = ?', id);
    return p ? withProxyDefaults(p) : null;
  }
  putProxy(p: Proxy): void {
    this.db
      .prepare('INSERT INTO proxies(id, server_id, name, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, name = excluded.name')
      .run(p.id, p.serverId, p.name, JSON.stringify(p));
  }
  deleteProxy(id: string): void {
    this.db.prepare('DELETE FROM proxies WHERE id = ?').run(id);
  }

  // ---------- stored credentials (account names only) ----------
  listCredentials(): CredentialRow[] {
    return (this.db.prepare('SELECT id, user, description, created_at FROM credentials ORDER BY user COLLATE NOCASE, created_at').all() as Row[]).map(toCredentialRow);
  }
  getCredential(id: string): CredentialRow | null {
    const r = this.db.prepare('SELECT id, user, description, created_at FROM credentials WHERE id = ?').get(id) as Row | undefined;
    return r ? toCredentialRow(r) : null;
  }
  putCredential(c: CredentialRow): void {
    this.db
      .prepare('INSERT INTO credentials(id, user, description, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET user = excluded.user, description = excluded.description')
      .run(c.id, c.user, c.description, c.createdAt);
  }
  deleteCredential(id: string): void {
    this.db.prepare('DELETE FROM credentials WHERE id = ?').run(id);
  }

  // ---------- managed servers ----------
  listManagedServers(): ManagedServer[] {
    return this.docs<ManagedServer>('SELECT doc FROM managed_servers ORDER BY id');
  }
  getManagedServer(id: string): ManagedServer | null {
    return this.doc<ManagedServer>('SELECT doc FROM managed_servers WHERE id = ?', id);
  }
  putManagedServer(s: ManagedServer): void {
    this.db.prepare('INSERT INTO managed_servers(id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc').run(s.id, JSON.stringify(s));
  }
  deleteManagedServer(id: string): void {
    this.db.prepare('DELETE FROM managed_servers WHERE id = ?').run(id);
  }

  // ---------- repositories ----------
  listRepositories(): Repository[] {
    return this.docs<Repository>('SELECT doc FROM repositories ORDER BY id');
  }
  getRepository(id: string): Repository | null {
    return this.doc<Repository>('SELECT doc FROM repositories WHERE id = ?', id);
  }
  putRepository(r: Repository): void {
    this.db.prepare('INSERT INTO repositories(id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc').run(r.id, JSON.stringify(r));
  }

  // ---------- jobs ----------
  listJobs(): Job[] {
    return this.docs<Job>('SELECT doc FROM jobs ORDER BY name COLLATE NOCASE');
  }
  getJob(id: string): Job | null {
    return this.doc<Job>('SELECT doc FROM jobs WHERE id = ?', id);
  }
  findJobByName(name: string): Job | null {
    return this.doc<Job>('SELECT doc FROM jobs WHERE name = ? COLLATE NOCASE', name);
  }
  putJob(j: Job): void {
    this.db
      .prepare('INSERT INTO jobs(id, name, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, name = excluded.name')
      .run(j.id, j.spec.name, JSON.stringify(j));
  }
  deleteJob(id: string): void {
    this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
  }

  // ---------- sessions ----------
  putSession(s: SessionView): void {
    this.db
      .prepare(
        'INSERT INTO sessions(id, job_id, started_at, result, doc, ended_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, result = excluded.result, ended_at = excluded.ended_at',
      )
      .run(s.id, s.jobId, s.startedAt, s.result, JSON.stringify(s), s.endedAt);
  }
  putSessionSamples(id: string, samples: RateSample[]): void {
    this.db.prepare('UPDATE sessions SET samples = ? WHERE id = ?').run(JSON.stringify(samples), id);
  }
  getSessionSamples(id: string): RateSample[] {
    const r = this.db.prepare('SELECT samples FROM sessions WHERE id = ?').get(id) as Row | undefined;
    return r ? (JSON.parse(String(r.samples)) as RateSample[]) : [];
  }
  getSession(id: string): SessionView | null {
    return this.doc<SessionView>('SELECT doc FROM sessions WHERE id = ?', id);
  }
  listSessions(jobId?: string, limit = 200): SessionView[] {
    return jobId
      ? this.docs<SessionView>('SELECT doc FROM sessions WHERE job_id = ? ORDER BY started_at DESC LIMIT ?', jobId, limit)
      : this.docs<SessionView>('SELECT doc FROM sessions ORDER BY started_at DESC LIMIT ?', limit);
  }
  listRunningSessions(): SessionView[] {
    return this.docs<SessionView>("SELECT doc FROM sessions WHERE result = 'Running'");
  }
  appendLog(sessionId: string, line: LogLine): void {
    this.db
      .prepare('INSERT INTO session_log(session_id, seq, at, level, vm_id, text) VALUES (?, ?, ?, ?, ?, ?)')
      .run(sessionId, line.seq, line.at, line.level, line.vmId, line.text);
  }
  /** seq of the session's last log line (0: none yet), for lines added after the session's own (start-up recovery) */
  lastLogSeq(sessionId: string): number {
    const r = this.db.prepare('SELECT MAX(seq) AS seq FROM session_log WHERE session_id = ?').get(sessionId) as Row | undefined;
    return r && r.seq !== null ? Number(r.seq) : 0;
  }
  getLog(sessionId: string): LogLine[] {
    const rows = this.db.prepare('SELECT seq, at, level, vm_id, text FROM session_log WHERE session_id = ? ORDER BY seq').all(sessionId) as Row[];
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: String(r.at),
      level: r.level as LogLine['level'],
      vmId: r.vm_id === null ? null : String(r.vm_id),
      text: String(r.text),
    }));
  }

  // ---------- restore points ----------
  putRestorePoint(p: RestorePoint): void {
    this.db
      .prepare('INSERT INTO restore_points(id, job_id, created_at, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc')
      .run(p.id, p.jobId, p.createdAt, JSON.stringify(p));
  }
  deleteRestorePoint(id: string): void {
    this.db.prepare('DELETE FROM restore_points WHERE id = ?').run(id);
  }
  getRestorePoint(id: string): RestorePoint | null {
    return this.doc<RestorePoint>('SELECT doc FROM restore_points WHERE id = ?', id);
  }
  listRestorePoints(jobId?: string): RestorePoint[] {
    return jobId
      ? this.docs<RestorePoint>('SELECT doc FROM restore_points WHERE job_id = ? ORDER BY created_at DESC', jobId)
      : this.docs<RestorePoint>('SELECT doc FROM restore_points ORDER BY created_at DESC');
  }

  // ---------- replicas (replication jobs) ----------
  putReplica(r: ReplicaRecord): void {
    this.db.prepare('INSERT INTO replicas(id, job_id, vm_id, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc').run(r.id, r.jobId, r.sourceVmId, JSON.stringify(r));
  }
  deleteReplica(id: string): void {
    this.db.prepare('DELETE FROM replicas WHERE id = ?').run(id);
  }
  getReplica(id: string): ReplicaRecord | null {
    return this.doc<ReplicaRecord>('SELECT doc FROM replicas WHERE id = ?', id);
  }
  listReplicas(jobId?: string): ReplicaRecord[] {
    return jobId ? this.docs<ReplicaRecord>('SELECT doc FROM replicas WHERE job_id = ? ORDER BY id', jobId) : this.docs<ReplicaRecord>('SELECT doc FROM replicas ORDER BY id');
  }

  // ---------- snapshot ledger ----------
  /** Written before the platform is asked to create anything, so a crash at any later point is recoverable. */
  ledgerInsert(row: LedgerRow): void {
    this.db
      .prepare(
        'INSERT INTO snapshot_ledger(snapshot_id, session_id, volume_id, host_id, exposed_on, stage, shadow_ids, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(row.snapshotId, row.sessionId, row.volumeId, row.hostId, row.exposedOn, row.stage, JSON.stringify(row.shadowIds), row.createdAt, row.updatedAt);
  }
  ledgerUpdate(snapshotId: string, patch: Partial<Pick<LedgerRow, 'stage' | 'shadowIds' | 'exposedOn'>>, at: string): void {
    const cur = this.ledgerGet(snapshotId);
    if (!cur) return;
    const next = { ...cur, ...patch };
    this.db
      .prepare('UPDATE snapshot_ledger SET stage = ?, shadow_ids = ?, exposed_on = ?, updated_at = ? WHERE snapshot_id = ?')
      .run(next.stage, JSON.stringify(next.shadowIds), next.exposedOn, at, snapshotId);
  }
  /** One more failed release or clean-up of an open snapshot: the error, and when the next retry is due. */
  ledgerCleanupFailed(snapshotId: string, failure: { error: string; at: string; nextAt: string }): void {
    this.db
      .prepare(
        'UPDATE snapshot_ledger SET cleanup_failed_at = COALESCE(cleanup_failed_at, ?), cleanup_attempts = cleanup_attempts + 1, cleanup_error = ?, cleanup_last_at = ?, cleanup_next_at = ? WHERE snapshot_id = ?',
      )
      .run(failure.at, failure.error, failure.at, failure.nextAt, snapshotId);
  }
  /** Open snapshots whose release failed, oldest failure first: what the clean-up retries work on. */
  ledgerCleanupPending(): LedgerRow[] {
    return (
      this.db.prepare("SELECT * FROM snapshot_ledger WHERE stage NOT IN ('deleted') AND cleanup_failed_at IS NOT NULL ORDER BY cleanup_failed_at, snapshot_id").all() as Row[]
    ).map(toLedgerRow);
  }
  ledgerGet(snapshotId: string): LedgerRow | null {
    const r = this.db.prepare('SELECT * FROM snapshot_ledger WHERE snapshot_id = ?').get(snapshotId) as Row | undefined;
    return r ? toLedgerRow(r) : null;
  }
  /** Snapshots whose release was not confirmed: what start-up cleanup must deal with. */
  ledgerOpen(): LedgerRow[] {
    return (this.db.prepare("SELECT * FROM snapshot_ledger WHERE stage NOT IN ('deleted') ORDER BY created_at").all() as Row[]).map(toLedgerRow);
  }
  ledgerAll(): LedgerRow[] {
    return (this.db.prepare('SELECT * FROM snapshot_ledger ORDER BY created_at').all() as Row[]).map(toLedgerRow);
  }

  // ---------- restore ledger (recovery/restore-ledger.ts owns the document's shape) ----------
  putRestoreLedger(sessionId: string, open: boolean, doc: unknown): void {
    this.db
      .prepare('INSERT INTO restore_ledger(session_id, open, doc) VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET open = excluded.open, doc = excluded.doc')
      .run(sessionId, open ? 1 : 0, JSON.stringify(doc));
  }
  getRestoreLedger<T>(sessionId: string): T | null {
    return this.doc<T>('SELECT doc FROM restore_ledger WHERE session_id = ?', sessionId);
  }
  /** restores that did not end in this process (a crash): what start-up must clean */
  openRestoreLedgers<T>(): T[] {
    return this.docs<T>('SELECT doc FROM restore_ledger WHERE open = 1 ORDER BY session_id');
  }

  // ---------- settings (one document per section) ----------
  getSettingsSection(section: string): unknown {
    const r = this.db.prepare('SELECT doc FROM settings WHERE section = ?').get(section) as Row | undefined;
    return r ? (JSON.parse(String(r.doc)) as unknown) : undefined;
  }
  putSettingsSection(section: string, doc: unknown): void {
    this.db.prepare('INSERT INTO settings(section, doc) VALUES (?, ?) ON CONFLICT(section) DO UPDATE SET doc = excluded.doc').run(section, JSON.stringify(doc));
  }

  // ---------- notification outbox ----------
  /** Queues a delivery; false when one with the same id (what it is about, e.g. session + channel) is already there. */
  outboxInsert(row: OutboxRow): boolean {
    const r = this.db
      .prepare('INSERT OR IGNORE INTO notification_outbox(id, kind, channel, session_id, created_at, state, attempts, next_at, doc) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)')
      .run(row.id, row.kind, row.channel, row.sessionId, row.createdAt, 'pending', row.nextAt, JSON.stringify(row.doc));
    return Number(r.changes) > 0;
  }
  outboxDue(nowIso: string): OutboxRow[] {
    return (this.db.prepare("SELECT * FROM notification_outbox WHERE state = 'pending' AND next_at <= ? ORDER BY created_at, id").all(nowIso) as Row[]).map(toOutboxRow);
  }
  outboxPending(): OutboxRow[] {
    return (this.db.prepare("SELECT * FROM notification_outbox WHERE state = 'pending' ORDER BY created_at, id").all() as Row[]).map(toOutboxRow);
  }
  outboxRecent(limit: number): OutboxRow[] {
    return (this.db.prepare('SELECT * FROM notification_outbox ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as Row[]).map(toOutboxRow);
  }
  outboxSent(id: string, at: string): void {
    this.db.prepare("UPDATE notification_outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, next_at = NULL, last_error = NULL, last_error_code = NULL WHERE id = ?").run(at, id);
  }
  /** nextAt null: given up (state failed) */
  outboxFailed(id: string, f: { error: string; code: string; nextAt: string | null }): void {
    this.db
      .prepare('UPDATE notification_outbox SET state = ?, attempts = attempts + 1, last_error = ?, last_error_code = ?, next_at = ? WHERE id = ?')
      .run(f.nextAt === null ? 'failed' : 'pending', f.error, f.code, f.nextAt, id);
  }

  // ---------- history retention ----------
  /** Removes ended sessions (their logs, their queued notifications) that ended before `beforeIso`; returns how many. */
  pruneHistory(beforeIso: string): { sessions: number; notifications: number } {
    return this.tx(() => {
      const old = "SELECT id FROM sessions WHERE result <> 'Running' AND ended_at IS NOT NULL AND ended_at < ?";
      this.db.prepare(`DELETE FROM session_log WHERE session_id IN (${old})`).run(beforeIso);
      const sessions = Number(this.db.prepare("DELETE FROM sessions WHERE result <> 'Running' AND ended_at IS NOT NULL AND ended_at < ?").run(beforeIso).changes);
      const notifications = Number(this.db.prepare("DELETE FROM notification_outbox WHERE state <> 'pending' AND created_at < ?").run(beforeIso).changes);
      return { sessions, notifications };
    });
  }

  // ---------- helpers ----------
  private doc<T>(sql: string, ...args: Array<string | number>): T | null {
    const r = this.db.prepare(sql).get(...args) as Row | undefined;
    return r ? (JSON.parse(String(r.doc)) as T) : null;
  }
  private docs<T>(sql: string, ...args: Array<string | number>): T[] {
    return (this.db.prepare(sql).all(...args) as Row[]).map((r) => JSON.parse(String(r.doc)) as T);
  }
}

/** A queued notification: what it is about, and the rendered message (doc) the channel sends. */
export interface OutboxRow {
  id: string;
  kind: 'session-report' | 'retry-alert' | 'daily-summary';
  channel: 'email' | 'syslog' | 'webhook' | 'eventLog';
  sessionId: string | null;
  createdAt: string;
  state?: 'pending' | 'sent' | 'failed';
  attempts?: number;
  lastError?: string | null;
  lastErrorCode?: string | null;
  nextAt: string | null;
  sentAt?: string | null;
  doc: unknown;
}

function toOutboxRow(r: Row): OutboxRow {
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(r.id),
    kind: r.kind as OutboxRow['kind'],
    channel: r.channel as OutboxRow['channel'],
    sessionId: str(r.session_id),
    createdAt: String(r.created_at),
    state: r.state as OutboxRow['state'],
    attempts: Number(r.attempts),
    lastError: str(r.last_error),
    lastErrorCode: str(r.last_error_code),
    nextAt: str(r.next_at),
    sentAt: str(r.sent_at),
    doc: JSON.parse(String(r.doc)) as unknown,
  };
}

function toCredentialRow(r: Row): CredentialRow {
  return { id: String(r.id), user: String(r.user), description: String(r.description), createdAt: String(r.created_at) };
}

function toLedgerRow(r: Row): LedgerRow {
  return {
    snapshotId: String(r.snapshot_id),
    sessionId: String(r.session_id),
    volumeId: String(r.volume_id),
    hostId: String(r.host_id),
    exposedOn: r.exposed_on === null ? null : String(r.exposed_on),
    stage: r.stage as SnapshotStage,
    shadowIds: JSON.parse(String(r.shadow_ids)) as string[],
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    cleanup:
      r.cleanup_failed_at === null || r.cleanup_failed_at === undefined
        ? null
        : {
            failedAt: String(r.cleanup_failed_at),
            attempts: Number(r.cleanup_attempts),
            lastError: String(r.cleanup_error),
            lastAttemptAt: String(r.cleanup_last_at),
            nextAt: String(r.cleanup_next_at),
          },
  };
}
