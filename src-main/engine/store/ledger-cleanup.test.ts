// The ledger's clean-up columns: a store from before them upgrades in place (its open snapshots read as not yet
// failed), and each failed clean-up counts up while the first failure's time stays.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Store, type LedgerRow } from './store';

const dir = mkdtempSync(join(tmpdir(), 'ferry-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row: LedgerRow = { snapshotId: 'snap-1', sessionId: 's-1', volumeId: 'vol-d', hostId: 'hv01', exposedOn: 'proxy01', stage: 'exposed', shadowIds: ['{a}'], createdAt: '2026-12-07T09:00:00.000Z', updatedAt: '2026-12-07T09:00:00.000Z' };

describe('snapshot ledger: failed clean-ups', () => {
  it('upgrades a version-3 store with an open snapshot; failures then count up and keep the first time', () => {
    const path = join(dir, 'v3.db');
    new Store(path).close();
    const raw = new DatabaseSync(path);
    for (const c of ['cleanup_failed_at', 'cleanup_attempts', 'cleanup_error', 'cleanup_last_at', 'cleanup_next_at']) raw.exec(`ALTER TABLE snapshot_ledger DROP COLUMN ${c}`);
    // ...nor what the settings migration added
    raw.exec('DROP TABLE settings; DROP TABLE notification_outbox; ALTER TABLE sessions DROP COLUMN ended_at;');
    raw.exec('PRAGMA user_version = 3');
    raw.prepare("INSERT INTO snapshot_ledger VALUES ('snap-1', 's-1', 'vol-d', 'hv01', 'proxy01', 'exposed', '[\"{a}\"]', ?, ?)").run(row.createdAt, row.updatedAt);
    raw.close();

    const store = new Store(path);
    try {
      expect(store.ledgerOpen()).toEqual([{ ...row, cleanup: null }]);
      expect(store.ledgerCleanupPending()).toEqual([]);
      store.ledgerCleanupFailed('snap-1', { error: 'refused', at: '2026-12-07T10:00:00.000Z', nextAt: '2026-12-07T10:02:00.000Z' });
      store.ledgerCleanupFailed('snap-1', { error: 'refused again', at: '2026-12-07T10:02:00.000Z', nextAt: '2026-12-07T10:06:00.000Z' });
      expect(store.ledgerCleanupPending().map((r) => r.cleanup)).toEqual([
        { failedAt: '2026-12-07T10:00:00.000Z', attempts: 2, lastError: 'refused again', lastAttemptAt: '2026-12-07T10:02:00.000Z', nextAt: '2026-12-07T10:06:00.000Z' },
      ]);
      store.ledgerUpdate('snap-1', { stage: 'deleted' }, '2026-12-07T10:06:00.000Z');
      expect(store.ledgerCleanupPending()).toEqual([]); // deleted: no longer a leftover
    } finally {
      store.close();
    }
  });
});
