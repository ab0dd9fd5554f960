// How the lab starts a proxy's `ferry agent` process. Plain Node hosts (web host, CLI, tests) spawn a child
// process; the Electron app, whose packaged binary cannot run as Node (runAsNode is fused off), forks a
// utilityProcess through a launcher the Electron host supplies — the engine never imports electron.
import { spawn } from 'node:child_process';

export interface LaunchedAgent {
  /** where the agent prints `FERRY_AGENT_READY port=N` */
  readonly stdout: NodeJS.ReadableStream | null;
  /** true until the process has exited */
  alive(): boolean;
  kill(hard: boolean): void;
  onExit(cb: (why: string) => void): void;
  onError(cb: (e: Error) => void): void;
}

export interface AgentLauncher {
  /** true: the agent gets `--exit-with-parent` and watches its stdin (the launcher keeps it open) */
  readonly stdinLifeline: boolean;
  launch(args: string[]): LaunchedAgent;
}

/** `command` + args, e.g. [process.execPath, out/main/cli.js]. */
export function spawnLauncher(command: string[]): AgentLauncher {
  const [file, ...pre] = command;
  return {
    // stdin stays open as a lifeline: when the console dies (even SIGKILL), the agent sees EOF and exits.
    stdinLifeline: true,
    launch(args) {
      const child = spawn(file, [...pre, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
      return {
        stdout: child.stdout,
        alive: () => child.exitCode === null && child.signalCode === null,
        kill: (hard) => void child.kill(hard ? 'SIGKILL' : 'SIGTERM'),
        onExit: (cb) => void child.once('exit', (code, sig) => cb(String(sig ?? code))),
        onError: (cb) => void child.once('error', cb),
      };
    },
  };
}

/** The agent command option as hosts give it: a command line, a launcher, or null (no agent processes). */
export type AgentCommand = string[] | AgentLauncher | null;

export function toLauncher(command: AgentCommand): AgentLauncher | null {
  if (command === null) return null;
  return Array.isArray(command) ? spawnLauncher(command) : command;
}
