// History retention at start: an engine that runs schedules removes sessions (with their logs) older than the
// setting when it starts; newer ones and the rest of the store stay.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, startLabService, waitSession } from '../../testing/lab-service';
import { Store } from '../store/store';

describe('history retention', () => {
  it('runs at start: sessions older than N days go with their logs, the others stay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-retention-'));
    try {
      let h = await startLabService(dir);
      const job = await h.client.call('jobs.create', { name: 'Old', vmIds: ['vm-web01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
      const old = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
      const recent = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
      await h.client.call('settings.set', { history: { retentionDays: 10 } });
      await h.close();
      // the first session ended 11 days ago
      const store = new Store(join(dir, 'ferry.db'));
      const longAgo = new Date(Date.now() - 11 * 86400_000).toISOString();
      store.putSession({ ...old, startedAt: longAgo, endedAt: longAgo });
      expect(store.getLog(old.id).length).toBeGreaterThan(0);
      store.close();
      h = await startLabService(dir);
      try {
        expect((await h.client.call('sessions.list', {})).map((s) => s.id)).toEqual([recent.id]);
        expect((await h.client.call('sessions.get', { id: recent.id })).log.length).toBeGreaterThan(0);
        expect(h.service.engine.store.getLog(old.id)).toEqual([]);
        expect(await h.client.call('restorePoints.list', { jobId: job.id })).toHaveLength(2);
      } finally {
        await h.close();
      }
    } finally {
      removeDir(dir);
    }
  });
});
