// Helpers for this folder's tests only: fixtures, golden files, a manual clock, deferred promises.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from './clock';
import type { ServerReport } from './inventory';
import { gateScript } from './gate-script';
import { DEFAULT_WORK_ROOT, snapshotPaths } from './paths';
import { parseServerFacts } from './server-facts';

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

