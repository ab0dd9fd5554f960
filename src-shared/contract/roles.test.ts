// Every contract method declares the role it needs: a method added to the map without an entry fails here
// (and does not compile), and no entry names a method that is not in the contract.
import { describe, expect, it } from 'vitest';
import { methods } from './methods';
import { METHOD_ROLES, roleAllows } from './roles';

describe('the role table', () => {
  it('has exactly one entry for every contract method', () => {
    expect(Object.keys(METHOD_ROLES).sort()).toEqual(Object.keys(methods).sort());
  });

  it('lets only the login itself be called before logging in', () => {
    const anyone = Object.entries(METHOD_ROLES).filter(([, r]) => r === 'Anyone').map(([m]) => m).sort();
    expect(anyone).toEqual(['auth.login', 'auth.resume']);
  });

  it('keeps every method that changes configuration for Administrators, and gives Operators run/stop/restore/verify', () => {
    const operator = Object.entries(METHOD_ROLES).filter(([, r]) => r === 'Operator').map(([m]) => m).sort();
    expect(operator).toEqual(
      [
        'files.downloadLink', 'files.list', 'files.restore', 'files.search', 'files.volumes',
        'jobs.start', 'mount.start', 'mount.stop',
        'replicas.commitFailback', 'replicas.failback', 'replicas.failover', 'replicas.undoFailback', 'replicas.undoFailover',
        'restore.startDisks', 'restore.startVm', 'restorePoints.restore', 'restorePoints.verify',
        'sessions.retry', 'sessions.stop', 'snapshots.retryCleanup',
      ].sort(),
    );
    for (const m of ['jobs.create', 'jobs.update', 'jobs.delete', 'jobs.setEnabled', 'users.add', 'users.remove', 'credentials.create', 'proxies.create', 'settings.set', 'replicas.permanentFailover']) {
      expect(METHOD_ROLES[m as keyof typeof METHOD_ROLES]).toBe('Administrator');
    }
  });

  it('ranks roles: each includes the ones below it', () => {
    expect(roleAllows('Administrator', 'Operator')).toBe(true);
    expect(roleAllows('Operator', 'Viewer')).toBe(true);
    expect(roleAllows('Operator', 'Administrator')).toBe(false);
    expect(roleAllows('Viewer', 'Operator')).toBe(false);
    expect(roleAllows('Viewer', 'Anyone')).toBe(true);
  });
});
