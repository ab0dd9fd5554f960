// Where Ferry keeps the files of one snapshot on a Windows machine (host or proxy): the folder doubles as the
// crash-safe record (records.ts), the mount folder is where the snapshot is exposed. Pure string work.
import { ensureTrailingBackslash, winJoin } from '../paths';

/** Files of one snapshot on one machine (host or proxy). The folder doubles as the crash-safe record. */
export interface SnapshotPaths {
  dir: string;
  /** DiskShadow metadata (.cab) — written on the host by `create`, copied to the proxy for `import` */
  cab: string;
  /** the exec gate DiskShadow runs between `create` and `end backup` (host only) */
  gate: string;
  /** written by the gate: the shadow ids DiskShadow exported as environment variables */
  created: string;
  /** the platform creates it to let the gate exit 0 (→ end backup) */
  releaseFlag: string;
  /** the platform creates it to make the gate exit 1 (→ DiskShadow quits without end backup) */
  abortFlag: string;
  /** JSON written by the platform before anything else happens on that machine */
  record: string;
  /** empty NTFS folder the snapshot is exposed at (proxy, or host for on-host) */
  mountPoint: string;
}

export function snapshotPaths(workRoot: string, snapshotId: string): SnapshotPaths {
  const folder = snapshotFolderName(snapshotId);
  const dir = winJoin(workRoot, 'snapshots', folder);
  return {
    dir,
    cab: winJoin(dir, 'snapshot.cab'),
    gate: winJoin(dir, 'gate.cmd'),
    created: winJoin(dir, 'created.txt'),
    releaseFlag: winJoin(dir, 'release.flag'),
    abortFlag: winJoin(dir, 'abort.flag'),
    record: winJoin(dir, 'snapshot.json'),
    mountPoint: ensureTrailingBackslash(winJoin(workRoot, 'mounts', folder)),
  };
}

export function snapshotsRoot(workRoot: string): string {
  return winJoin(workRoot, 'snapshots');
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * Snapshot ids may contain ':' (and trailing dots), which Windows folder names cannot; map them to a safe name
 * and add a short hash whenever the mapping changed something, so two ids never share a folder.
 */
export function snapshotFolderName(snapshotId: string): string {
  const safe = snapshotId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/\.+$/, '_');
  const changed = safe !== snapshotId || RESERVED.test(safe.split('.')[0]);
  return changed ? `${safe}-${fnv1a(snapshotId)}` : safe;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
