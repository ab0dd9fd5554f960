// Rules of the Add repository wizard. Pure: unit-tested directly.
import type { Repository } from '../../../src-shared/domain';

export const MAX_NAME = 64;
export const MAX_PATH = 1024;

export function nameError(name: string, repositories: Repository[]): string | null {
  const n = name.trim();
  if (!n) return 'Name is required';
  if (n.length > MAX_NAME) return `At most ${MAX_NAME} characters`;
  if (repositories.some((r) => r.name.trim().toLowerCase() === n.toLowerCase())) return 'A repository with this name already exists';
  return null;
}

/** C:\Backups, \\server\share\folder (Windows) or /srv/backups (the lab host on Linux). */
export function isAbsoluteFolder(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path) || /^\\\\[^\\/]+[\\/][^\\/]+/.test(path) || path.startsWith('/');
}

/** Case and trailing separators do not make a different folder. */
export function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.trim().replace(/[\\/]+$/, '').replace(/\\/g, '/').toLowerCase();
  return norm(a) === norm(b);
}

export function pathError(path: string, repositories: Repository[]): string | null {
  const p = path.trim();
  if (!p) return 'Path is required';
  if (p.length > MAX_PATH) return `At most ${MAX_PATH} characters`;
  if (!isAbsoluteFolder(p)) return 'Give a full path, e.g. D:\\Backups or \\\\server\\share\\backups';
  const taken = repositories.find((r) => samePath(r.path, p));
  if (taken) return `This folder is already the repository ${taken.name}`;
  return null;
}

/** A folder next to the host's data folder, named after the repository: a sensible default to edit. */
export function suggestedPath(dataDir: string | undefined, name: string): string {
  if (!dataDir) return '';
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  const slug = name.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'repository';
  return `${dataDir.replace(/[\\/]+$/, '')}${sep}repositories${sep}${slug}`;
}
