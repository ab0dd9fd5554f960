// Finding guest files by name pattern (* and ?, case-insensitive, as admins type them in Explorer), breadth first
// from a folder, bounded in results and in entries looked at: a search never walks a whole 40 GB volume unasked.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { GuestEntry, GuestFileSystem } from './types';

export interface SearchOptions {
  maxResults?: number;
  /** entries looked at before the search stops (truncated) */
  maxScanned?: number;
}

export interface SearchResult {
  matches: Array<{ path: string; entry: GuestEntry }>;
  /** stopped at a bound: more may match */
  truncated: boolean;
  scanned: number;
}

export function patternToRegExp(pattern: string): RegExp {
  if (pattern.length === 0 || pattern.length > 256) throw new FerryError(ErrorCode.InvalidParams, 'A search pattern has 1 to 256 characters');
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  // no wildcard: a part of the name, as a search box does
  return new RegExp(/[*?]/.test(pattern) ? `^${body}$` : body, 'iu');
}

export async function searchGuest(fs: GuestFileSystem, root: string, pattern: string, opts: SearchOptions = {}): Promise<SearchResult> {
  const re = patternToRegExp(pattern);
  const maxResults = Math.min(opts.maxResults ?? 200, 5000);
  const maxScanned = Math.min(opts.maxScanned ?? 200_000, 2_000_000);
  const matches: SearchResult['matches'] = [];
  const start = root.replace(/^\/+|\/+$/g, '');
  const queue = [start];
  const seenDirs = new Set<string>();
  let scanned = 0;
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    let entries: GuestEntry[];
    try {
      entries = await fs.list(dir);
    } catch (e) {
      if (dir === start) throw e; // the folder searched must exist
      continue; // an unreadable folder deep down does not end the search
    }
    for (const entry of entries) {
      if (++scanned > maxScanned) return { matches, truncated: true, scanned: scanned - 1 };
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (re.test(entry.name)) {
        matches.push({ path, entry });
        if (matches.length >= maxResults) return { matches, truncated: true, scanned };
      }
      // links and junctions are shown, never followed; hard-linked folders (same id) are walked once
      if (entry.kind === 'directory' && !(entry.id && seenDirs.has(entry.id))) {
        if (entry.id) seenDirs.add(entry.id);
        queue.push(path);
      }
    }
  }
  return { matches, truncated: false, scanned };
}
