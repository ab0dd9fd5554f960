// How one-shot CLI commands talk to the engine: a service on the data folder (no scheduler), a typed client over
// the in-memory transport, closed when the command is done — the same contract the console uses.
import { createClient, type FerryClient } from '../../src-shared/contract/client';
import { createMemoryTransport } from '../../src-shared/contract/memory-transport';
import type { TaskView } from '../../src-shared/domain';
import { createService, type Service } from '../service/service';
import type { CliIo } from './command';
import { VERSION, agentCommand } from '../app-paths';

export async function withClient<T>(dataDir: string, io: CliIo, fn: (c: FerryClient, s: Service) => Promise<T>): Promise<T> {
  const service = await createService({ dataDir, host: { host: 'cli', version: VERSION }, agentCommand: agentCommand(), scheduler: false, onStartupLog: (_l, t) => io.err(t) });
  const client = createClient(createMemoryTransport(service.connect));
  try {
    return await fn(client, service);
  } finally {
    client.close();
    await service.close();
  }
}

export async function waitTask(c: FerryClient, taskId: string): Promise<TaskView> {
  return new Promise<TaskView>((res) => {
    const finish = (t: TaskView) => {
      if (t.state === 'running') return;
      off();
      res(t);
    };
    const off = c.subscribe('task.updated', taskId, finish);
    // The task may have finished between start and subscribe.
    void c.call('tasks.get', { id: taskId }).then(finish);
  });
}
