// The managed-servers migration on a store written by the previous version, and the new tables' round trips.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Store } from './store';

const dir = mkdtempSync(join(tmpdir(), 'ferry-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A proxy as the previous version stored it: no `enabled`, no `throttleWindow`. */
const oldProxy = {
  id: 'px-1',
  serverId: 'proxy01',
  name: 'PROXY01',
  description: '',
  maxTasks: 4,
  throttleMBps: 0,
  connectedVolumes: { mode: 'automatic' },
  tasksInUse: 0,
  eligibleVolumeIds: ['csv1'],
  status: 'ready',
  lastCheckAt: null,
  createdAt: '2026-11-01T00:00:00.000Z',
};

describe('store migration: managed servers and credentials', () => {
  it('upgrades a version-2 store in place, keeping its data; old proxies read with the new fields defaulted', () => {
    const path = join(dir, 'old.db');
    new Store(path).close();
    // Back to what the previous version left: its two migrations, no new tables, a proxy in the old shape.
    const raw = new DatabaseSync(path);
    raw.exec('DROP TABLE credentials; DROP TABLE managed_servers; PRAGMA user_version = 2;');
    // ...nor the columns later migrations added
    for (const c of ['cleanup_failed_at', 'cleanup_attempts', 'cleanup_error', 'cleanup_last_at', 'cleanup_next_at']) raw.exec(`ALTER TABLE snapshot_ledger DROP COLUMN ${c}`);
    // ...nor what the settings migration added
    raw.exec('DROP TABLE settings; DROP TABLE notification_outbox; ALTER TABLE sessions DROP COLUMN ended_at;');
    raw.prepare('INSERT INTO proxies(id, server_id, name, doc) VALUES (?, ?, ?, ?)').run(oldProxy.id, oldProxy.serverId, oldProxy.name, JSON.stringify(oldProxy));
    raw.prepare("INSERT INTO config(key, value) VALUES ('platform', 'lab')").run();
    raw.close();

    const store = new Store(path);
    try {
      expect(store.getConfig('platform')).toBe('lab');
      expect(store.listProxies()).toEqual([{ ...oldProxy, enabled: true, throttleWindow: null }]);
      expect(store.listCredentials()).toEqual([]);
      expect(store.listManagedServers()).toEqual([]);
      store.putCredential({ id: 'cred-1', user: 'LAB\\backup-admin', description: 'domain', createdAt: '2026-11-25T00:00:00.000Z' });
      store.putCredential({ id: 'cred-1', user: 'LAB\\backup-admin', description: 'renamed', createdAt: 'ignored on update' });
      expect(store.getCredential('cred-1')).toEqual({ id: 'cred-1', user: 'LAB\\backup-admin', description: 'renamed', createdAt: '2026-11-25T00:00:00.000Z' });
      const server = {
        id: 'hv03',
        name: 'HV03',
        kind: 'hyperv-host' as const,
        description: '',
        credentialId: 'cred-1',
        memberIds: [],
        vss: { failoverToSoftwareProvider: true, maxSnapshotsPerVolume: 4 },
        addedAt: '2026-11-25T00:00:00.000Z',
        lastCheckAt: null,
        status: 'ok' as const,
        statusReason: '',
      };
      store.putManagedServer(server);
      expect(store.listManagedServers()).toEqual([server]);
      store.deleteManagedServer('hv03');
      store.deleteCredential('cred-1');
      expect(store.listManagedServers()).toEqual([]);
      expect(store.getCredential('cred-1')).toBeNull();
    } finally {
      store.close();
    }
    const check = new DatabaseSync(path);
    expect((check.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBeGreaterThanOrEqual(3);
    // the credentials table has no column a password could go into
    expect((check.prepare('PRAGMA table_info(credentials)').all() as Array<{ name: string }>).map((c) => c.name)).toEqual(['id', 'user', 'description', 'created_at']);
    check.close();
  });
});
