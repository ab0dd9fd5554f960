// The role each contract method needs. A mapped type over MethodName: a new method without an entry does not
// compile, and roles.test.ts checks the table against the method map at run time too. The dispatcher enforces it.
import type { MethodName } from './methods';
import { ROLE_RANK, type Role } from './accounts';

/** 'Anyone': callable before logging in (only the login itself). */
export type RequiredRole = Role | 'Anyone';

export const METHOD_ROLES: { readonly [M in MethodName]: RequiredRole } = {
  'app.info': 'Viewer',
  'inventory.get': 'Viewer',

  'proxies.list': 'Viewer',
  'proxies.check': 'Administrator',
  'proxies.create': 'Administrator',
  'proxies.update': 'Administrator',
  'proxies.recheck': 'Administrator',
  'proxies.remove': 'Administrator',

  'credentials.list': 'Viewer',
  'credentials.create': 'Administrator',
  'credentials.update': 'Administrator',
  'credentials.remove': 'Administrator',

  'servers.list': 'Viewer',
  'servers.probe': 'Administrator',
  'servers.add': 'Administrator',
  'servers.update': 'Administrator',
  'servers.rescan': 'Administrator',
  'servers.remove': 'Administrator',

  'repositories.list': 'Viewer',
  'repositories.create': 'Administrator',

  'jobs.list': 'Viewer',
  'jobs.get': 'Viewer',
  'jobs.create': 'Administrator',
  'jobs.delete': 'Administrator',
  'jobs.update': 'Administrator',
  // enabling/disabling a schedule edits the job
  'jobs.setEnabled': 'Administrator',
  'jobs.start': 'Operator',
  // reaches the servers to plan snapshots for a job being edited: part of editing
  'jobs.plan': 'Administrator',

  'sessions.list': 'Viewer',
  'sessions.get': 'Viewer',
  'sessions.stop': 'Operator',
  'sessions.retry': 'Operator',

  'snapshots.leftovers': 'Viewer',
  // releases snapshots left on the storage: an operator's clean-up, like stopping a session
  'snapshots.retryCleanup': 'Operator',

  'restorePoints.list': 'Viewer',
  'restorePoints.verify': 'Operator',
  'restorePoints.restore': 'Operator',

  'lab.injectFault': 'Administrator',
  'lab.clearFaults': 'Administrator',

  'tasks.get': 'Viewer',

  // restores: looking is reading; starting one (or serving a point over NBD, or reading guest files) is an Operator's job
  'restore.backups': 'Viewer',
  'restore.vmPoints': 'Viewer',
  'restore.pointVm': 'Viewer',
  'restore.targets': 'Viewer',
  'restore.planVm': 'Viewer',
  'restore.planDisks': 'Viewer',
  'restore.session': 'Viewer',
  'restore.startVm': 'Operator',
  'restore.startDisks': 'Operator',
  'mount.list': 'Viewer',
  'mount.start': 'Operator',
  'mount.stop': 'Operator',
  'files.volumes': 'Operator',
  'files.list': 'Operator',
  'files.search': 'Operator',
  'files.restore': 'Operator',
  'files.downloadLink': 'Operator',

  // replicas: failover and failback are disaster-recovery runs (Operator); a permanent failover changes the job
  'replicas.list': 'Viewer',
  'replicas.get': 'Viewer',
  'replicas.failover': 'Operator',
  'replicas.undoFailover': 'Operator',
  'replicas.failback': 'Operator',
  'replicas.commitFailback': 'Operator',
  'replicas.undoFailback': 'Operator',
  'replicas.permanentFailover': 'Administrator',

  // settings and notifications
  'settings.get': 'Viewer',
  'settings.set': 'Administrator',
  'notifications.test': 'Administrator',
  'notifications.deliveries': 'Viewer',
  'notifications.retryNow': 'Administrator',

  'auth.login': 'Anyone',
  'auth.resume': 'Anyone',
  'auth.logout': 'Viewer',
  'auth.whoami': 'Viewer',
  'users.list': 'Administrator',
  'users.add': 'Administrator',
  'users.remove': 'Administrator',
  'audit.list': 'Administrator',
};

export function roleAllows(role: Role, required: RequiredRole): boolean {
  return required === 'Anyone' || ROLE_RANK[role] >= ROLE_RANK[required];
}
