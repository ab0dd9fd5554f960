// auth.* and users.*: logging a connection in and out, and the Administrator's user management.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { Accounts, LoginGrant } from '../accounts/accounts';
import type { AuditRows } from '../../engine/facade/engine';
import type { CallContext, HandlersOf } from '../dispatcher';

const answer = (g: LoginGrant, ctx: CallContext) => {
  ctx.setCaller(g.caller);
  return { token: g.token, expiresAt: g.expiresAt, user: g.user, role: g.role };
};

export function authHandlers(accounts: Accounts): HandlersOf<'auth'> {
  return {
    'auth.login': async (p, ctx) => answer(await accounts.login(p.user, p.password), ctx),
    'auth.resume': (p, ctx) => answer(accounts.resume(p.token), ctx),
    'auth.logout': (_p, ctx) => {
      if (ctx.caller) accounts.logout(ctx.caller);
      // the local console stays what it is; a logged-in connection is logged out
      if (ctx.caller && !ctx.caller.local) ctx.setCaller(null);
      return { ok: true as const };
    },
    'auth.whoami': (_p, ctx) => {
      if (!ctx.caller) throw new FerryError(ErrorCode.Unauthorized, 'Not logged in');
      return { user: ctx.caller.user, role: ctx.caller.role, local: ctx.caller.local };
    },
  };
}

export function userHandlers(accounts: Accounts): HandlersOf<'users'> {
  return {
    'users.list': () => accounts.list(),
    'users.add': (p) => accounts.add(p.name, p.role, p.password),
    'users.remove': (p) => {
      accounts.remove(p.name);
      return { ok: true as const };
    },
  };
}

export function auditHandlers(rows: AuditRows): HandlersOf<'audit'> {
  return { 'audit.list': (p) => rows.list(p) };
}
