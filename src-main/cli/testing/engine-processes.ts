// Process-level helpers for the engine lifecycle tests: `ferry serve` as a real child process, a client on its
// WebSocket, and the lab agent processes that run on behalf of a data folder (seen in /proc: Linux only).
import { readdirSync, readFileSync } from 'node:fs';
import type { FerryClient } from '../../../src-shared/contract/client';
import type { SessionView } from '../../../src-shared/domain';
import { readOwner } from '../../engine/data-folder/engine-owner';
import { connectToEngine } from '../remote-engine';
import { startCli, waitForOutput, type CliBundle, type CliRun } from './cli-bundle';

/** pids of `ferry agent` processes started for this data folder (their --lab-faults path is inside it). */
export function agentPids(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const args = cmdline.split('\0');
    if (args.includes('agent') && args.some((a) => a.startsWith(dataDir))) pids.push(Number(entry));
  }
  return pids;
}

/** Samples agentPids every 25 ms until stopped: every agent process that existed meanwhile. */
/**
 * Samples the folder's agent processes every 25 ms until stopped: every pid seen, and the most seen at once (what
 * "one agent per proxy" is about — a loaded machine may show an agent replaced, never two side by side).
 */
export function watchAgents(dataDir: string): { stop(): { pids: Set<number>; maxAtOnce: number } } {
  const pids = new Set<number>();
  let maxAtOnce = 0;
  const sample = () => {
    const now = agentPids(dataDir);
    now.forEach((p) => pids.add(p));
    maxAtOnce = Math.max(maxAtOnce, now.length);
  };
  sample();
  const timer = setInterval(sample, 25);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { pids, maxAtOnce };
    },
  };
}

/** Resolves once no agent process of the folder is left (rejects with their pids after timeoutMs). */
export async function agentsGone(dataDir: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const left = agentPids(dataDir);
    if (left.length === 0) return;
    if (Date.now() > end) throw new Error(`agent process(es) still running: ${left.join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Serve {
  run: CliRun;
  url: string;
  client: FerryClient;
}

/** `ferry serve` on the folder, ready, with a client on its WebSocket (found the way other ferry commands find it). */
export async function startServe(bundle: CliBundle, dataDir: string, stepDelayMs: number): Promise<Serve> {
  const run = startCli(bundle, ['serve', '--data', dataDir, '--port', '0', '--step-delay', String(stepDelayMs)]);
  const m = await waitForOutput(run, 'stdout', /ready: (http:\/\/127\.0\.0\.1:\d+)\/\?token=/);
  const owner = readOwner(dataDir);
  if (!owner?.endpoint) throw new Error(`ferry serve recorded no endpoint in ${dataDir}`);
  return { run, url: m[1], client: await connectToEngine(owner, owner.endpoint) };
}

/** Polls the session until `ready` holds for it (rejects when it ended first or after timeoutMs). */
export async function sessionWhen(c: FerryClient, id: string, ready: (s: SessionView) => boolean, timeoutMs = 60_000): Promise<SessionView> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { session } = await c.call('sessions.get', { id });
    if (ready(session)) return session;
    if (session.result !== 'Running') throw new Error(`session ended ${session.result} (${session.reason}) before the awaited state`);
    if (Date.now() > end) throw new Error(`session ${id} did not reach the awaited state within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const hasExposedSnapshot = (s: SessionView) => s.snapshots.some((snap) => snap.stage === 'exposed');
