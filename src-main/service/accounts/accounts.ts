// Users, logins and session tokens of a Ferry service. Tokens are random, kept only as their SHA-256 in memory
// (a restart logs everyone out), and expire. Failed logins are slowed (a growing delay before the answer) and,
// after LOCK_AFTER failures in a row, the account is locked for a while — persisted, so a restart does not reset it.
import { createHash, randomBytes } from 'node:crypto';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { CallerView, Role, UserView } from '../../../src-shared/contract/accounts';
import type { UserRow, UserRows } from '../../engine/facade/engine';
import { dummyHash, hashPassword, verifyPassword } from './password-hash';

export interface LoginPolicy {
  /** token lifetime */
  sessionMs: number;
  /** failures in a row after which the account is locked */
  lockAfter: number;
  lockMs: number;
  /** extra delay per failure in a row before a refusal is answered (capped at maxDelayMs) */
  delayPerFailureMs: number;
  maxDelayMs: number;
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = { sessionMs: 12 * 3600_000, lockAfter: 5, lockMs: 15 * 60_000, delayPerFailureMs: 500, maxDelayMs: 4000 };

export interface Caller extends CallerView {
  /** when the login behind this caller ends (null: the local console, for as long as it is connected) */
  expiresAt: number | null;
  tokenHash: string | null;
}

export const LOCAL_CALLER: Caller = { user: 'local console', role: 'Administrator', local: true, expiresAt: null, tokenHash: null };

export interface LoginGrant {
  token: string;
  expiresAt: string;
  user: string;
  role: Role;
  caller: Caller;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const refused = () => new FerryError(ErrorCode.Unauthorized, 'Wrong user name or password');

export class Accounts {
  private readonly sessions = new Map<string, { user: string; expiresAt: number }>();
  /** failures for names that are not accounts: slowed the same way, never locked (nothing to lock) */
  private readonly unknownFailures = new Map<string, number>();

  constructor(
    private readonly users: UserRows,
    private readonly policy: LoginPolicy = DEFAULT_LOGIN_POLICY,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  list(): UserView[] {
    return this.users.list().map((u) => this.view(u));
  }

  async add(name: string, role: Role, password: string): Promise<UserView> {
    if (this.users.get(name)) throw new FerryError(ErrorCode.Conflict, `A user named ${name} already exists`);
    const passwordHash = await hashPassword(password);
    // checked again after the (slow) hash: two adds of one name at once must not both pass
    if (this.users.get(name)) throw new FerryError(ErrorCode.Conflict, `A user named ${name} already exists`);
    this.users.insert({ name, role, passwordHash, createdAt: new Date(this.now()).toISOString() });
    return this.view(this.users.get(name)!);
  }

  remove(name: string): void {
    const user = this.users.get(name);
    if (!user) throw new FerryError(ErrorCode.NotFound, `No user named ${name}`);
    const admins = this.users.list().filter((u) => u.role === 'Administrator');
    if (user.role === 'Administrator' && admins.length === 1) throw new FerryError(ErrorCode.Conflict, `${user.name} is the last Administrator: add another one first`);
    this.users.remove(user.name);
    for (const [hash, s] of this.sessions) if (s.user.toLowerCase() === user.name.toLowerCase()) this.sessions.delete(hash);
  }

  async login(name: string, password: string): Promise<LoginGrant> {
    const user = this.users.get(name);
    if (!user) {
      await verifyPassword(password, await dummyHash());
      const failures = (this.unknownFailures.get(name.toLowerCase()) ?? 0) + 1;
      this.unknownFailures.set(name.toLowerCase(), failures);
      await this.sleep(this.delayFor(failures));
      throw refused();
    }
    const lockedUntil = this.activeLock(user);
    if (lockedUntil !== null) throw this.locked(lockedUntil);
    if (!(await verifyPassword(password, user.passwordHash))) return this.failed(user);
    this.users.setFailures(user.name, 0, null);
    return this.grant(user);
  }

  resume(token: string): LoginGrant {
    const hash = sha256(token);
    const s = this.sessions.get(hash);
    if (!s || s.expiresAt <= this.now()) {
      this.sessions.delete(hash);
      throw new FerryError(ErrorCode.Unauthorized, 'The login token is unknown or has expired: log in again');
    }
    const user = this.users.get(s.user);
    if (!user) throw new FerryError(ErrorCode.Unauthorized, 'The account behind this token was removed');
    return { token, expiresAt: new Date(s.expiresAt).toISOString(), user: user.name, role: user.role, caller: this.callerOf(user, hash, s.expiresAt) };
  }

  logout(caller: Caller): void {
    if (caller.tokenHash) this.sessions.delete(caller.tokenHash);
  }

  /** A caller's login still holds: not expired, not logged out, the account still there (its role as it is now). */
  current(caller: Caller): Caller {
    if (caller.local) return caller;
    const s = caller.tokenHash ? this.sessions.get(caller.tokenHash) : undefined;
    const user = s && s.expiresAt > this.now() ? this.users.get(s.user) : null;
    if (!s || !user) throw new FerryError(ErrorCode.Unauthorized, 'The login has expired or was ended: log in again');
    return this.callerOf(user, caller.tokenHash, s.expiresAt);
  }

  private async failed(user: UserRow): Promise<never> {
    // a lock that has run out starts the count again: one more wrong guess does not re-lock at once
    const failures = (user.lockedUntil !== null ? 0 : user.failedLogins) + 1;
    const lockedUntil = failures >= this.policy.lockAfter ? new Date(this.now() + this.policy.lockMs).toISOString() : null;
    this.users.setFailures(user.name, failures, lockedUntil);
    await this.sleep(this.delayFor(failures));
    if (lockedUntil) throw this.locked(lockedUntil);
    throw refused();
  }

  private grant(user: UserRow): LoginGrant {
    const token = randomBytes(32).toString('base64url');
    const hash = sha256(token);
    const expiresAt = this.now() + this.policy.sessionMs;
    this.sessions.set(hash, { user: user.name, expiresAt });
    return { token, expiresAt: new Date(expiresAt).toISOString(), user: user.name, role: user.role, caller: this.callerOf(user, hash, expiresAt) };
  }

  private callerOf(user: UserRow, tokenHash: string | null, expiresAt: number): Caller {
    return { user: user.name, role: user.role, local: false, expiresAt, tokenHash };
  }

  private activeLock(user: UserRow): string | null {
    return user.lockedUntil !== null && Date.parse(user.lockedUntil) > this.now() ? user.lockedUntil : null;
  }

  private locked(until: string): FerryError {
    return new FerryError(ErrorCode.AccountLocked, `Too many failed logins: the account is locked until ${until}`, { lockedUntil: until });
  }

  private delayFor(failures: number): number {
    return Math.min(this.policy.maxDelayMs, Math.max(0, failures - 1) * this.policy.delayPerFailureMs);
  }

  private view(u: UserRow): UserView {
    return { name: u.name, role: u.role, createdAt: u.createdAt, lockedUntil: this.activeLock(u) };
  }
}
