// JSON documents the commands read (a job spec, a settings patch): from a file or stdin ("-"). A file that is not
// there or not JSON is a usage error (exit 2, E_INVALID_PARAMS), before anything is asked of the engine.
import { readFile } from 'node:fs/promises';
import { UsageError, type CliIo } from './command';

/** A usage error with the stable code scripts match on. */
export const badArg = (message: string) => new UsageError(`E_INVALID_PARAMS: ${message}`);

export async function readJsonArg(name: string, source: unknown, io: CliIo): Promise<unknown> {
  if (typeof source !== 'string' || source === '') throw badArg(`${name} FILE.json (or - for stdin) is required`);
  let text: string;
  if (source === '-') {
    if (!io.readStdin) throw badArg(`${name} -: no stdin to read`);
    text = await io.readStdin();
  } else {
    try {
      text = await readFile(source, 'utf8');
    } catch (e) {
      throw badArg(`${name}: cannot read ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badArg(`${name}: ${source === '-' ? 'stdin' : source} is not JSON: ${(e as Error).message}`);
  }
}

/** zod's issues as one line naming the fields (never the values: a document may hold a password). */
export function issuesText(issues: Array<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : 'document'}: ${i.message}`).join('; ');
}

export const jsonOpt = { json: { type: 'boolean' as const } };
