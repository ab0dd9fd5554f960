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
  'restore.backups',
  'restore.vmPoints',
  'restore.pointVm',
  'restore.session',
  'restore.targets',
  'restore.planVm',
  'restore.planDisks',
  'replicas.list',
  'replicas.get',
  'mount.list',
  'files.volumes',
  'files.list',
  'files.search',
  'settings.get',
  'notifications.deliveries',
  'tasks.get',
  'users.list',
  'auth.whoami',
  'audit.list',
]);
