// Windows path helpers for restore targets (pure string work: these are the target host's paths, not this OS's).

export function winJoin(...parts: string[]): string {
  return parts
    .map((p, i) => (i === 0 ? p.replace(/\\+$/, '') : p.replace(/^\\+|\\+$/g, '')))
    .filter((p) => p.length > 0)
    .join('\\');
}

export const winBase = (path: string): string => path.slice(path.lastIndexOf('\\') + 1);
export const winDir = (path: string): string => (path.lastIndexOf('\\') > 2 ? path.slice(0, path.lastIndexOf('\\')) : path.slice(0, 3));

/** `path` lies under `root` (case-insensitive, on a backslash boundary; a root is its own). */
export function isUnder(path: string, root: string): boolean {
  const r = root.replace(/\\+$/, '').toLowerCase();
  const p = path.toLowerCase();
  return p === r || p.startsWith(`${r}\\`);
}

/** An absolute local Windows path (X:\…) without '.', '..' or characters Windows refuses in names. */
export function isAbsoluteWindowsPath(path: string): boolean {
  const m = /^[A-Za-z]:\\(.*)$/.exec(path);
  if (!m) return false;
  return m[1].split('\\').every((p) => p !== '.' && p !== '..' && !/[<>:"|?*/\x00-\x1f]/.test(p));
}

/** Where the data mover writes a disk until it is complete: the same folder, a name no VM uses. */
export const tempNameFor = (finalPath: string, sessionId: string): string => `${winDir(finalPath)}\\.${winBase(finalPath)}.${sessionId}.ferry-partial`;
