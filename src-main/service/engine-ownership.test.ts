// One engine owns a data folder (in one process as across processes): a second owner is refused with E_ENGINE_BUSY
// naming the first; a read-only service answers queries and refuses every change the same way; start-up recovery
// runs only in the owner — a read-only look at a folder with a crashed session's snapshot leaves it to the owner.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FerryError } from '../../src-shared/contract/errors';
import { createClient } from '../../src-shared/contract/client';
import { createMemoryTransport } from '../../src-shared/contract/memory-transport';
import { VERSION } from '../app-paths';
import { Store } from '../engine/store/store';
import { removeDir, startLabService } from '../testing/lab-service';
import { createService, type Service } from './service';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ferry-ownership-'));
  dirs.push(d);
  return d;
};
const readOnlyService = (dataDir: string) => createService({ dataDir, host: { host: 'cli', version: VERSION }, access: 'read-only' });
const clientOf = (s: Service) => createClient(createMemoryTransport(s.connect));

async function refusal(p: Promise<unknown>): Promise<FerryError> {
  try {
    await p;
  } catch (e) {
    return e as FerryError;
  }
  throw new Error('not refused');
}

describe('engine ownership of a data folder', () => {
  it('a second owner is refused with E_ENGINE_BUSY naming the first; read-only answers queries and refuses changes', async () => {
    const dir = tempDir();
    const owner = await startLabService(dir);
    try {
      const busy = await refusal(createService({ dataDir: dir, host: { host: 'web', version: VERSION }, command: 'ferry serve' }));
      expect(busy.code).toBe('E_ENGINE_BUSY');
      expect(busy.message).toContain(`is in use by a Ferry engine (pid ${process.pid} on `);

      const ro = await readOnlyService(dir);
      const c = clientOf(ro);
      try {
        expect((await c.call('servers.list', {})).length).toBeGreaterThan(0);
        expect(await c.call('jobs.list', {})).toEqual([]);
        const create = await refusal(c.call('jobs.create', { name: 'X', vmIds: ['vm-web02'], repositoryId: 'repo-default', processing: { mode: 'on-host' } }));
        expect(create.code).toBe('E_ENGINE_BUSY');
        expect(create.message).toMatch(/jobs\.create must go through it/);
        expect((await refusal(c.call('lab.injectFault', { step: 'delete' }))).code).toBe('E_ENGINE_BUSY');
        expect(await owner.client.call('jobs.list', {})).toEqual([]); // nothing was created
      } finally {
        c.close();
        await ro.close();
      }
    } finally {
      await owner.close();
    }
    // given back: the next owner opens it
    await (await startLabService(dir)).close();
  });

  it('start-up recovery runs only in the owner: a read-only look leaves a crashed session and its snapshot alone', async () => {
    const dir = tempDir();
    await (await startLabService(dir)).close();
    const at = new Date().toISOString();
    const store = new Store(join(dir, 'ferry.db'));
    store.ledgerInsert({ snapshotId: 'snap-crashed', sessionId: 's-crashed', volumeId: 'vol-hv01-d', hostId: 'hv01', exposedOn: null, stage: 'planned', shadowIds: [], createdAt: at, updatedAt: at });
    store.close();

    const said: string[] = [];
    const ro = await createService({ dataDir: dir, host: { host: 'cli', version: VERSION }, access: 'read-only', onStartupLog: (_l, t) => said.push(t) });
    await ro.close();
    expect(said).toEqual([]);
    const after = new Store(join(dir, 'ferry.db'), 'read-only');
    expect(after.ledgerOpen().map((r) => r.snapshotId)).toEqual(['snap-crashed']);
    after.close();

    const owner = await createService({ dataDir: dir, host: { host: 'test', version: VERSION }, onStartupLog: (_l, t) => said.push(t) });
    await owner.close();
    expect(said.join('\n')).toMatch(/Cleaned up snapshot snap-crashed left behind by an interrupted session/);
  });
});
