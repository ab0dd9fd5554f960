// Runs one PowerShell snippet or DiskShadow script on a target and turns failures into FerryErrors, so the
// platform's steps read as a sequence of calls.
import { WinCode } from '../error-codes';
import { badOutputError, powerShellFailureError, winError } from '../errors';
import type { Executor, RemoteCredential } from './executor';
import { extractPsJson, parseDiskShadow, type DiskShadowTranscript } from './parse';

export interface Target {
  /** server id as in the inventory (lower-case computer name) */
  id: string;
  /** executor target; undefined = this machine */
  server: string | undefined;
  /** for messages */
  name: string;
}

export class ScriptRunner {
  constructor(private readonly executor: Executor) {}

  /** Runs a snippet and returns its FERRY_JSON value. `credential`: connect with this account (see ExecRequest). */
  async ps(target: Target, step: string, script: string, timeoutMs: number, credential?: RemoteCredential): Promise<unknown> {
    const result = await this.executor.run({ program: 'powershell', script, server: target.server, timeoutMs, ...(credential && target.server !== undefined ? { credential } : {}) });
    if (result.exitCode !== 0) throw powerShellFailureError(step, target.name, result);
    try {
      return extractPsJson(result.stdout);
    } catch (e) {
      throw badOutputError(step, target.name, e instanceof Error ? e.message : String(e));
    }
  }

  /** Runs a DiskShadow script; failures inside it are in the transcript, for the caller to judge. */
  async dsh(target: Target, step: string, script: string, timeoutMs: number): Promise<DiskShadowTranscript> {
    const result = await this.executor.run({ program: 'diskshadow', script, server: target.server, timeoutMs });
    const transcript = parseDiskShadow(result.stdout);
    if (transcript.commands.length === 0 && transcript.failures.length === 0) {
      // DiskShadow did not even echo a line: it did not start, or refused the script
      const why = (result.stderr.trim() || result.stdout.trim()).split(/\r?\n/).slice(-3).join(' ') || `exit code ${result.exitCode}`;
      throw winError(WinCode.DiskShadowFailed, `${step} on ${target.name}: DiskShadow did not run the script (${why}).`, {
        hint: 'DiskShadow needs an elevated administrator on Windows Server; check that diskshadow.exe runs on the server.',
        server: target.name,
        step,
        exitCode: result.exitCode,
      });
    }
    return transcript;
  }
}
