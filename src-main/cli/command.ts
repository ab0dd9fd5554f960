// What a `ferry` command is and what it talks through; every command module builds on these, cli.ts lists them.
import type { TtyOut } from './progress';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** stderr when it is a terminal: long operations draw a progress bar there instead of plain lines */
  tty?: TtyOut;
  /** a secret typed or piped on stdin (ferry credential add); absent = no stdin to read */
  readSecret?: () => Promise<string>;
  /** all of stdin as text (`--spec -`); absent = no stdin to read */
  readStdin?: () => Promise<string>;
}

export type ParsedArgs = { values: Record<string, string | boolean | undefined>; positionals: string[] };

export interface Command {
  usage: string;
  summary: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  positionals?: number;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Bad command-line arguments: exit code 2, nothing changed. */
export class UsageError extends Error {}
