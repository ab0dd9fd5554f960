// `ferry` command line. Every command validates its arguments first and changes nothing on bad input.
// Exit codes: 0 success, 1 the operation failed (job failed, verify found damage), 2 usage error.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { LogLine, SessionView } from '../../src-shared/domain';
import { ensureLab } from '../engine/platform/lab/create-lab';
import { labAccountLines } from '../engine/platform/lab/topology';
import { createService } from '../service/service';
import { defaultDataDir } from './data-dir';
import { VERSION, agentCommand, defaultAgentPackageDir, rendererDir } from './paths';
import { agentCommandSpec } from './agent-command';
import { UsageError } from './usage';
import { diskCommands } from './disk-commands';
import { serverCommands } from './server-commands';
import { findJob, findRestorePoint, jobCommands } from './job-commands';
import { fmtBytes } from '../engine/util/format';
import { waitTask, withClient } from './service-client';
import type { TtyOut } from './progress';
import { startWebHost } from '../hosts/web/web-host';
import { PLATFORM_KINDS, type PlatformKind } from '../engine/platform/create-platform';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** stderr when it is a terminal: long operations draw a progress bar there instead of plain lines */
  tty?: TtyOut;
  /** a secret typed or piped on stdin (ferry credential add); absent = no stdin to read */
  readSecret?: () => Promise<string>;
}

export { UsageError };

export interface Command {
  usage: string;
  summary: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  positionals?: number;
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }, io: CliIo): Promise<number>;
}

const dataOpt = { data: { type: 'string' as const } };
const dataDirOf = (v: Record<string, unknown>): string => resolve(typeof v.data === 'string' ? v.data : defaultDataDir());


export const commands: Record<string, Command> = {
  agent: agentCommandSpec,
  ...diskCommands,
  ...serverCommands,
  ...jobCommands,
  'lab init': {
    usage: 'ferry lab init [--data DIR] [--extra-vms N]',
    summary: 'Create a fresh lab (simulated Hyper-V hosts, cluster, SAN, proxies; real VHDX disks) in DIR',
    options: { ...dataOpt, 'extra-vms': { type: 'string' } },
    async run({ values }, io) {
      const extraVms = values['extra-vms'] === undefined ? 0 : parseIntArg('--extra-vms', values['extra-vms'], 0, 1000);
      const dir = dataDirOf(values);
      // an existing lab from an older version gains the servers added since (ensureLab completes it, once)
      const { created, added } = await ensureLab(dir, { extraVms });
      io.out(created ? `Created a fresh lab in ${dir}` : added.length ? `Completed the lab in ${dir}: added ${added.join(', ')}` : `A lab already exists in ${dir}; nothing changed`);
      io.out('Lab accounts (HV03 and PROXY04 are workgroup servers to add in the console: Backup Infrastructure → Add server):');
      for (const line of labAccountLines()) io.out(line);
      return 0;
    },
  },
  serve: {
    usage: 'ferry serve [--data DIR] [--port N] [--step-delay MS] [--platform lab|windows] [--agent-package DIR]',
    summary: 'Run the console as a web host on 127.0.0.1 and print its URL with the access token',
    options: { ...dataOpt, port: { type: 'string' }, 'step-delay': { type: 'string' }, platform: { type: 'string' }, 'agent-package': { type: 'string' } },
    async run({ values }, io) {
      const port = values.port === undefined ? 0 : parseIntArg('--port', values.port, 0, 65535);
      const delay = values['step-delay'] === undefined ? 400 : parseIntArg('--step-delay', values['step-delay'], 0, 60_000);
      // default: the platform the data folder was used with, else the lab
      const platform = values.platform === undefined ? undefined : parsePlatformArg(values.platform);
      // windows: the agent package proxies get (npm run dist:agent); else platform.json's, else this checkout's release/agent
      const agentPackageDir = values['agent-package'] === undefined ? undefined : parseAgentPackageArg(values['agent-package']);
      const dataDir = dataDirOf(values);
      const service = await createService({
        dataDir,
        host: { host: 'web', version: VERSION },
        labStepDelayMs: delay,
        agentCommand: agentCommand(),
        platform,
        agentPackageDir,
        defaultAgentPackageDir: defaultAgentPackageDir(),
        onStartupLog: (_l, t) => io.out(t),
      });
      const host = await startWebHost({ service, staticDir: rendererDir(), port });
      io.out(`Data folder: ${dataDir}`);
      io.out(`Platform: ${service.engine.platform.kind}`);
      io.out(`Ferry console (web host) ready: ${host.url}`);
      await new Promise<void>((res) => {
        const stop = () => res();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await service.close();
      return 0;
    },
  },
  'job list': {
    usage: 'ferry job list [--data DIR]',
    summary: 'List backup jobs with their processing mode and last result',
    options: dataOpt,
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, async (c) => {
        const jobs = await c.call('jobs.list', {});
        if (jobs.length === 0) io.out('No jobs yet. Create one in the console (Home → New backup job).');
        for (const j of jobs) {
          const p = j.spec.processing;
          const mode = p.mode === 'on-host' ? 'on-host' : `off-host (${p.proxySelection}${p.failoverToOnHost ? ', failover to on-host' : ''})`;
          io.out(`${j.spec.name}\t${j.spec.vmIds.length} VM(s)\t${mode}\t${j.lastResult ?? 'never run'}`);
        }
        return 0;
      });
    },
  },
  'job run': {
    usage: 'ferry job run NAME [--active-full] [--data DIR]',
    summary: 'Run a job now (--active-full: read every disk in full), print its progress, exit non-zero unless it succeeds (Success or Warning)',
    options: { ...dataOpt, 'active-full': { type: 'boolean' as const } },
    positionals: 1,
    async run({ values, positionals }, io) {
      return withClient(dataDirOf(values), io, async (c) => {
        const job = findJob(await c.call('jobs.list', {}), positionals[0]);
        // a line about a VM says whose it is, as the console does ([VM]): the engine does not repeat the name
        const vmNames = new Map((await c.call('inventory.get', {})).vms.map((v) => [v.id, v.name]));
        const { sessionId } = await c.call('jobs.start', { id: job.id, activeFull: values['active-full'] === true });
        let lastLogSeq = 0;
        let lastPct = -1;
        const printLines = (lines: LogLine[]) =>
          lines.filter((l) => l.seq > lastLogSeq).forEach((l) => {
            lastLogSeq = l.seq;
            const vm = l.vmId ? `[${vmNames.get(l.vmId) ?? l.vmId}] ` : '';
            io.out(`${l.at.slice(11, 19)} ${l.level.padEnd(7)} ${vm}${l.text}`);
          });
        const done = new Promise<SessionView>((res) => {
          c.subscribe('session.log', sessionId, (p) => printLines(p.lines));
          c.subscribe('session.state', sessionId, (v) => {
            const pct = Math.floor(v.progress * 100);
            if (v.result === 'Running' && pct >= lastPct + 10) {
              lastPct = pct;
              io.out(`progress ${pct}%`);
            }
            if (v.result !== 'Running') res(v);
          });
          // Subscribed first, then the snapshot: nothing said before the subscription is lost.
          void c.call('sessions.get', { id: sessionId }).then((snap) => {
            printLines(snap.log);
            if (snap.session.result !== 'Running') res(snap.session);
          });
        });
        const view = await done;
        io.out(`Result: ${view.result} — ${view.reason}${view.restorePointId ? ` (restore point ${view.restorePointId})` : ''}`);
        return view.result === 'Success' || view.result === 'Warning' ? 0 : 1;
      });
    },
  },
  verify: {
    usage: 'ferry verify --job NAME [--point ID] [--data DIR]',
    summary: "Re-read and re-hash a job's latest (or the given) restore point (also of a deleted job whose points were kept)",
    options: { ...dataOpt, job: { type: 'string' }, point: { type: 'string' } },
    async run({ values }, io) {
      const name = requireString('--job', values.job);
      return withClient(dataDirOf(values), io, async (c) => {
        const point = await findRestorePoint(c, name, typeof values.point === 'string' ? values.point : undefined);
        const { taskId } = await c.call('restorePoints.verify', { id: point.id });
        const final = await waitTask(c, taskId);
        io.out(`${point.id}: ${String(final.result?.summary ?? final.error?.message)}`);
        return final.state === 'succeeded' && final.result?.ok === true ? 0 : 1;
      });
    },
  },
  restore: {
    usage: 'ferry restore --job NAME --vm VM --disk N --out FILE [--point ID] [--data DIR]',
    summary: 'Restore one disk of a restore point to a raw image file (also of a deleted job whose points were kept)',
    options: { ...dataOpt, job: { type: 'string' }, vm: { type: 'string' }, disk: { type: 'string' }, out: { type: 'string' }, point: { type: 'string' } },
    async run({ values }, io) {
      const name = requireString('--job', values.job);
      const vmName = requireString('--vm', values.vm);
      const diskIndex = parseIntArg('--disk', requireString('--disk', values.disk), 0, 255);
      const out = resolve(requireString('--out', values.out));
      return withClient(dataDirOf(values), io, async (c, s) => {
        const point = await findRestorePoint(c, name, typeof values.point === 'string' ? values.point : undefined);
        const disk = point.disks.find((d) => (d.vmName.toLowerCase() === vmName.toLowerCase() || d.vmId === vmName) && d.diskIndex === diskIndex);
        if (!disk) throw new FerryError(ErrorCode.NotFound, `Restore point ${point.id} has no disk ${diskIndex} of VM ${vmName}`);
        const repoRow = s.engine.store.getRepository(point.repositoryId);
        if (!repoRow) throw new FerryError(ErrorCode.RepoMissing, `Repository ${point.repositoryId} is not registered`);
        let lastPct = -1;
        await s.engine.repos.read(repoRow.path, (repo) =>
          repo.restoreRaw(point.id, `${disk.vmId}/${disk.diskIndex}`, out, (done, total) => {
            const pct = total ? Math.floor((done / total) * 100) : 100;
            if (pct >= lastPct + 10) {
              lastPct = pct;
              io.out(`restoring ${pct}%`);
            }
          }),
        );
        io.out(`Restored ${disk.vmName} disk ${diskIndex} (${fmtBytes(disk.virtualSizeBytes)}) from ${point.id} to ${out}`);
        return 0;
      });
    },
  },
};


function requireString(name: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`${name} is required`);
  return v;
}

function parseIntArg(name: string, v: unknown, min: number, max: number): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function parsePlatformArg(v: unknown): PlatformKind {
  const kind = PLATFORM_KINDS.find((k) => k === v);
  if (!kind) throw new UsageError(`--platform must be one of ${PLATFORM_KINDS.join(', ')}`);
  return kind;
}

/** A folder `npm run dist:agent` wrote: it holds install-agent.ps1 and app/cli.js. */
function parseAgentPackageArg(v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) throw new UsageError('--agent-package needs a folder');
  const dir = resolve(v);
  if (!existsSync(join(dir, 'install-agent.ps1')) || !existsSync(join(dir, 'app', 'cli.js'))) {
    throw new UsageError(`--agent-package ${dir} is not a Ferry agent package (no install-agent.ps1 and app/cli.js); build one with npm run dist:agent`);
  }
  return dir;
}

function help(io: CliIo): void {
  io.out(`Ferry ${VERSION} — off-host backup for Hyper-V\n\nUsage: ferry <command> [options]   (ferry <command> --help for details)\n`);
  for (const c of Object.values(commands)) io.out(`  ${c.usage.padEnd(78)} ${c.summary}`);
}

/** Runs the CLI; returns the exit code. Never calls process.exit (testable in-process). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    help(io);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    io.out(VERSION);
    return 0;
  }
  const name = [`${argv[0]} ${argv[1] ?? ''}`, argv[0]].find((k) => commands[k.trim()]);
  const cmd = name ? commands[name.trim()] : undefined;
  if (!name || !cmd) {
    io.err(`ferry: unknown command '${argv.slice(0, 2).join(' ')}'. Run 'ferry --help'.`);
    return 2;
  }
  const rest = argv.slice(name.trim().split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: ${cmd.usage}\n\n${cmd.summary}`);
    return 0;
  }
  try {
    const parsed = parseArgs({ args: rest, options: cmd.options, allowPositionals: true, strict: true });
    const want = cmd.positionals ?? 0;
    if (parsed.positionals.length !== want) throw new UsageError(want ? `expected ${want} argument(s), got ${parsed.positionals.length}` : `unexpected argument '${parsed.positionals[0]}'`);
    return await cmd.run({ values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals }, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`ferry: ${(e as Error).message}\nUsage: ${cmd.usage}`);
      return 2;
    }
    const err = FerryError.from(e);
    io.err(`ferry: ${err.code}: ${err.message}`);
    return 1;
  }
}
