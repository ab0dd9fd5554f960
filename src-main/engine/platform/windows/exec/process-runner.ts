// Runs one local process with stdin, a timeout and an AbortSignal, and kills the whole process tree when either
// fires: DiskShadow starts cmd.exe for the gate and powershell.exe may start DiskShadow, so killing only the
// direct child would leave a VSS session behind.
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import { WinCode } from '../error-codes';
import type { ExecResult } from './executor';

export interface ProcessSpec {
  file: string;
  args: string[];
  stdin?: string;
  /** added to this process's environment (used for WinRM credentials, never logged) */
  env?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** "powershell on hv01" — for error messages */
  label: string;
}

export interface ProcessRunner {
  run(spec: ProcessSpec): Promise<ExecResult>;
}

const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const TAIL_CHARS = 4000;

export class NodeProcessRunner implements ProcessRunner {
  constructor(private readonly os: NodeJS.Platform = process.platform) {}

  run(spec: ProcessSpec): Promise<ExecResult> {
    return new Promise<ExecResult>((resolve, reject) => {
      if (spec.signal?.aborted) {
        reject(cancelled(spec.label, ''));
        return;
      }
      const child = spawn(spec.file, spec.args, {
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
        // own process group on POSIX so the whole tree can be killed with one signal
        detached: this.os !== 'win32',
        env: spec.env ? { ...process.env, ...spec.env } : process.env,
      });
      const out = new StringDecoder('utf8');
      const err = new StringDecoder('utf8');
      let stdout = '';
      let stderr = '';
      let bytes = 0;
      let stopReason: 'timeout' | 'abort' | 'output' | null = null;
      let settled = false;

      const stop = (reason: 'timeout' | 'abort' | 'output') => {
        if (stopReason) return;
        stopReason = reason;
        killTree(child.pid, this.os);
      };
      const timer = setTimeout(() => stop('timeout'), spec.timeoutMs);
      const onAbort = () => stop('abort');
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        spec.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const count = (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_OUTPUT_BYTES) stop('output');
      };

      child.stdout.on('data', (chunk: Buffer) => {
        count(chunk);
        stdout += out.write(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        count(chunk);
        stderr += err.write(chunk);
      });
      // EPIPE when the process exits without reading its input: the exit code tells the story
      child.stdin.on('error', () => undefined);
      child.on('error', (e) =>
        settle(() =>
          reject(
            new FerryError(WinCode.ExecFailed, `Could not start ${spec.label}: ${e.message}`, {
              hint: `Check that ${spec.file} exists on this machine and can be run by the console's account.`,
            }),
          ),
        ),
      );
      child.on('close', (code, signal) =>
        settle(() => {
          stdout += out.end();
          stderr += err.end();
          if (stopReason === 'abort') reject(cancelled(spec.label, stdout));
          else if (stopReason === 'timeout') {
            reject(
              new FerryError(WinCode.ExecTimeout, `${spec.label} did not finish within ${Math.round(spec.timeoutMs / 1000)} s and was stopped.`, {
                hint: 'The server may be overloaded or a VSS writer hangs; check the server, then retry.',
                stdoutTail: stdout.slice(-TAIL_CHARS),
              }),
            );
          } else if (stopReason === 'output') {
            reject(new FerryError(WinCode.OutputTooLarge, `${spec.label} printed more than ${MAX_OUTPUT_BYTES} bytes and was stopped.`, { hint: 'Report this with the script that was run.' }));
          } else resolve({ exitCode: code ?? (signal ? 128 : -1), stdout, stderr });
        }),
      );
      child.stdin.end(spec.stdin ?? '');
    });
  }
}

function cancelled(label: string, stdout: string): FerryError {
  return new FerryError(ErrorCode.Cancelled, `${label} was cancelled.`, { hint: 'Cancelled on request.', stdoutTail: stdout.slice(-TAIL_CHARS) });
}

export function killTree(pid: number | undefined, os: NodeJS.Platform): void {
  if (pid === undefined) return;
  try {
    if (os === 'win32') {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => undefined);
    } else {
      process.kill(-pid, 'SIGKILL');
    }
  } catch {
    // already gone
  }
}
