// How one-shot CLI commands talk to the engine, always through the contract the console uses. One engine owns a data
// folder, so a command first looks whether one runs there:
//  - `ferry serve` runs: every command goes through it (its WebSocket, with the address and token it recorded);
//  - another engine runs that cannot be reached (the Ferry app, another ferry command): a read command opens the
//    store read-only (no recovery, nothing changed); a command that changes something is refused (E_ENGINE_BUSY);
//  - none runs: a read command opens the store read-only; a command that changes something becomes the folder's
//    engine for its duration (it takes the lock, recovers after a crash, runs no schedules), stops on Ctrl-C/SIGTERM.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type FerryClient } from '../../src-shared/contract/client';
import { createMemoryTransport } from '../../src-shared/contract/memory-transport';
import type { TaskView } from '../../src-shared/domain';
import { dataFolderBusy, probeDataFolder, type EngineOwner } from '../engine/facade/engine';
import { createService, type Service } from '../service/service';
import type { CliIo } from './command';
import { VERSION, agentCommand } from '../app-paths';
import { connectToEngine } from './remote-engine';
import { StopSignals } from './stop-signals';

/** read: only the contract's queries (lists, gets); write: anything that changes, starts or reaches something. */
export type CommandAccess = 'read' | 'write';

export interface ClientUse {
  access: CommandAccess;
  /** how the command is named to others who find the folder taken, e.g. "ferry job run" */
  command: string;
}

/** Where the command's requests went: this process's own engine, a read-only look, or the engine that owns the folder. */
export type EngineVia = { kind: 'own' } | { kind: 'read-only' } | { kind: 'remote'; owner: EngineOwner };

export async function withClient<T>(dataDir: string, io: CliIo, use: ClientUse, fn: (c: FerryClient, via: EngineVia) => Promise<T>): Promise<T> {
  const probe = probeDataFolder(dataDir);
  if (probe.running) {
    const endpoint = probe.owner?.endpoint;
    if (probe.owner && endpoint) {
      const client = await connectToEngine(probe.owner, endpoint);
      try {
        return await fn(client, { kind: 'remote', owner: probe.owner });
      } finally {
        client.close();
      }
    }
    if (use.access === 'write') throw dataFolderBusy(dataDir, `${use.command} changes it, so it can only run in that engine`);
    return readOnly(dataDir, io, fn);
  }
  // A folder never opened has no store to read: the first command creates it (and the lab), as the folder's engine.
  if (use.access === 'read' && existsSync(join(dataDir, 'ferry.db'))) return readOnly(dataDir, io, fn);
  return ownEngine(dataDir, io, use.command, fn);
}

async function readOnly<T>(dataDir: string, io: CliIo, fn: (c: FerryClient, via: EngineVia) => Promise<T>): Promise<T> {
  const service = await createService({ dataDir, host: { host: 'cli', version: VERSION }, access: 'read-only', onStartupLog: (_l, t) => io.err(t) });
  return withService(service, () => service.close(), (c) => fn(c, { kind: 'read-only' }));
}

async function ownEngine<T>(dataDir: string, io: CliIo, command: string, fn: (c: FerryClient, via: EngineVia) => Promise<T>): Promise<T> {
  const signals = new StopSignals(io);
  try {
    const service = await createService({
      dataDir,
      host: { host: 'cli', version: VERSION },
      command,
      agentCommand: agentCommand(),
      scheduler: false,
      onStartupLog: (_l, t) => io.err(t),
    });
    // One close, whoever asks first: a signal (its graceful stop lets a running `job run` end Stopped), or the command.
    let closing: Promise<void> | null = null;
    void signals.requested.then((stop) => (closing ??= service.close(stop)));
    return await withService(service, () => (closing ??= service.close()), (c) => fn(c, { kind: 'own' }));
  } finally {
    signals.dispose();
  }
}

async function withService<T>(service: Service, close: () => Promise<void>, fn: (c: FerryClient) => Promise<T>): Promise<T> {
  const client = createClient(createMemoryTransport(service.connect));
  try {
    return await fn(client);
  } finally {
    client.close();
    await close();
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
