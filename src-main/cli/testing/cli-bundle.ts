// Process-level CLI tests: a bundle of the `ferry` CLI of this checkout, run as real child processes (kills,
// exits and lingering only show in a real process). Each test file builds its own bundle under out/ (next to
// node_modules, so packages resolve), never one another run is rebuilding.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../../..');

export interface CliBundle {
  dir: string;
  /** absolute path of the bundled cli.js */
  cli: string;
  dispose(): Promise<void>;
}

export async function buildCliBundle(prefix: string): Promise<CliBundle> {
  const dir = await mkdtemp(join(root, 'out', prefix));
  await build({
    entryPoints: { cli: join(root, 'src-main/cli/main.ts'), 'block-worker': join(root, 'src-main/engine/datamover/block-worker.ts') },
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return { dir, cli: join(dir, 'cli.js'), dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface CliRun {
  child: ChildProcess;
  /** resolves when the process has exited (and is reaped) */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string; ms: number }>;
  /** stderr so far */
  err(): string;
  /** stdout so far */
  out(): string;
}

/** Starts `ferry ARGS` as a child process of the current Node. */
export function startCli(bundle: CliBundle, args: string[], opts: { cwd?: string } = {}): CliRun {
  const started = performance.now();
  const child = spawn(process.execPath, [bundle.cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string; ms: number }>((res, rej) => {
    child.on('error', rej);
    child.on('close', (code, signal) => res({ code, signal, out, err, ms: performance.now() - started }));
  });
  return { child, done, err: () => err, out: () => out };
}

/** Resolves once stderr matches `pattern` (rejects if the process ends first). */
export function waitForStderr(run: CliRun, pattern: RegExp): Promise<void> {
  return waitForOutput(run, 'stderr', pattern).then(() => undefined);
}

/** Resolves with the match once stdout or stderr matches `pattern` (rejects if the process ends first). */
export function waitForOutput(run: CliRun, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<RegExpExecArray> {
  const text = stream === 'stdout' ? run.out : run.err;
  const emitter = stream === 'stdout' ? run.child.stdout! : run.child.stderr!;
  return new Promise((res, rej) => {
    const check = () => {
      const m = pattern.exec(text());
      if (m) {
        emitter.off('data', check);
        res(m);
      }
    };
    emitter.on('data', check);
    void run.done.then((r) => rej(new Error(`process ended (exit ${r.code}) before ${pattern}: ${r.out}\n${r.err}`)));
    check();
  });
}
