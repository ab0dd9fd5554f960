// The lab's guest file systems: each lab VM's system disk starts with a committed disk image (GPT + EFI FAT32 +
// NTFS C:, or MBR + ext4 for APP02) made by scripts/lab-guest-images.mjs, so guest file restore has real file
// systems to read. Behind the image's partitions lies the lab's synthetic data; a running VM rewrites the contents
// of one file of its guest (pagefile.sys, or a journal file on Linux), so the guest stays mountable while it changes.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const MiB = 1024 * 1024;

export interface LiveFileRange {
  /** guest path of the file the running VM rewrites, and where its bytes lie on the disk */
  path: string;
  offset: number;
  size: number;
}

interface GuestManifest {
  partitionedMiB: number;
  vms: Record<string, { liveFile: LiveFileRange }>;
}

/** assets/lab-guests, found upwards from this module (source tree, out/main bundle, or the packaged app). */
export function labGuestAssetsDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 7; i++) {
    const candidate = join(dir, 'assets', 'lab-guests');
    if (existsSync(join(candidate, 'manifest.json'))) return candidate;
    dir = dirname(dir);
  }
  return null;
}

let manifestCache: GuestManifest | null | undefined;
function manifest(): GuestManifest | null {
  if (manifestCache === undefined) {
    const dir = labGuestAssetsDir();
    manifestCache = dir ? (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as GuestManifest) : null;
  }
  return manifestCache;
}

export interface LabGuestLayout {
  /** the image's partitions end here; the lab's other data goes behind */
  partitionedBytes: number;
  liveFile: LiveFileRange;
}

/**
 * The guest layout of a VM's system disk, or null when the VM has no image (load-test VMs) or its disk is too small
 * to hold the image and its synthetic data behind it.
 */
export function labGuestLayout(vmName: string, virtualMiB: number, dataMiB: number): LabGuestLayout | null {
  const m = manifest();
  const vm = m?.vms[vmName];
  if (!m || !vm || virtualMiB < m.partitionedMiB + dataMiB + 1) return null;
  return { partitionedBytes: m.partitionedMiB * MiB, liveFile: vm.liveFile };
}

/** The image's bytes (the first partitionedMiB MiB of the disk). */
export function labGuestImageBytes(vmName: string): Buffer {
  const dir = labGuestAssetsDir();
  if (!dir) throw new Error('lab: assets/lab-guests is missing');
  return gunzipSync(readFileSync(join(dir, `${vmName}.img.gz`)));
}
