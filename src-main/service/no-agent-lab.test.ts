// The Electron app cannot start agent processes (runAsNode is fused off): the lab then moves a proxy's
// tasks in the console process, and off-host jobs still work end to end.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src-shared/contract/client';
import { createMemoryTransport } from '../../src-shared/contract/memory-transport';
import { createService } from './service';
import { addProxy, removeDir, waitSession } from '../testing/lab-service';

const dir = mkdtempSync(join(tmpdir(), 'ferry-noagent-'));
afterAll(() => removeDir(dir));

describe('lab without agent processes', () => {
  it('runs an off-host job with the data mover in-process', async () => {
    const service = await createService({ dataDir: dir, host: { host: 'test', version: '0.1.0' }, agentCommand: null, scheduler: false });
    const c = createClient(createMemoryTransport(service.connect));
    try {
      await addProxy(c);
      const job = await c.call('jobs.create', { name: 'NoAgent', vmIds: ['vm-web02'], repositoryId: 'repo-default', processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: false } });
      const s = await waitSession(c, (await c.call('jobs.start', { id: job.id })).sessionId);
      expect(s.result, s.reason).toBe('Success');
      expect(s.vms[0]).toMatchObject({ processingMode: 'off-host', proxyServerId: 'proxy01' });
    } finally {
      c.close();
      await service.close();
    }
  });
});
