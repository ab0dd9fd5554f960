// The NTFS volume as a GuestFileSystem: guest paths resolved through the directory indexes from the root
// (record 5), entries described from their MFT records, files opened for random-access reads.
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { GuestEntry, GuestFile, GuestFileSystem } from '../types';
import { AttrType } from './attribute';
import { type IndexEntry, openDirectoryIndex, readDirectoryIndex } from './directory-index';
import { describeFile, standardInformation } from './entry';
import { attributesOf, type FileRecord, loadFile, openAttribute } from './file-record';
import type { Mft } from './mft';
import { lookupName } from './index-lookup';
import { FILE_ATTRIBUTE, Namespace } from './names';
import { loadUpcase, type Upcase } from './upcase';

export const ROOT_RECORD = 5;
/** Records 0–15 are the metadata files ($MFT, $Bitmap, …): hidden from listings, as ntfs-3g does. */
const FIRST_USER_RECORD = 16;
const CACHED_DIRECTORIES = 32;
const CACHED_NAMES = 200_000;
const LIST_PARALLEL = 16;

export interface NtfsVolumeInfo {
  serial: string;
  clusterSize: number;
  bytesPerSector: number;
  mftRecordSize: number;
  /** NTFS version, e.g. "3.1" */
  version?: string;
  /** the volume was not cleanly unmounted (a crash-consistent snapshot): read as is, the journal is not replayed */
  dirty: boolean;
}

interface DirectoryNames {
  exact: Map<string, IndexEntry>;
  folded: Map<string, IndexEntry>;
  ordered: IndexEntry[];
}

/**
 * Guest path components ('/'-separated: a backslash is a valid character of a POSIX-namespace name); '.' and
 * empty parts dropped, '..' goes up (never above the root).
 */
export function pathParts(path: string): string[] {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts;
}

export class NtfsFileSystem implements GuestFileSystem {
  readonly type = 'ntfs' as const;
  private readonly directories = new Map<number, Promise<DirectoryNames>>();
  private readonly cachedNames = new Map<number, number>();
  private upcase: Promise<Upcase | undefined> | undefined;
  /** How lookups were answered: by B+ tree descent, or by a full listing (a cached directory, or a miss). */
  readonly lookups = { descended: 0, listed: 0 };

  constructor(
    private readonly mft: Mft,
    readonly label: string | undefined,
    readonly info: NtfsVolumeInfo,
  ) {}

  async list(dirPath: string): Promise<GuestEntry[]> {
    const { file } = await this.resolve(dirPath);
    const names = await this.directory(file, dirPath);
    const out: GuestEntry[] = [];
    // A few records in flight at a time: a slow source (a restore point) overlaps its reads, memory stays bounded.
    for (let i = 0; i < names.ordered.length; i += LIST_PARALLEL) {
      const slice = names.ordered.slice(i, i + LIST_PARALLEL);
      out.push(...(await Promise.all(slice.map(async (e) => describeFile(this.mft, await loadFile(this.mft, e.ref.record, e.ref.sequence), e.fileName.name)))));
    }
    return out;
  }

  async stat(path: string): Promise<GuestEntry> {
    const { file, name } = await this.resolve(path);
    return describeFile(this.mft, file, name);
  }

  open(path: string): Promise<GuestFile> {
    return this.openStream(path, '');
  }

  /** An alternate data stream of a file (`GuestEntry.streams` names them); '' is the main stream. */
  async openStream(path: string, stream: string): Promise<GuestFile> {
    const { file } = await this.resolve(path);
    const entry = await describeFile(this.mft, file, '');
    // Directories may carry named streams too; links never give their data (they are shown, not followed).
    if (entry.kind !== 'file' && !(entry.kind === 'directory' && stream !== '')) throw new FerryError(ErrorCode.GuestNotAFile, `${path} is a ${entry.kind}, not a file`, { path, kind: entry.kind });
    if ((standardInformation(file).fileAttributes & FILE_ATTRIBUTE.Encrypted) !== 0) {
      throw new FerryError(ErrorCode.GuestFileEncrypted, `${path} is encrypted inside the guest (EFS): its content cannot be read`, { path });
    }
    const data = openAttribute(this.mft, file, AttrType.Data, stream);
    if (!data) {
      if (stream === '') return { size: 0, read: async () => Buffer.alloc(0) };
      throw new FerryError(ErrorCode.GuestPathNotFound, `${path} has no stream "${stream}"`, { path, stream });
    }
    return { size: data.size, read: (offset, length) => data.read(offset, length) };
  }

  private async resolve(path: string): Promise<{ file: FileRecord; name: string }> {
    let file = await loadFile(this.mft, ROOT_RECORD);
    let name = '';
    const parts = pathParts(path);
    for (let i = 0; i < parts.length; i++) {
      const hit = await this.child(file, parts.slice(0, i).join('/'), parts[i]);
      if (!hit) throw new FerryError(ErrorCode.GuestPathNotFound, `${path}: "${parts[i]}" does not exist`, { path });
      file = await loadFile(this.mft, hit.ref.record, hit.ref.sequence);
      name = hit.fileName.name;
    }
    return { file, name };
  }

  /** The entry `name` of directory `dir`: exact name first, else one equal ignoring case. */
  private async child(dir: FileRecord, dirPath: string, name: string): Promise<IndexEntry | undefined> {
    const cached = this.directories.get(dir.number);
    const upcase = cached ? undefined : await this.upcaseTable();
    if (upcase) {
      this.checkDirectory(dir, dirPath);
      const hit = await lookupName(openDirectoryIndex(this.mft, dir), upcase, name, visible);
      if (hit.exact) return this.lookups.descended++, hit.exact;
    }
    // Not met on the way down (or only ignoring case): the full listing decides, so an unsorted index still answers.
    this.lookups.listed++;
    const names = await this.directory(dir, dirPath);
    return names.exact.get(name) ?? names.folded.get(name.toUpperCase());
  }

  /** The volume's $UpCase, or undefined when it is unreadable (lookups then use listings). */
  private upcaseTable(): Promise<Upcase | undefined> {
    this.upcase ??= loadUpcase(this.mft).catch(() => undefined);
    return this.upcase;
  }

  private checkDirectory(file: FileRecord, path: string): void {
    if (!file.isDirectory) throw new FerryError(ErrorCode.GuestNotADirectory, `${path || '/'} is not a directory`, { path });
    if (attributesOf(file, AttrType.ReparsePoint).length > 0) {
      throw new FerryError(ErrorCode.GuestNotADirectory, `${path} is a junction or mount point: shown, not followed`, { path });
    }
  }

  private directory(file: FileRecord, path: string): Promise<DirectoryNames> {
    try {
      this.checkDirectory(file, path);
    } catch (e) {
      return Promise.reject(e);
    }
    const hit = this.directories.get(file.number);
    if (hit) return hit;
    const p = readDirectoryIndex(openDirectoryIndex(this.mft, file)).then(directoryNames);
    p.then(
      (names) => this.keepCached(file.number, names.ordered.length),
      () => this.directories.delete(file.number),
    );
    this.directories.set(file.number, p);
    return p;
  }

  /** Bounds the directory cache by count and by names held (a few huge directories must not pin memory). */
  private keepCached(dir: number, names: number): void {
    this.cachedNames.set(dir, names);
    let total = [...this.cachedNames.values()].reduce((a, b) => a + b, 0);
    for (const oldest of this.cachedNames.keys()) {
      if (this.cachedNames.size <= 1 || (total <= CACHED_NAMES && this.cachedNames.size <= CACHED_DIRECTORIES)) break;
      total -= this.cachedNames.get(oldest) ?? 0;
      this.cachedNames.delete(oldest);
      this.directories.delete(oldest);
    }
  }
}

/** The names users see: DOS 8.3 aliases dropped (their long name is listed), metadata files hidden. */
const visible = (e: IndexEntry): boolean => e.fileName.namespace !== Namespace.Dos && e.ref.record >= FIRST_USER_RECORD;

function directoryNames(entries: IndexEntry[]): DirectoryNames {
  const names: DirectoryNames = { exact: new Map(), folded: new Map(), ordered: [] };
  for (const e of entries) {
    if (!visible(e)) continue;
    if (names.exact.has(e.fileName.name)) continue;
    names.exact.set(e.fileName.name, e);
    const folded = e.fileName.name.toUpperCase();
    if (!names.folded.has(folded)) names.folded.set(folded, e);
    names.ordered.push(e);
  }
  return names;
}
