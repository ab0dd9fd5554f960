// Test access to the committed lab guest images (assets/lab-guests) and the manifest of what the generator put in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { labGuestAssetsDir } from '../../platform/lab/guest-image';

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  mtimeMs: number;
}

export const labGuestDir = (): string => labGuestAssetsDir() ?? 'assets/lab-guests';

const images = new Map<string, Buffer>();

/** The decompressed image (decompressed once per test file; callers copy before changing it). */
export function labGuestImage(vm: string): Buffer {
  let img = images.get(vm);
  if (!img) images.set(vm, (img = gunzipSync(readFileSync(join(labGuestDir(), `${vm}.img.gz`)))));
  return img;
}

export function labGuestManifest(vm: string): Record<string, ManifestFile[]> {
  return (JSON.parse(readFileSync(join(labGuestDir(), 'manifest.json'), 'utf8')) as { vms: Record<string, { volumes: Record<string, ManifestFile[]> }> }).vms[vm].volumes;
}
