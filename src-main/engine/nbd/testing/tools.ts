// The NBD tools the tests drive (Debian: qemu-utils, libnbd-bin, fuse3). Outside CI a missing tool skips those
// tests with a message saying what to install; in CI (`CI` set) it fails them, so CI cannot go green by running
// nothing. FUSE likewise: skipped where /dev/fuse cannot be opened, required in CI where it can.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const PACKAGE: Record<string, string> = { 'qemu-img': 'qemu-utils', nbdinfo: 'libnbd-bin', nbdcopy: 'libnbd-bin', nbdfuse: 'libnbd-bin', fusermount3: 'fuse3' };

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return null;
}

/** '' when every tool is there; else why the tests skip (and in CI: throws). */
export function missingTools(names: string[]): string {
  const missing = names.filter((n) => !onPath(n));
  if (missing.length === 0) return '';
  const why = `${missing.join(', ')} not found: apt-get install -y ${[...new Set(missing.map((m) => PACKAGE[m] ?? m))].join(' ')}`;
  if (process.env.CI) throw new Error(`CI is set but ${why}`);
  console.warn(`skipping NBD tool tests: ${why}`);
  return why;
}

/** '' when FUSE can be used here (/dev/fuse opens read-write and fusermount3 exists); else why not. */
export function fuseUnavailable(): string {
  try {
    accessSync('/dev/fuse', constants.R_OK | constants.W_OK);
  } catch {
    return '/dev/fuse is absent or not accessible (FUSE unavailable in this environment)';
  }
  return onPath('fusermount3') ? '' : 'fusermount3 not found: apt-get install -y fuse3';
}
