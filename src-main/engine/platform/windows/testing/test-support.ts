// Test helpers: fixtures, golden files, a manual clock, deferred promises, and the scripted steps of the recorded
// scenario (shared by this folder's platform test and the orchestrator-through-Windows test).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../exec/clock';
import type { ServerReport } from '../discovery/inventory';
import { gateScript } from '../snapshot/gate-script';
import { DEFAULT_WORK_ROOT } from '../paths';
import { snapshotPaths } from '../snapshot/snapshot-paths';
import { parseServerFacts } from '../discovery/server-facts';
import { serverFactsPs } from '../discovery/ps-server-facts';
import { ok, psJson, type ScriptedStep } from './scripted-executor';

const HERE = dirname(fileURLToPath(import.meta.url));

export function transcript(name: string): string {
  return readFileSync(join(HERE, '__transcripts__', name), 'utf8');
}

/** A facts fixture as the snippet prints it: one "FERRY_JSON:" line. */
export function factsStdout(name: string): string {
  return `FERRY_JSON:${JSON.stringify(JSON.parse(transcript(name)))}\r\n`;
}

/**
 * Compares `text` byte for byte with __golden__/<name>. With UPDATE_GOLDEN=1 the file is (re)written instead,
 * so a deliberate script change is one command plus a review of the diff.
 */
export function expectGolden(name: string, text: string): void {
  const file = join(HERE, '__golden__', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`golden file ${name} missing; run with UPDATE_GOLDEN=1 and review it`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text, 'utf8');
    return;
  }
  const golden = readFileSync(file, 'utf8');
  if (golden !== text) {
    const a = golden.split('\n');
    const b = text.split('\n');
    const i = a.findIndex((line, k) => line !== b[k]);
    throw new Error(`${name} differs from its golden file at line ${i + 1}:\n  golden:    ${JSON.stringify(a[i])}\n  generated: ${JSON.stringify(b[i])}`);
  }
}

export function golden(name: string): string {
  return readFileSync(join(HERE, '__golden__', name), 'utf8');
}

/** Time moves only when someone sleeps; a sleep yields to the event loop once (macrotask). */
export class ManualClock implements Clock {
  sleeps: number[] = [];
  constructor(private t = Date.parse('2026-11-25T13:04:00.000Z')) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
    await new Promise((r) => setImmediate(r));
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The four recorded servers: 2-node cluster (HV01, HV02 with 5.1 pitfalls), standalone HV03, PROXY01. */
export function recordedReports(): ServerReport[] {
  return [
    { connectName: 'hv01.contoso.local', role: 'hyperv-host', facts: parseServerFacts(factsStdout('facts-hv01.json')) },
    { connectName: 'hv02.contoso.local', role: 'hyperv-host', facts: parseServerFacts(transcriptStdout('facts-hv02.pitfalls.json')) },
    { connectName: 'hv03.contoso.local', role: 'hyperv-host', facts: parseServerFacts(factsStdout('facts-hv03.json')) },
    { connectName: 'proxy01.contoso.local', role: 'server', facts: parseServerFacts(factsStdout('facts-proxy01.json')) },
  ];
}

/** The pitfalls fixture is kept exactly as 5.1 prints it (no re-serialization through JSON.stringify). */
export function transcriptStdout(name: string): string {
  return `WARNING: module loaded\r\nFERRY_JSON:${transcript(name).replace(/\n\s*/g, '')}\r\n`;
}


// The same snapshot the end-to-end platform test drives, so these goldens are also what it asserts.
export const SCENARIO = {
  snapshotId: 'snap-0001',
  label: 'snapshot snap-0001 of C:\\ClusterStorage\\Volume1\\ on hv01',
  volume: 'C:\\ClusterStorage\\Volume1\\',
  provider: '{781c006a-5829-4a25-81e3-d5e43bd005ab}',
  setId: '{4c1f2d7a-9b3e-4e8a-a6d1-2f5c7b9e0a13}',
  shadowId: '{9e0d4b6c-3a21-4f7e-b8c5-6d2a1e9f7c40}',
  holdSeconds: 24 * 3600 - 60,
  hostRecord: {
    ferry: 1,
    role: 'host',
    snapshotId: 'snap-0001',
    hostId: 'hv01',
    volumeId: 'csv-5f3a9c1e-7d2b-4e6f-9a08-3c4d5e6f7a81',
    volumePath: 'C:\\ClusterStorage\\Volume1\\',
    vmIds: ['3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b', '4a3b2c1d-6e5f-4071-9b8a-1d2e3f4a5b6c'],
    applicationConsistent: true,
    providerId: '{781c006a-5829-4a25-81e3-d5e43bd005ab}',
    alias: 'FERRY_VOL1',
    createdAt: '2026-11-25T13:04:00.000Z',
  },
  proxyRecord: {
    ferry: 1,
    role: 'proxy',
    snapshotId: 'snap-0001',
    hostId: 'hv01',
    setId: '{4c1f2d7a-9b3e-4e8a-a6d1-2f5c7b9e0a13}',
    shadowIds: ['{9e0d4b6c-3a21-4f7e-b8c5-6d2a1e9f7c40}'],
    importedAt: '2026-11-25T13:04:02.000Z',
  },
  /** a tiny "cab": MSCF magic + padding, enough for the checks */
  cabBase64: Buffer.from('MSCF\0\0\0\0ferry-test-cab', 'latin1').toString('base64'),
};
export const PATHS = snapshotPaths(DEFAULT_WORK_ROOT, SCENARIO.snapshotId);

export function scenarioCabSha256(): string {
  return createHash('sha256').update(Buffer.from(SCENARIO.cabBase64, 'base64')).digest('hex').toUpperCase();
}

export function scenarioGate(): string {
  return gateScript({ label: SCENARIO.label, dir: PATHS.dir, aliases: ['FERRY_VOL1'], holdSeconds: SCENARIO.holdSeconds });
}


// ---------- the recorded scenario as scripted executor steps ----------

export const HV01 = 'hv01.contoso.local';
export const HV02 = 'hv02.contoso.local';
export const HV03 = 'hv03.contoso.local';
export const PROXY = 'proxy01.contoso.local';
/** CSV1 of the HV01/HV02 cluster, owned by HV01; APP01 and SQL01 live on it */
export const CSV1 = 'csv-5f3a9c1e-7d2b-4e6f-9a08-3c4d5e6f7a81';
export const APP01 = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
export const SQL01 = '4a3b2c1d-6e5f-4071-9b8a-1d2e3f4a5b6c';
/** what read-cab.ps1 returns for the scenario's .cab */
export const CAB = { length: Buffer.from(SCENARIO.cabBase64, 'base64').length, sha256: scenarioCabSha256(), base64: SCENARIO.cabBase64 };

/** One inventory probe per configured server, in configuration order. */
export function inventorySteps(): ScriptedStep[] {
  const hostProbe = serverFactsPs({ includeVms: true });
  return [
    { label: 'facts hv01', program: 'powershell', server: HV01, script: hostProbe, reply: ok(factsStdout('facts-hv01.json')) },
    { label: 'facts hv02', program: 'powershell', server: HV02, script: hostProbe, reply: ok(transcriptStdout('facts-hv02.pitfalls.json')) },
    { label: 'facts hv03', program: 'powershell', server: HV03, script: hostProbe, reply: ok(factsStdout('facts-hv03.json')) },
    { label: 'facts proxy01', program: 'powershell', server: PROXY, script: serverFactsPs({ includeVms: false }), reply: ok(factsStdout('facts-proxy01.json')) },
  ];
}

/** Host session that stays open until the release flag is written (the gate), then returns `finalTranscript`. */
export function heldSession(finalTranscript = 'host-create.success.txt'): { session: ScriptedStep; release: ScriptedStep } {
  const released = deferred<void>();
  const session: ScriptedStep = {
    label: 'host session (DiskShadow create … exec gate … end backup)',
    program: 'diskshadow',
    server: HV01,
    script: golden('host-create.app-consistent.dsh'),
    reply: async () => {
      await released.promise;
      return ok(transcript(finalTranscript));
    },
  };
  const release: ScriptedStep = {
    label: 'release gate',
    program: 'powershell',
    server: HV01,
    script: golden('signal-release.ps1'),
    reply: () => {
      released.resolve();
      return psJson({ state: 'signalled' });
    },
  };
  return { session, release };
}

/** Prepare the host folder, start the held session, poll created.txt twice (one clock sleep in between). */
export function createSteps(session: ScriptedStep): ScriptedStep[] {
  return [
    { label: 'prepare host folder + gate', program: 'powershell', server: HV01, script: golden('prepare-host.ps1'), reply: psJson({ prepared: true }) },
    session,
    { label: 'poll created.txt (not yet)', program: 'powershell', server: HV01, script: golden('read-gate-state.ps1'), reply: psJson({ created: null }) },
    { label: 'poll created.txt (written)', program: 'powershell', server: HV01, script: golden('read-gate-state.ps1'), reply: psJson({ created: transcript('gate-created.txt') }) },
  ];
}

export function importSteps(importTranscript = 'proxy-import.success.txt'): ScriptedStep[] {
  return [
    { label: 'read .cab on host', program: 'powershell', server: HV01, script: golden('read-cab.ps1'), reply: psJson(CAB) },
    { label: 'write .cab on proxy', program: 'powershell', server: PROXY, script: golden('write-proxy-cab.ps1'), reply: psJson({ length: CAB.length }) },
    { label: 'import on proxy', program: 'diskshadow', server: PROXY, script: golden('proxy-import.dsh'), reply: ok(transcript(importTranscript)) },
  ];
}

export function exposeSteps(exposeTranscript = 'proxy-expose.success.txt'): ScriptedStep[] {
  return [
    { label: 'prepare mount folder', program: 'powershell', server: PROXY, script: golden('mount-prepare.ps1'), reply: psJson({ state: 'created' }) },
    { label: 'expose on proxy', program: 'diskshadow', server: PROXY, script: golden('expose.dsh'), reply: ok(transcript(exposeTranscript)) },
  ];
}

/** Removing the snapshot's work folders on one server (host and proxy run the same script). */
export function cleanupStep(label: string, server: string, removed: string[]): ScriptedStep {
  return { label, program: 'powershell', server, script: golden('remove-work.proxy.ps1'), reply: psJson({ removed, kept: [] }) };
}

/**
 * The goldens are written for SCENARIO.snapshotId; an engine-chosen id (the orchestrator's) differs. Exact script
 * matchers become "equal once the real id is replaced by the scenario's", so the goldens still pin every byte else.
 */
export function forSnapshotId(steps: ScriptedStep[], currentId: () => string): ScriptedStep[] {
  return steps.map((step) => {
    const expected = step.script;
    if (typeof expected !== 'string') return step;
    return {
      ...step,
      script: (script: string) => {
        const id = currentId();
        return (id ? script.split(id).join(SCENARIO.snapshotId) : script) === expected;
      },
    };
  });
}
