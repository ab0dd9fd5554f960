// Lab proxy agents in the Electron app: each is a utilityProcess running the bundled CLI (`ferry agent`), so the
// data moves through the same TLS agent path as with the web host — the packaged binary cannot run as Node
// (runAsNode is fused off), and a utility process needs no such fuse. It ends with the app, so the agent does
// not watch its stdin (no --exit-with-parent).
import { utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentLauncher } from '../../engine/platform/lab/agent-launcher';

export function utilityAgentLauncher(appRoot: string): AgentLauncher | null {
  const cli = join(appRoot, 'out', 'main', 'cli.js');
  if (!existsSync(cli)) return null;
  return {
    stdinLifeline: false,
    launch(args) {
      const child = utilityProcess.fork(cli, args, { stdio: ['ignore', 'pipe', 'inherit'], serviceName: 'Ferry lab agent' });
      let exited = false;
      child.once('exit', () => (exited = true));
      return {
        stdout: child.stdout,
        alive: () => !exited,
        // a utility process has one way to end: kill() (SIGTERM on POSIX, TerminateProcess on Windows)
        kill: () => void child.kill(),
        onExit: (cb) => void child.once('exit', (code) => cb(`exit code ${code}`)),
        onError: (cb) => void child.once('error', (type, location) => cb(new Error(`${type} at ${location}`))),
      };
    },
  };
}
