// The NTFS volume as a GuestFileSystem: guest paths resolved through the directory indexes from the root
// (record 5), entries described from their MFT records, files opened for random-access reads.
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { GuestEntry, GuestFile, GuestFileSystem } from '../types';
import { AttrType } from './attribute';
import { type IndexEntry, readDirectoryIndex } from './directory-index';
import { describeFile, standardInformation } from './entry';
import { attributesOf, type FileRecord, loadFile, openAttribute } from './file-record';
import type { Mft } from './mft';
import { FILE_ATTRIBUTE, Namespace } from './names';

export const ROOT_RECORD = 5;
/** Records 0–15 are the metadata files ($MFT, $Bitmap, …): hidden from listings, as ntfs-3g does. */
const FIRST_USER_RECORD = 16;
const CACHED_DIRECTORIES = 32;

export interface NtfsVolumeInfo {
  serial: string;
  clusterSize: number;
  bytesPerSector: number;
  mftRecordSize: number;
  /** NTFS version, e.g. "3.1" */
  version?: string;
}

interface DirectoryNames {
  exact: Map<string, IndexEntry>;
  folded: Map<string, IndexEntry>;
  ordered: IndexEntry[];
}

/** Guest path components; '.' and empty parts dropped, '..' goes up (never above the root). */
export function pathParts(path: string): string[] {
  const parts: string[] = [];
  for (const p of path.split(/[/\\]/)) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts;
}

export class NtfsFileSystem implements GuestFileSystem {
  readonly type = 'ntfs' as const;
  private readonly directories = new Map<number, Promise<DirectoryNames>>();

  constructor(
    private readonly mft: Mft,
    readonly label: string | undefined,
    readonly info: NtfsVolumeInfo,
  ) {}

  async list(dirPath: string): Promise<GuestEntry[]> {
    const { file } = await this.resolve(dirPath);
    const names = await this.directory(file, dirPath);
    const out: GuestEntry[] = [];
    for (const e of names.ordered) out.push(await describeFile(this.mft, await loadFile(this.mft, e.ref.record, e.ref.sequence), e.fileName.name));
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
    if (entry.kind !== 'file') throw new FerryError(ErrorCode.GuestNotAFile, `${path} is a ${entry.kind}, not a file`, { path, kind: entry.kind });
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
      const names = await this.directory(file, parts.slice(0, i).join('/'));
      const hit = names.exact.get(parts[i]) ?? names.folded.get(parts[i].toUpperCase());
      if (!hit) throw new FerryError(ErrorCode.GuestPathNotFound, `${path}: "${parts[i]}" does not exist`, { path });
      file = await loadFile(this.mft, hit.ref.record, hit.ref.sequence);
      name = hit.fileName.name;
    }
    return { file, name };
  }

  private directory(file: FileRecord, path: string): Promise<DirectoryNames> {
    if (!file.isDirectory) return Promise.reject(new FerryError(ErrorCode.GuestNotADirectory, `${path || '/'} is not a directory`, { path }));
    if (attributesOf(file, AttrType.ReparsePoint).length > 0) {
      return Promise.reject(new FerryError(ErrorCode.GuestNotADirectory, `${path} is a junction or mount point: shown, not followed`, { path }));
    }
    const hit = this.directories.get(file.number);
    if (hit) return hit;
    const p = readDirectoryIndex(this.mft, file).then(directoryNames);
    p.catch(() => this.directories.delete(file.number));
    this.directories.set(file.number, p);
    if (this.directories.size > CACHED_DIRECTORIES) this.directories.delete(this.directories.keys().next().value as number);
    return p;
  }
}

/** The names users see: DOS 8.3 aliases dropped (their long name is listed), metadata files hidden. */
function directoryNames(entries: IndexEntry[]): DirectoryNames {
  const names: DirectoryNames = { exact: new Map(), folded: new Map(), ordered: [] };
  for (const e of entries) {
    if (e.fileName.namespace === Namespace.Dos || e.ref.record < FIRST_USER_RECORD) continue;
    if (names.exact.has(e.fileName.name)) continue;
    names.exact.set(e.fileName.name, e);
    const folded = e.fileName.name.toUpperCase();
    if (!names.folded.has(folded)) names.folded.set(folded, e);
    names.ordered.push(e);
  }
  return names;
}
