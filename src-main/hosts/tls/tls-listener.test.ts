// A real TLS connection to the service: the certificate generated at first start and kept, pinned by the client on
// first connect, a changed certificate refused (E_CERT_CHANGED) before anything is sent, and accounts required.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FerryError } from '../../../src-shared/contract/errors';
import { createService, type Service } from '../../service/service';
import { VERSION } from '../../app-paths';
import { removeDir } from '../../testing/lab-service';
import { connectPinned } from '../../cli/pinned-client';
import { loadOrCreateServiceCert } from './service-cert';
import { startTlsListener, type TlsListener } from './tls-listener';

let dir: string;
let service: Service;
let listener: TlsListener;
const codeOf = (p: Promise<unknown>) => p.then(() => 'no error', (e: FerryError) => e.code);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-tls-'));
  service = await createService({ dataDir: dir, host: { host: 'test', version: VERSION }, labStepDelayMs: 0, scheduler: false });
  await service.accounts.add('otto', 'Operator', 'otto-operator-pw');
  const cert = await loadOrCreateServiceCert(dir);
  expect(cert.created).toBe(true);
  listener = await startTlsListener(service, cert, '127.0.0.1', 0);
});
afterAll(async () => {
  await listener.close();
  await service.close();
  removeDir(dir);
});

describe('the service over TLS', () => {
  it('keeps its certificate across starts, with the key owner-only', async () => {
    const again = await loadOrCreateServiceCert(dir);
    expect(again).toMatchObject({ created: false, fingerprint256: listener.fingerprint256 });
    expect(listener.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'service-tls', 'key.pem')).mode & 0o077).toBe(0);
  });

  it('pins on first connect, requires a login, and enforces the role over the wire', async () => {
    const pins = join(dir, 'pins.json');
    const first = await connectPinned('127.0.0.1', listener.port, pins);
    expect(first).toMatchObject({ pinnedNow: true, fingerprint256: listener.fingerprint256 });
    expect(JSON.parse(readFileSync(pins, 'utf8'))).toEqual({ [`127.0.0.1:${listener.port}`]: listener.fingerprint256 });
    expect(await codeOf(first.client.call('jobs.list', {}))).toBe('E_UNAUTHORIZED');
    expect(await codeOf(first.client.call('auth.login', { user: 'otto', password: 'wrong-password' }))).toBe('E_UNAUTHORIZED');
    await first.client.call('auth.login', { user: 'otto', password: 'otto-operator-pw' });
    expect(await first.client.call('auth.whoami', {})).toEqual({ user: 'otto', role: 'Operator', local: false });
    const spec = { name: 'Sneaky', vmIds: ['vm-web01'], repositoryId: 'repo-default', processing: { mode: 'on-host' as const } };
    expect(await codeOf(first.client.call('jobs.create', spec))).toBe('E_FORBIDDEN');
    expect(service.engine.store.listJobs()).toEqual([]);
    first.client.close();
    const second = await connectPinned('127.0.0.1', listener.port, pins);
    expect(second.pinnedNow).toBe(false);
    second.client.close();
  });

  it('refuses a changed certificate with E_CERT_CHANGED and keeps the pin', async () => {
    const pins = join(dir, 'pins-changed.json');
    (await connectPinned('127.0.0.1', listener.port, pins)).client.close();
    const port = listener.port;
    await listener.close();
    rmSync(join(dir, 'service-tls'), { recursive: true });
    const fresh = await loadOrCreateServiceCert(dir);
    expect(fresh.fingerprint256).not.toBe(listener.fingerprint256);
    const old = listener.fingerprint256;
    listener = await startTlsListener(service, fresh, '127.0.0.1', port);
    const refused = await connectPinned('127.0.0.1', port, pins).then(() => null, (e: FerryError) => e);
    expect(refused?.code).toBe('E_CERT_CHANGED');
    expect(refused?.message).toContain(old);
    expect(JSON.parse(readFileSync(pins, 'utf8'))).toEqual({ [`127.0.0.1:${port}`]: old });
  });
});
