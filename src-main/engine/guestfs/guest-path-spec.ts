// A guest path as admins type it: 'C:\Users\x', 'C:/Users/x', '/C/Users/x', '/p2/etc/nginx', '/root/etc' (a label).
// The first part names the volume (drive letter, p1/p2… or label); the rest is the path inside it.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { splitGuestPath } from './guest-paths';

export interface GuestPathSpec {
  volume: string;
  /** '/'-separated inside the volume ('' = its root) */
  path: string;
}

export function parseGuestPathSpec(spec: string): GuestPathSpec {
  const drive = /^([A-Za-z]):(?:[\\/](.*))?$/.exec(spec.trim());
  if (drive) return { volume: drive[1].toUpperCase(), path: splitGuestPath(drive[2] ?? '').join('/') };
  if (!/^[\\/]/.test(spec.trim())) {
    throw new FerryError(ErrorCode.InvalidParams, `A guest path starts with its volume: 'C:\\Users\\…', '/C/Users/…', '/p2/…' or '/LABEL/…' (got '${spec}')`);
  }
  const [volume, ...rest] = splitGuestPath(spec);
  if (!volume) throw new FerryError(ErrorCode.InvalidParams, `The guest path '${spec}' names no volume`);
  return { volume, path: rest.join('/') };
}
