// Who a process is, beyond its pid: a pid is reused after its process exits (and all of them after a
// reboot), so a lock or temp file that names only a pid cannot prove its owner is still running.
// On Linux the kernel gives two tokens that settle it: the boot id (changes at every boot) and the
// process's start time in clock ticks since boot (a reused pid has a different one). Elsewhere (Windows,
// macOS) there is no cheap equivalent: callers fall back to the pid alone and say so.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { errnoCode } from './fs-util';

export interface ProcessToken {
  /** /proc/sys/kernel/random/boot_id; absent where the OS has none */
  bootId?: string;
  /** field 22 of /proc/<pid>/stat (start time in ticks since boot); absent where the OS has none */
  startTicks?: string;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

let ownBootId: string | undefined | null = null;

export function bootId(): string | undefined {
  if (ownBootId === null) ownBootId = os.platform() === 'linux' ? readText('/proc/sys/kernel/random/boot_id')?.trim() || undefined : undefined;
  return ownBootId;
}

/** The start time of a running process, or undefined when it is gone or the OS cannot tell. */
export function startTicksOf(pid: number): string | undefined {
  if (os.platform() !== 'linux') return undefined;
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19]; // field 22 overall; fields[0] is field 3
}

export function ownProcessToken(): ProcessToken {
  const token: ProcessToken = {};
  const boot = bootId();
  const start = startTicksOf(process.pid);
  if (boot) token.bootId = boot;
  if (start) token.startTicks = start;
  return token;
}

export function isPidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, we just may not signal it.
    return errnoCode(e) !== 'ESRCH';
  }
}

export type Liveness = { alive: true } | { alive: false; why: string } | { alive: 'unknown'; why: string };

/**
 * Is the process that recorded (pid, token) on THIS host still running? 'unknown' when the pid is alive but
 * the OS gives no token to tell the original from a process that reused its pid.
 */
export function localLiveness(pid: number, recorded: ProcessToken): Liveness {
  const boot = bootId();
  if (recorded.bootId && boot && recorded.bootId !== boot) return { alive: false, why: 'the host restarted since' };
  if (!isPidAlive(pid)) return { alive: false, why: `process ${pid} is not running` };
  const now = startTicksOf(pid);
  if (recorded.startTicks && now) {
    return now === recorded.startTicks ? { alive: true } : { alive: false, why: `pid ${pid} now belongs to another process` };
  }
  return { alive: 'unknown', why: `process ${pid} is running, but this OS cannot tell whether it is the same process` };
}
