// Test helper: a real service on a fresh lab in a temp folder, with a typed client over the memory transport.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type FerryClient } from '../../src-shared/contract/client';
import { createMemoryTransport } from '../../src-shared/contract/memory-transport';
import type { SessionView } from '../../src-shared/domain';
import { createService, type Service } from '../service/service';
import { VERSION, agentCommand } from '../app-paths';

export interface LabHarness {
  dir: string;
  service: Service;
  client: FerryClient;
  close(): Promise<void>;
}

export async function startLabService(dir = mkdtempSync(join(tmpdir(), 'ferry-test-'))): Promise<LabHarness> {
  const service = await createService({ dataDir: dir, host: { host: 'test', version: VERSION }, labStepDelayMs: 0, agentCommand: agentCommand() });
  const client = createClient(createMemoryTransport(service.connect));
  return {
    dir,
    service,
    client,
    async close() {
      client.close();
      await service.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Adds PROXY01 as off-host proxy and waits for the install task. */
export async function addProxy(c: FerryClient, serverId = 'proxy01', maxTasks = 2): Promise<string> {
  const { taskId } = await c.call('proxies.create', { serverId, maxTasks });
  const t = await waitTask(c, taskId);
  if (t.state !== 'succeeded') throw new Error(`proxy install failed: ${t.error?.message}`);
  return String(t.result?.proxyId);
}

export async function waitTask(c: FerryClient, id: string) {
  for (;;) {
    const t = await c.call('tasks.get', { id });
    if (t.state !== 'running') return t;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function waitSession(c: FerryClient, id: string, timeoutMs = 60_000): Promise<SessionView> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { session } = await c.call('sessions.get', { id });
    if (session.result !== 'Running') return session;
    if (Date.now() > end) throw new Error(`session ${id} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** How tests start the bundled CLI (`[node, out/main/cli.js]`), for agent and kill tests. */
export { agentCommand } from '../app-paths';
