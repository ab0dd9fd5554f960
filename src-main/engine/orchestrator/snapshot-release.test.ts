// The snapshot is released on every path: whichever step throws, nothing is left on the (lab) SAN,
// the session says what happened, no restore point pretends to be complete, and the next run succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addProxy, removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';
import type { LabFaultStep } from '../platform/lab/faults';

let h: LabHarness;
let jobId: string;
beforeAll(async () => {
  h = await startLabService();
  await addProxy(h.client);
  const job = await h.client.call('jobs.create', {
    name: 'Faults',
    vmIds: ['vm-dc01'],
    repositoryId: 'repo-default',
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: false },
    // an injected fault fires once: a retry would succeed and hide the failure path under test
    retries: { count: 0, intervalSec: 0 },
  });
  jobId = job.id;
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

const run = async () => waitSession(h.client, (await h.client.call('jobs.start', { id: jobId })).sessionId);

describe('snapshot release on every failure path', () => {
  const cases: Array<[LabFaultStep, string]> = [
    ['create', 'E_SNAPSHOT_FAILED'],
    ['import', 'E_IMPORT_FAILED'],
    ['expose', 'E_EXPOSE_FAILED'],
    ['read', 'read'],
    ['write', 'write'],
  ];
  for (const [step, text] of cases) {
    it(`a ${step} fault fails the VM, releases the snapshot and leaves no restore point`, async () => {
      const before = (await h.client.call('restorePoints.list', { jobId })).length;
      h.service.engine.lab!.faults.inject(step);
      const s = await run();
      expect(s.result).toBe('Failed');
      expect(s.vms[0].status).toBe('Failed');
      expect(s.reason).toMatch(new RegExp(`injected ${step} fault|${text}`));
      expect(s.snapshots[0].stage).toBe('deleted');
      // A snapshot step failing marks the snapshot failed; a data-path fault fails only the disk.
      const stages = s.snapshots[0].history.map((x) => x.stage);
      if (['create', 'import', 'expose'].includes(step)) expect(stages).toContain('failed');
      else expect(stages).toEqual(['planned', 'created', 'imported', 'exposed', 'released', 'deleted']);
      expect(h.service.engine.lab!.snapshotsOnSan()).toEqual([]);
      expect(h.service.engine.store.ledgerOpen()).toEqual([]);
      expect((await h.client.call('restorePoints.list', { jobId })).length).toBe(before);
      const log = (await h.client.call('sessions.get', { id: s.id })).log;
      expect(log.some((l) => l.level === 'error' && l.text.includes(`injected ${step} fault`))).toBe(true);
    });
  }

  it('a stop mid-run releases the snapshot and records Stopped', async () => {
    const lab = h.service.engine.lab!;
    const expose = lab.exposeSnapshot.bind(lab);
    const { sessionId } = await h.client.call('jobs.start', { id: jobId });
    lab.exposeSnapshot = async (snap, server, log) => {
      await h.client.call('sessions.stop', { id: sessionId });
      return expose(snap, server, log);
    };
    const s = await waitSession(h.client, sessionId);
    lab.exposeSnapshot = expose;
    expect(s.result).toBe('Stopped');
    expect(s.snapshots[0].stage).toBe('deleted');
    expect(lab.snapshotsOnSan()).toEqual([]);
  });

  it('after all that, the next run succeeds', async () => {
    const s = await run();
    expect(s.result).toBe('Success');
  });

  it('a failed release stays in the ledger and is cleaned at the next start', async () => {
    h.service.engine.lab!.faults.inject('delete');
    const s = await run();
    expect(s.snapshots[0].stage).not.toBe('deleted');
    expect(h.service.engine.store.ledgerOpen()).toHaveLength(1);
    expect(h.service.engine.lab!.snapshotsOnSan()).toHaveLength(1);
    await h.close();
    // "Restart": a new service on the same data folder runs recovery before anything else.
    h = await startLabService(h.dir);
    expect(h.service.engine.store.ledgerOpen()).toEqual([]);
    expect(h.service.engine.lab!.snapshotsOnSan()).toEqual([]);
  });
});
