// The users table: account name, role, the encoded scrypt hash, failed-login count and lock. No password column.
import type { DatabaseSync } from 'node:sqlite';
import type { Role } from '../../../src-shared/contract/accounts';

export interface UserRow {
  name: string;
  role: Role;
  /** scrypt$N$r$p$salt$hash (base64url): what verifying needs, never the password */
  passwordHash: string;
  createdAt: string;
  failedLogins: number;
  lockedUntil: string | null;
}

type Row = Record<string, unknown>;
const COLUMNS = 'name, role, password_hash, created_at, failed_logins, locked_until';

const toUserRow = (r: Row): UserRow => ({
  name: String(r.name),
  role: String(r.role) as Role,
  passwordHash: String(r.password_hash),
  createdAt: String(r.created_at),
  failedLogins: Number(r.failed_logins),
  lockedUntil: r.locked_until === null ? null : String(r.locked_until),
});

export class UserRows {
  constructor(private readonly db: DatabaseSync) {}

  list(): UserRow[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY name`).all() as Row[]).map(toUserRow);
  }
  get(name: string): UserRow | null {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM users WHERE name = ?`).get(name) as Row | undefined;
    return r ? toUserRow(r) : null;
  }
  insert(u: Pick<UserRow, 'name' | 'role' | 'passwordHash' | 'createdAt'>): void {
    this.db.prepare('INSERT INTO users(name, role, password_hash, created_at) VALUES (?, ?, ?, ?)').run(u.name, u.role, u.passwordHash, u.createdAt);
  }
  remove(name: string): void {
    this.db.prepare('DELETE FROM users WHERE name = ?').run(name);
  }
  setFailures(name: string, failedLogins: number, lockedUntil: string | null): void {
    this.db.prepare('UPDATE users SET failed_logins = ?, locked_until = ? WHERE name = ?').run(failedLogins, lockedUntil, name);
  }
}
