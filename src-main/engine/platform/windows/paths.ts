// Ferry's work folder on a Windows machine and the Windows path helpers the generators and the disk mapping need
// (the per-snapshot layout is snapshot/snapshot-paths.ts). Pure string work: these are Windows paths, not this OS's.
import { WinCode } from './error-codes';
import { winError } from './errors';

export const DEFAULT_WORK_ROOT = 'C:\\ProgramData\\Ferry';

export function winJoin(...parts: string[]): string {
  return parts
    .map((p, i) => (i === 0 ? p.replace(/\\+$/, '') : p.replace(/^\\+|\\+$/g, '')))
    .filter((p) => p.length > 0)
    .join('\\');
}

export function ensureTrailingBackslash(path: string): string {
  return path.endsWith('\\') ? path : `${path}\\`;
}

export function stripTrailingBackslash(path: string): string {
  // keep "C:\" intact: a bare drive letter needs its backslash to mean the root
  return /^[A-Za-z]:\\$/.test(path) ? path : path.replace(/\\+$/, '');
}

/** Path of `file` relative to the root `volumeRoot` (case-insensitive, on a `\` boundary), or null. */
export function relativeToRoot(volumeRoot: string, file: string): string | null {
  const root = ensureTrailingBackslash(volumeRoot).toLowerCase();
  if (!file.toLowerCase().startsWith(root)) return null;
  return file.slice(root.length);
}

/**
 * DiskShadow scripts have no documented quoting, and non-ASCII paths are unconfirmed (reference §1.3), so
 * every path that goes into a .dsh or the .cmd gate must be plain ASCII without spaces, quotes or '%'.
 */
export function assertScriptSafePath(path: string, what: string): void {
  if (!/^[\x21-\x7e]+$/.test(path) || /["%^&|<>]/.test(path)) {
    throw winError(WinCode.UnsafePath, `The ${what} "${path}" cannot be used in a DiskShadow script (spaces, quotes, % or non-ASCII characters).`, {
      hint: 'Rename the CSV mount folder or the Ferry work folder to plain ASCII without spaces (e.g. C:\\ClusterStorage\\Volume1).',
    });
  }
}
