// A file record as a GuestEntry: kind (file, directory, link), main stream size, times, attribute flags,
// alternate data streams, and where a link points (shown, not followed).
import type { GuestEntry, GuestEntryKind } from '../types';
import { AttrType } from './attribute';
import { corrupt } from './corrupt';
import { attributesOf, type FileRecord, openAttribute, streamSizes } from './file-record';
import type { Mft } from './mft';
import { attributeFlags, FILE_ATTRIBUTE, parseStandardInformation, type StandardInformation } from './names';
import { interixTarget, parseReparsePoint } from './reparse';

const MAX_REPARSE_BYTES = 16 * 1024;
const MAX_INTERIX_BYTES = 4096;

export function standardInformation(file: FileRecord): StandardInformation {
  const si = attributesOf(file, AttrType.StandardInformation);
  if (si.length === 0 || !si[0].resident) throw corrupt(`record ${file.number}: no $STANDARD_INFORMATION`);
  return parseStandardInformation(si[0].value);
}

async function linkOf(mft: Mft, file: FileRecord, si: StandardInformation, mainSize: number): Promise<{ kind: GuestEntryKind; target?: string } | undefined> {
  const reparse = openAttribute(mft, file, AttrType.ReparsePoint, '');
  if (reparse) {
    if (reparse.size > MAX_REPARSE_BYTES) throw corrupt(`record ${file.number}: reparse point of ${reparse.size} bytes`);
    const info = parseReparsePoint(await reparse.read(0, reparse.size));
    if (info.kind === 'symlink') return { kind: 'symlink', target: info.target };
    return { kind: 'reparse-point', target: info.target };
  }
  // ntfs-3g (and Interix/SFU) store symlinks as small system files with a magic header.
  if (!file.isDirectory && (si.fileAttributes & FILE_ATTRIBUTE.System) !== 0 && mainSize >= 8 && mainSize <= MAX_INTERIX_BYTES) {
    const data = openAttribute(mft, file, AttrType.Data, '');
    const target = data ? interixTarget(await data.read(0, data.size)) : undefined;
    if (target !== undefined) return { kind: 'symlink', target };
  }
  return undefined;
}

export async function describeFile(mft: Mft, file: FileRecord, name: string): Promise<GuestEntry> {
  const si = standardInformation(file);
  const sizes = streamSizes(file);
  const mainSize = sizes.get('') ?? 0;
  const link = await linkOf(mft, file, si, mainSize);
  const kind: GuestEntryKind = link?.kind ?? (file.isDirectory ? 'directory' : 'file');
  const streams = [...sizes].filter(([n]) => n !== '').map(([n, size]) => ({ name: n, size }));
  const entry: GuestEntry = {
    name,
    kind,
    size: file.isDirectory ? 0 : mainSize,
    modifiedMs: si.modifiedMs,
    createdMs: si.createdMs,
    accessedMs: si.accessedMs,
    attributes: attributeFlags(si.fileAttributes),
    id: String(file.number),
  };
  if (streams.length > 0) entry.streams = streams;
  if (link?.target !== undefined) entry.linkTarget = link.target;
  return entry;
}
