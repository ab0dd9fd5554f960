// Guest names made safe as names on the console's (or a server's) file system. A guest's file system is untrusted:
// its names may hold separators, '..', device names or characters the host refuses. Each name becomes exactly one
// path component, so nothing can be written outside the chosen folder; a changed name is reported as renamed.
import { createHash } from 'node:crypto';

export type HostFlavor = 'windows' | 'posix';

export const hostFlavor = (): HostFlavor => (process.platform === 'win32' ? 'windows' : 'posix');

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_NAME_BYTES = 255;

/** One safe path component for `name`; `changed` says it differs from the guest's spelling. */
export function hostSafeName(name: string, flavor: HostFlavor = hostFlavor()): { name: string; changed: boolean } {
  let safe = name.replace(/[/\0]/g, '_');
  if (flavor === 'windows') {
    safe = safe.replace(/[<>:"\\|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/, (m) => '_'.repeat(m.length));
    if (WINDOWS_RESERVED.test(safe)) safe = `_${safe}`;
  }
  if (safe === '' || safe === '.' || safe === '..') safe = safe.replace(/\./g, '_') || '_';
  if (Buffer.byteLength(safe) > MAX_NAME_BYTES) {
    const tag = createHash('sha256').update(name).digest('hex').slice(0, 8);
    let cut = safe;
    while (Buffer.byteLength(cut) > MAX_NAME_BYTES - 10) cut = cut.slice(0, -1);
    safe = `${cut}~${tag}`;
  }
  return { name: safe, changed: safe !== name };
}

/**
 * Names unique within one folder: two guest names that become the same host name (or differ only in case on a
 * case-insensitive host) get " (2)", " (3)"… before the extension.
 */
export class FolderNames {
  private readonly used = new Set<string>();
  constructor(private readonly flavor: HostFlavor = hostFlavor()) {}

  take(guestName: string): { name: string; changed: boolean } {
    const base = hostSafeName(guestName, this.flavor);
    const key = (n: string) => (this.flavor === 'windows' ? n.toLowerCase() : n);
    let name = base.name;
    for (let n = 2; this.used.has(key(name)); n++) {
      const dot = base.name.lastIndexOf('.');
      name = dot > 0 ? `${base.name.slice(0, dot)} (${n})${base.name.slice(dot)}` : `${base.name} (${n})`;
    }
    this.used.add(key(name));
    return { name, changed: name !== guestName };
  }
}
