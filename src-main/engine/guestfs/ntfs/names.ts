// $STANDARD_INFORMATION (times, attribute flags) and $FILE_NAME (parent, name, namespace) values.
import { corrupt, type FileRef, fileRef, ntfsTimeMs, utf16 } from './corrupt';

export interface StandardInformation {
  createdMs?: number;
  modifiedMs?: number;
  changedMs?: number;
  accessedMs?: number;
  fileAttributes: number;
}

export function parseStandardInformation(value: Buffer): StandardInformation {
  if (value.length < 0x24) throw corrupt('$STANDARD_INFORMATION too short');
  return {
    createdMs: ntfsTimeMs(value, 0x00),
    modifiedMs: ntfsTimeMs(value, 0x08),
    changedMs: ntfsTimeMs(value, 0x10),
    accessedMs: ntfsTimeMs(value, 0x18),
    fileAttributes: value.readUInt32LE(0x20),
  };
}

export const Namespace = { Posix: 0, Win32: 1, Dos: 2, Win32AndDos: 3 } as const;

export interface FileName {
  parent: FileRef;
  name: string;
  namespace: number;
  fileAttributes: number;
}

export function parseFileName(value: Buffer): FileName {
  if (value.length < 0x42) throw corrupt('$FILE_NAME too short');
  const chars = value[0x40];
  return {
    parent: fileRef(value, 0),
    fileAttributes: value.readUInt32LE(0x38),
    namespace: value[0x41],
    name: utf16(value, 0x42, chars, '$FILE_NAME name'),
  };
}

/** File attribute flags (FILE_ATTRIBUTE_*) by the names the GuestEntry contract uses. */
const ATTRIBUTE_NAMES: [number, string][] = [
  [0x0001, 'readOnly'],
  [0x0002, 'hidden'],
  [0x0004, 'system'],
  [0x0020, 'archive'],
  [0x0100, 'temporary'],
  [0x0200, 'sparse'],
  [0x0400, 'reparsePoint'],
  [0x0800, 'compressed'],
  [0x1000, 'offline'],
  [0x2000, 'notContentIndexed'],
  [0x4000, 'encrypted'],
];

export function attributeFlags(fileAttributes: number): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [bit, name] of ATTRIBUTE_NAMES) if ((fileAttributes & bit) !== 0) out[name] = true;
  return out;
}

export const FILE_ATTRIBUTE = { System: 0x0004, ReparsePoint: 0x0400, Encrypted: 0x4000 } as const;
