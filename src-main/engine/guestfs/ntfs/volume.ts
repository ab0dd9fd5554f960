// The volume as the NTFS structures address it: byte and cluster reads over the BlockSource, refused as corrupt
// when a structure points past the end instead of surfacing a raw out-of-range read.
import type { BlockSource } from '../types';
import type { NtfsGeometry } from './boot-sector';
import { corrupt } from './corrupt';

export interface Volume {
  source: BlockSource;
  geometry: NtfsGeometry;
}

export async function readVolume(volume: Volume, offset: number, length: number, what: string): Promise<Buffer> {
  if (offset < 0 || length < 0 || offset + length > volume.source.size) {
    throw corrupt(`${what} (bytes ${offset}+${length}) lies past the end of the volume (${volume.source.size} bytes)`);
  }
  const data = await volume.source.read(offset, length);
  if (data.length !== length) throw corrupt(`${what}: short read at ${offset}`);
  return data;
}
