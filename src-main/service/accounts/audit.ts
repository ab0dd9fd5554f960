// What goes into the audit log: every call that changes something, starts something or reaches a server (all but the queries),
// whether done, refused for want of a role, or failed; and every login. The target names ids and names from the
// call's params and result only — an allowlist, so a password can never end up in the log.
import type { AuditEntry } from '../../../src-shared/contract/accounts';
import type { ErrorPayload } from '../../../src-shared/contract/errors';
import type { MethodName } from '../../../src-shared/contract/methods';
import { METHOD_ROLES } from '../../../src-shared/contract/roles';
import type { AuditRows } from '../../engine/facade/engine';
import type { Caller } from './accounts';
import { READ_ONLY_METHODS } from '../queries';

export type AuditHook = (call: { method: MethodName; params: unknown; caller: Caller | null; result?: unknown; error?: ErrorPayload }) => void;

const TARGET_KEYS = ['id', 'name', 'serverId', 'jobId', 'vmId', 'diskIndex', 'enabled', 'mode', 'restorePoints', 'activeFull', 'role', 'user', 'step'] as const;
const RESULT_KEYS = ['sessionId', 'taskId', 'id'] as const;

function pick(from: unknown, keys: readonly string[], prefix = ''): string[] {
  if (typeof from !== 'object' || from === null) return [];
  const o = from as Record<string, unknown>;
  return keys.filter((k) => ['string', 'number', 'boolean'].includes(typeof o[k])).map((k) => `${prefix}${k}=${String(o[k]).slice(0, 200)}`);
}

export function auditTarget(params: unknown, result: unknown): string {
  const spec = typeof params === 'object' && params !== null ? (params as { spec?: unknown }).spec : undefined;
  return [...pick(params, TARGET_KEYS), ...pick(spec, ['name'], 'spec.'), ...pick(result, RESULT_KEYS, '→')].join(' ');
}

/** Queries (they change nothing) are not acts; everything else a logged-in caller does is, and so is every login. */
const audited = (method: MethodName) => method === 'auth.login' || (METHOD_ROLES[method] !== 'Anyone' && !READ_ONLY_METHODS.has(method));

export function auditRecorder(rows: AuditRows, now: () => number = Date.now): AuditHook {
  return ({ method, params, caller, result, error }) => {
    const refused = error?.code === 'E_FORBIDDEN';
    if (!audited(method) && !refused) return;
    // a call from a connection that never logged in is noise, not an act: only its login attempts are recorded
    if (!caller && method !== 'auth.login') return;
    const loginUser = method === 'auth.login' ? String((params as { user?: unknown }).user ?? '') : '';
    const entry: Omit<AuditEntry, 'seq'> = {
      at: new Date(now()).toISOString(),
      user: caller?.user ?? loginUser,
      role: caller?.role ?? null,
      method,
      target: method === 'auth.login' ? '' : auditTarget(params, result),
      outcome: error ? (refused ? 'refused' : 'failed') : 'ok',
      detail: error ? error.code : null,
    };
    rows.append(entry);
  };
}
