// Accounts on a Ferry service: who may call what. Login gives a session token (expiring); users are managed by an
// Administrator. A password crosses the contract only in auth.login and users.add and is never returned or logged.
import { z } from 'zod';

/** Viewer: read only. Operator: also run/stop jobs, retry sessions, verify and restore. Administrator: everything. */
export const Role = z.enum(['Viewer', 'Operator', 'Administrator']);
export type Role = z.infer<typeof Role>;

/** Each role includes the ones below it. */
export const ROLE_RANK: Record<Role, number> = { Viewer: 1, Operator: 2, Administrator: 3 };

export const UserName = z
  .string()
  .trim()
  .min(1, 'User name is required')
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'letters, digits and . _ @ - only');

/** Long enough to resist guessing; capped so a huge string cannot make scrypt a denial of service. */
export const NewPassword = z.string().min(8, 'at least 8 characters').max(1024);

export const UserView = z.object({
  name: z.string(),
  role: Role,
  createdAt: z.string(),
  /** set while repeated failed logins keep the account locked */
  lockedUntil: z.string().nullable(),
});
export type UserView = z.infer<typeof UserView>;

/** Who is calling: a logged-in user, or the local console (one user on this machine, an implicit Administrator). */
export const CallerView = z.object({ user: z.string(), role: Role, local: z.boolean() });
export type CallerView = z.infer<typeof CallerView>;

const LoginResult = z.object({ token: z.string(), expiresAt: z.string(), user: z.string(), role: Role });

export const accountMethods = {
  /** Refused alike for an unknown user and a wrong password (E_UNAUTHORIZED); slowed after failures, then locked. */
  'auth.login': { params: z.object({ user: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict(), result: LoginResult },
  /** A token from auth.login on a new connection (a reconnect, the next CLI command). */
  'auth.resume': { params: z.object({ token: z.string().min(1).max(200) }).strict(), result: LoginResult },
  'auth.logout': { params: z.object({}).strict(), result: z.object({ ok: z.literal(true) }) },
  'auth.whoami': { params: z.object({}).strict(), result: CallerView },

  'users.list': { params: z.object({}).strict(), result: z.array(UserView) },
  'users.add': { params: z.object({ name: UserName, role: Role, password: NewPassword }).strict(), result: UserView },
  /** Also ends the user's sessions. The last Administrator cannot be removed. */
  'users.remove': { params: z.object({ name: UserName }).strict(), result: z.object({ ok: z.literal(true) }) },
} as const;

/** One line of the audit log: who did what, when, and how it ended. */
export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  user: z.string(),
  /** null: not logged in (a failed login) */
  role: Role.nullable(),
  method: z.string(),
  /** what it was done to: ids and names from the call (never a password) */
  target: z.string(),
  /** ok: done; refused: the role did not allow it; failed: the call failed (detail: the error code) */
  outcome: z.enum(['ok', 'refused', 'failed']),
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const auditMethods = {
  /** Newest first; `before` (a seq) pages back. */
  'audit.list': {
    params: z.object({ limit: z.number().int().min(1).max(1000).default(200), before: z.number().int().positive().optional(), user: z.string().max(64).optional() }).strict(),
    result: z.array(AuditEntry),
  },
} as const;
