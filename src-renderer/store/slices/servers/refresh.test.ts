// The host announces server and credential changes as app.changed('inventory'): the lists that depend on them
// must be refetched with it, and a removal refreshes what it touched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventHandler, FerryClient, MethodName, TopicName } from '../../../../src-shared/contract';
import { setClient } from '../../../backend/client';
import { createStatusCell } from '../../../backend/status';
import { inventory } from '../../../test/fixtures';
import { backupAdmin, managedServers } from '../../../test/serverFixtures';
import { connectStore } from '../../live-updates';
import { getFerryState, resetFerryStore } from '../../index';

function recordingClient() {
  const calls: MethodName[] = [];
  const handlers = new Map<string, (payload: unknown, seq: number) => void>();
  const answers: Partial<Record<MethodName, unknown>> = {
    'servers.list': managedServers,
    'credentials.list': [backupAdmin],
    'inventory.get': inventory,
    'servers.remove': { ok: true },
  };
  const client: FerryClient = {
    call: ((method: MethodName) => {
      calls.push(method);
      return method in answers ? Promise.resolve(answers[method]) : Promise.resolve([]);
    }) as FerryClient['call'],
    subscribe<T extends TopicName>(topic: T, key: string, handler: EventHandler<T>) {
      handlers.set(`${topic}/${key}`, handler as (payload: unknown, seq: number) => void);
      return () => handlers.delete(`${topic}/${key}`);
    },
    close: () => undefined,
  };
  return { client, calls, emit: (what: string) => handlers.get('app.changed/*')?.({ what }, 1) };
}

const settle = () => new Promise((r) => setTimeout(r, 300)); // past live-updates' 200 ms refetch debounce

describe('servers and credentials stay current', () => {
  beforeEach(() => resetFerryStore());
  afterEach(() => setClient(null));

  it('connecting loads them; app.changed(inventory) refetches inventory, servers and credentials once', async () => {
    const fake = recordingClient();
    setClient(fake.client);
    const stop = connectStore(createStatusCell({ kind: 'connected' }));
    await settle();
    expect(getFerryState().servers.data.map((s) => s.name)).toEqual(['HV01', 'CLU01', 'PROXY01']);
    expect(getFerryState().credentials.data.map((c) => c.user)).toEqual(['LAB\\backup-admin']);

    fake.calls.length = 0;
    fake.emit('inventory');
    fake.emit('inventory'); // a burst refetches once
    await settle();
    expect([...fake.calls].sort()).toEqual(['credentials.list', 'inventory.get', 'servers.list']);
    stop();
  });

  it('removing a server refreshes the servers, the inventory and credential usage', async () => {
    const fake = recordingClient();
    setClient(fake.client);
    await getFerryState().removeServer('hv01');
    expect(fake.calls[0]).toBe('servers.remove');
    expect(fake.calls.slice(1).sort()).toEqual(['credentials.list', 'inventory.get', 'servers.list']);
  });
});
