// The audit log table: appended to, never updated; read newest first.
import type { DatabaseSync } from 'node:sqlite';
import type { AuditEntry } from '../../../src-shared/contract/accounts';

type Row = Record<string, unknown>;

const toEntry = (r: Row): AuditEntry => ({
  seq: Number(r.seq),
  at: String(r.at),
  user: String(r.user),
  role: r.role === null ? null : (String(r.role) as AuditEntry['role']),
  method: String(r.method),
  target: String(r.target),
  outcome: String(r.outcome) as AuditEntry['outcome'],
  detail: r.detail === null ? null : String(r.detail),
});

export class AuditRows {
  constructor(private readonly db: DatabaseSync) {}

  append(e: Omit<AuditEntry, 'seq'>): void {
    this.db
      .prepare('INSERT INTO audit_log(at, user, role, method, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(e.at, e.user, e.role, e.method, e.target, e.outcome, e.detail);
  }

  list(q: { limit: number; before?: number; user?: string }): AuditEntry[] {
    const rows = this.db
      .prepare('SELECT seq, at, user, role, method, target, outcome, detail FROM audit_log WHERE (? IS NULL OR seq < ?) AND (? IS NULL OR user = ? COLLATE NOCASE) ORDER BY seq DESC LIMIT ?')
      .all(q.before ?? null, q.before ?? null, q.user ?? null, q.user ?? null, q.limit) as Row[];
    return rows.map(toEntry);
  }
}
