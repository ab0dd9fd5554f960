// Guest file restore: browse the file systems inside one VM's disks of a restore point (volumes, folders, search)
// and restore files/folders to a folder on the console's machine, or download one file from the web console.
import { z } from 'zod';
import { Id } from '../domain';

export const GuestVolumeFormat = z.enum(['ntfs', 'fat', 'ext4', 'bitlocker', 'exfat', 'swap', 'lvm', 'unknown']);

export const GuestVolumeView = z.object({
  /** 'p1', 'p2'… in table order ('p0': a disk without a partition table) */
  key: z.string(),
  format: GuestVolumeFormat,
  label: z.string().optional(),
  letter: z.string().optional(),
  sizeBytes: z.number().nonnegative(),
  /** 'EFI system', 'Microsoft basic data', 'Linux filesystem'… */
  partitionType: z.string().optional(),
  readable: z.boolean(),
  /** why it cannot be browsed (encrypted, unknown, corrupt) */
  note: z.string().optional(),
});
export type GuestVolumeView = z.infer<typeof GuestVolumeView>;

export const GuestDiskView = z.object({
  diskIndex: z.number().int().nonnegative(),
  sizeBytes: z.number().nonnegative(),
  scheme: z.enum(['gpt', 'mbr', 'none']).nullable(),
  /** the disk's partition table could not be read */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  volumes: z.array(GuestVolumeView),
});
export type GuestDiskView = z.infer<typeof GuestDiskView>;

export const GuestEntryView = z.object({
  name: z.string(),
  /** '/'-separated from the volume's root */
  path: z.string(),
  kind: z.enum(['file', 'directory', 'symlink', 'reparse-point', 'other']),
  size: z.number().nonnegative(),
  modifiedMs: z.number().optional(),
  createdMs: z.number().optional(),
  attributes: z.record(z.string(), z.boolean()).optional(),
  linkTarget: z.string().optional(),
  streams: z.array(z.object({ name: z.string(), size: z.number() })).optional(),
});
export type GuestEntryView = z.infer<typeof GuestEntryView>;

export const GuestRestoreReport = z.object({
  folder: z.string(),
  files: z.number().int(),
  folders: z.number().int(),
  bytes: z.number(),
  items: z.array(
    z.object({
      guestPath: z.string(),
      hostPath: z.string(),
      kind: z.enum(['file', 'directory']),
      size: z.number(),
      modifiedMs: z.number().optional(),
      sha256: z.string().optional(),
      renamed: z.boolean().optional(),
    }),
  ),
  skipped: z.array(z.object({ guestPath: z.string(), reason: z.string() })),
  truncated: z.boolean(),
});
export type GuestRestoreReport = z.infer<typeof GuestRestoreReport>;

const GuestPath = z.string().max(32_767);
const where = { pointId: Id, vmId: Id, diskIndex: z.number().int().min(0).max(255), volume: z.string().min(1).max(64) };

export const filesMethods = {
  /** The VM's disks in the point, each with its partitions named by file system, label and drive letter. */
  'files.volumes': {
    params: z.object({ pointId: Id, vmId: Id }).strict(),
    result: z.object({ disks: z.array(GuestDiskView) }),
  },
  /** One folder's entries (at most 10,000; truncated says there are more). */
  'files.list': {
    params: z.object({ ...where, path: GuestPath }).strict(),
    result: z.object({ entries: z.array(GuestEntryView), truncated: z.boolean() }),
  },
  /** Names matching a pattern (* ?, or a part of the name), breadth first under `path`, bounded. */
  'files.search': {
    params: z.object({ ...where, path: GuestPath, pattern: z.string().min(1, 'Type a name or pattern').max(256), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    result: z.object({ matches: z.array(GuestEntryView), truncated: z.boolean(), scanned: z.number().int() }),
  },
  /** Restores files/folders into an existing folder on the console's machine; the task's result is a GuestRestoreReport. */
  'files.restore': {
    params: z
      .object({ ...where, paths: z.array(GuestPath).min(1, 'Select at least one file or folder').max(1000), folder: z.string().trim().min(1, 'Choose a folder').max(1024) })
      .strict(),
    result: z.object({ taskId: Id }),
  },
  /** A one-time address (web host) the browser downloads one guest file from, streamed out of the point. */
  'files.downloadLink': {
    params: z.object({ ...where, path: GuestPath }).strict(),
    result: z.object({ url: z.string() }),
  },
} as const;
