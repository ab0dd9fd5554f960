// Turning the Windows paths stored in a differencing disk into local candidates. The chain is usually read
// from an exposed snapshot on another machine, so host paths are mapped next to the child when they can't be used.
import { realpath } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';

/** Splits on both separators so `..\..\dir\parent.vhdx` works on POSIX too. */
function windowsParts(p: string): string[] {
  return p.split(/[\\/]+/).filter((s) => s.length > 0);
}

export function resolveRelative(childPath: string, relative: string): string {
  return resolve(dirname(childPath), ...windowsParts(relative));
}

/** `\\?\d:\dir\p.vhdx`, `d:\dir\p.vhdx` or `\\?\Volume{GUID}\dir\p.vhdx` → the file name next to the child. */
export function besideChild(childPath: string, windowsPath: string): string {
  const parts = windowsParts(windowsPath);
  return resolve(dirname(childPath), parts[parts.length - 1] ?? basename(windowsPath));
}

/** On a Windows proxy an absolute host path may be usable as-is (e.g. an on-host backup). */
export function localAbsolute(windowsPath: string): string | undefined {
  if (sep !== '\\') return undefined;
  return windowsPath.replace(/^\\\\\?\\/, '');
}

/** The paths a new differencing disk records for its parent: relative to the child, and absolute (Windows separators). */
export async function locatorPaths(childPath: string, parentPath: string): Promise<{ relative: string; absolute: string }> {
  const parent = await realpath(parentPath);
  const childDir = await realpath(dirname(resolve(childPath)));
  const rel = relative(childDir, parent) || parent;
  return { relative: rel.split(sep).join('\\'), absolute: parent.split(sep).join('\\') };
}
