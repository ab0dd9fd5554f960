// The seams between a disk image, its partitions and the guest file systems read from it. Kept here, apart
// from every implementation, so the NTFS, FAT and ext4 readers, the partition tables, the restore point
// reader and the NBD server can be built and tested independently and still plug together.

/** Random-access, read-only bytes: a restore point's disk, a partition of it, an image file in a test. */
export interface BlockSource {
  /** Size in bytes. */
  readonly size: number;
  /**
   * Exactly `length` bytes at `offset` (a short read only at the end of the source). Reads past the end
   * reject with `E_OUT_OF_RANGE`-style FerryError from the implementation; never return garbage.
   */
  read(offset: number, length: number): Promise<Buffer>;
}

export type GuestEntryKind = 'file' | 'directory' | 'symlink' | 'reparse-point' | 'other';

/** One name in a guest directory, as the guest's file system records it. */
export interface GuestEntry {
  /** The name as the guest spells it (Unicode). Never trusted as a host path: callers sanitize. */
  name: string;
  kind: GuestEntryKind;
  /** Logical size of the main data stream in bytes (0 for directories). */
  size: number;
  /** Times in milliseconds since the Unix epoch (UTC); undefined where the FS does not keep one. */
  modifiedMs?: number;
  createdMs?: number;
  accessedMs?: number;
  /** NTFS/FAT attribute flags by name (readOnly, hidden, system, archive, compressed, sparse, encrypted…). */
  attributes?: Record<string, boolean>;
  /** POSIX mode bits (ext4). */
  mode?: number;
  /** NTFS alternate data streams: name and size; listed, not restored by default. */
  streams?: { name: string; size: number }[];
  /** Where a symlink/reparse point points (shown, never followed). */
  linkTarget?: string;
  /** A stable id within the volume (MFT record number, inode, FAT cluster) — hard links share it. */
  id?: string;
}

/** An open file's data: random access, so a 10 KB file of a 40 GB disk reads only the chunks it needs. */
export interface GuestFile {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

/** A read-only guest file system. Paths are guest paths with '/' separators relative to the volume root. */
export interface GuestFileSystem {
  readonly type: 'ntfs' | 'fat' | 'ext4';
  readonly label?: string;
  /** The entries of a directory ('' or '/' is the root). */
  list(dirPath: string): Promise<GuestEntry[]>;
  stat(path: string): Promise<GuestEntry>;
  open(path: string): Promise<GuestFile>;
}
