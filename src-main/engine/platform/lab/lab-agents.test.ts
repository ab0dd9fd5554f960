// One agent process per lab proxy: tasks that ask for the proxy's agent at the same moment share one process, and a
// stop that comes while it starts leaves none behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../secrets/secret-store';
import type { AgentLauncher, LaunchedAgent } from './agent-launcher';
import { LabAgents } from './lab-agents';

interface FakeAgent extends LaunchedAgent {
  killed: boolean;
}

/** A launcher whose agents say they are ready on the next tick, and remember whether they were stopped. */
function fakeLauncher(): AgentLauncher & { launched: FakeAgent[] } {
  const launched: FakeAgent[] = [];
  return {
    stdinLifeline: true,
    launched,
    launch() {
      const stdout = new PassThrough();
      const exits: Array<(why: string) => void> = [];
      const agent: FakeAgent = {
        stdout,
        killed: false,
        alive: () => !agent.killed,
        kill() {
          agent.killed = true;
          for (const cb of exits) cb('SIGTERM');
        },
        onExit: (cb) => void exits.push(cb),
        onError: () => undefined,
      };
      launched.push(agent);
      setImmediate(() => stdout.write(`FERRY_AGENT_READY port=${6000 + launched.length}\n`));
      return agent;
    },
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function installedAgents() {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-lab-agents-'));
  dirs.push(dir);
  const launcher = fakeLauncher();
  const agents = new LabAgents(dir, new FileSecretStore(join(dir, 'secrets')), launcher);
  await agents.install('proxy01', 'PROXY01');
  return { agents, launcher };
}

describe('LabAgents', () => {
  it('starts one agent for tasks that ask for it at the same time', async () => {
    const { agents, launcher } = await installedAgents();
    const endpoints = await Promise.all([1, 2, 3, 4].map(() => agents.endpoint('proxy01', 'PROXY01')));
    expect(launcher.launched).toHaveLength(1);
    expect(new Set(endpoints.map((e) => e?.port))).toEqual(new Set([6001]));
    agents.stopAll();
    expect(launcher.launched.every((a) => a.killed)).toBe(true);
  });

  it('a stop while the agent starts leaves no process running', async () => {
    const { agents, launcher } = await installedAgents();
    const starting = agents.endpoint('proxy01', 'PROXY01');
    agents.stop('proxy01');
    await starting.catch(() => undefined);
    expect(launcher.launched.filter((a) => !a.killed)).toHaveLength(0);
    expect(agents.running).toBe(0);
  });

  it('starts a new agent after the previous one exited', async () => {
    const { agents, launcher } = await installedAgents();
    await agents.endpoint('proxy01', 'PROXY01');
    agents.kill('proxy01');
    expect((await agents.endpoint('proxy01', 'PROXY01'))?.port).toBe(6002);
    expect(launcher.launched.map((a) => a.killed)).toEqual([true, false]);
    agents.stopAll();
  });
});
