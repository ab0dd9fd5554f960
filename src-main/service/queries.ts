// The contract's queries: they read the store (or the lab's files) and change nothing anywhere. A read-only
// service answers only these; the audit log records everything else.
import type { MethodName } from '../../src-shared/contract/methods';

/** Queries that read the store (or the lab's files) and change nothing anywhere. */
export const READ_ONLY_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'app.info',
  'inventory.get',
  'proxies.list',
  'credentials.list',
  'servers.list',
  'repositories.list',
  'jobs.list',
  'jobs.get',
  'sessions.list',
  'sessions.get',
  'restorePoints.list',
  'tasks.get',
  'users.list',
  'auth.whoami',
  'audit.list',
]);
