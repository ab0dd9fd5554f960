// Placeholder until VHD support lands (phase 2).
import { ascii } from './bytes';
import { diskUnsupported } from './errors';
import type { FileSource } from './file-source';
import type { DiskLayer } from './layer';

export async function isVhdFile(source: FileSource): Promise<boolean> {
  if (source.size < 512) return false;
  const footer = await source.read(source.size - 512, 512, 'VHD footer');
  return ascii(footer, 0, 8) === 'conectix';
}

export async function openVhdChain(source: FileSource): Promise<DiskLayer[]> {
  await source.close();
  throw diskUnsupported(source.path, 'VHD files are not supported yet');
}
