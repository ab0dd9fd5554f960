// A restore point's disk served read-only over NBD: what a mount is, and the commands that read it. Shared by the
// engine (which serves), the CLI (which prints the commands) and the console (which shows them).
import { z } from 'zod';
import { Id } from './domain';

export const MountInfo = z.object({
  id: Id,
  pointId: Id,
  vmId: z.string(),
  vmName: z.string(),
  diskIndex: z.number().int().nonnegative(),
  /** nbd://127.0.0.1:PORT/EXPORT */
  url: z.string(),
  port: z.number().int().min(1).max(65535),
  exportName: z.string(),
  sizeBytes: z.number().nonnegative(),
  startedAt: z.string(),
  /** NBD clients connected now */
  connections: z.number().int().nonnegative(),
  /** bytes served to clients so far */
  bytesRead: z.number().nonnegative(),
  /** repository chunks fetched so far (reads of unallocated ranges fetch none) */
  chunksRead: z.number().int().nonnegative(),
  /** reads that failed (a damaged chunk): the client got EIO for them */
  readErrors: z.number().int().nonnegative(),
  lastReadError: z.string().nullable(),
});
export type MountInfo = z.infer<typeof MountInfo>;

export interface MountCommand {
  /** what it does, in a few words */
  purpose: string;
  command: string;
}

/** POSIX shell single-quoting: the URL and file names go into a copy-pasteable command line unchanged. */
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The commands an admin runs against a mount (on the console's machine: the server listens on 127.0.0.1). */
export function mountCommands(url: string, imageName = 'disk.raw'): MountCommand[] {
  return [
    { purpose: 'Show the export (size, read-only)', command: `nbdinfo ${sq(url)}` },
    { purpose: 'Copy the disk to a raw image', command: `qemu-img convert -p -f raw -O raw ${sq(url)} ${sq(imageName)}` },
    { purpose: 'Copy the disk to a VHDX', command: `qemu-img convert -p -f raw -O vhdx -o subformat=dynamic ${sq(url)} ${sq(imageName.replace(/\.raw$/, '') + '.vhdx')}` },
    { purpose: 'Expose it as a file (FUSE), read-only', command: `mkdir -p /tmp/ferry-mount && nbdfuse -r /tmp/ferry-mount ${sq(url)} &` },
    { purpose: 'Attach it as a block device (Linux, nbd module)', command: `qemu-nbd --read-only --connect=/dev/nbd0 ${sq(url)}` },
  ];
}
