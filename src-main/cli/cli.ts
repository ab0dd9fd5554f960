// `ferry` command line: the list of commands, help, and the run loop. Every command validates its arguments first
// and changes nothing on bad input. Exit codes: 0 success, 1 the operation failed (job failed, verify found
// damage), 2 usage error.
import { parseArgs } from 'node:util';
import { FerryError } from '../../src-shared/contract/errors';
import { VERSION } from '../app-paths';
import { agentCommand } from './agent-command';
import { UsageError, type CliIo, type Command } from './command';
import { diskCommands } from './disk-commands';
import { filesCommands } from './files-commands';
import { jobCommands } from './job-commands';
import { restoreCommands } from './restore-commands';
import { labCommands } from './lab-commands';
import { mountCommand } from './mount-command';
import { replicaCommands } from './replica-commands';
import { serveCommand } from './serve-command';
import { serverCommands } from './server-commands';
import { jobSpecCommands } from './job-spec-commands';
import { proxyCommands } from './proxy-commands';
import { repositoryCommands } from './repository-commands';
import { settingsCommands } from './settings-commands';
import { userCommands } from './user-commands';
import { auditCommands } from './audit-commands';

export const commands: Record<string, Command> = {
  agent: agentCommand,
  ...diskCommands,
  ...serverCommands,
  ...labCommands,
  serve: serveCommand,
  ...jobCommands,
  ...restoreCommands,
  mount: mountCommand,
  ...jobSpecCommands,
  ...proxyCommands,
  ...repositoryCommands,
  ...settingsCommands,
  ...replicaCommands,
  ...filesCommands,
  ...userCommands,
  ...auditCommands,
};

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
