// FAT12/16/32 reader (EFI system partitions, small data volumes): boot sector, cluster chains, directories with
// long (VFAT) names. Every chain is bounded by the volume's cluster count, so a looping FAT is an error, not a hang.
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import { cachedSource } from '../block-source';
import { MAX_DIRECTORY_ENTRIES, notDirectory, notFile, notFound, splitGuestPath } from '../guest-paths';
import type { BlockSource, GuestEntry, GuestFile, GuestFileSystem } from '../types';
import { parseDirectory, type FatDirent } from './fat-directory';

interface Geometry {
  bits: 12 | 16 | 32;
  bytesPerSector: number;
  clusterSize: number;
  fatOffset: number;
  /** FAT12/16: fixed root directory */
  rootDirOffset: number;
  rootDirBytes: number;
  rootCluster: number;
  dataOffset: number;
  clusterCount: number;
  label?: string;
}

const corrupt = (msg: string): FerryError => new FerryError(ErrorCode.FsCorrupt, `FAT: ${msg}`);

function parseBootSector(b: Buffer, volumeSize: number): Geometry {
  if (b.readUInt16LE(510) !== 0xaa55) throw corrupt('boot sector signature missing');
  const bytesPerSector = b.readUInt16LE(11);
  const secPerClus = b[13];
  const reserved = b.readUInt16LE(14);
  const fats = b[16];
  const rootEntries = b.readUInt16LE(17);
  const totalSectors = b.readUInt16LE(19) || b.readUInt32LE(32);
  const fatSize16 = b.readUInt16LE(22);
  const fatSectors = fatSize16 || b.readUInt32LE(36);
  if (![512, 1024, 2048, 4096].includes(bytesPerSector)) throw corrupt(`bytes per sector ${bytesPerSector}`);
  if (secPerClus === 0 || (secPerClus & (secPerClus - 1)) !== 0) throw corrupt(`sectors per cluster ${secPerClus}`);
  if (reserved === 0 || fats === 0 || fats > 4 || fatSectors === 0) throw corrupt('reserved sectors, FAT count or FAT size is zero');
  if (totalSectors * bytesPerSector > volumeSize) throw corrupt('the volume is larger than its partition');
  const rootDirBytes = rootEntries * 32;
  const rootDirOffset = (reserved + fats * fatSectors) * bytesPerSector;
  const dataOffset = rootDirOffset + Math.ceil(rootDirBytes / bytesPerSector) * bytesPerSector;
  const clusterSize = secPerClus * bytesPerSector;
  const clusterCount = Math.floor((totalSectors * bytesPerSector - dataOffset) / clusterSize);
  if (clusterCount < 1) throw corrupt('no data clusters');
  // As Linux does: a zero 16-bit FAT size means FAT32 (small FAT32 volumes exist: EFI partitions of a few MB).
  const bits = fatSize16 === 0 ? 32 : clusterCount < 4085 ? 12 : 16;
  if (bits !== 32 && rootEntries === 0) throw corrupt('FAT12/16 without a root directory');
  if (fatSectors * bytesPerSector * 8 < (clusterCount + 2) * bits) throw corrupt('the FAT is too small for the volume');
  const rawLabel = b.toString('latin1', bits === 32 ? 71 : 43, bits === 32 ? 82 : 54).trim();
  return {
    bits, bytesPerSector, clusterSize, fatOffset: reserved * bytesPerSector, rootDirOffset, rootDirBytes,
    rootCluster: bits === 32 ? b.readUInt32LE(44) : 0, dataOffset, clusterCount,
    ...(rawLabel && rawLabel !== 'NO NAME' ? { label: rawLabel } : {}),
  };
}

export async function openFat(source: BlockSource): Promise<GuestFileSystem> {
  const src = cachedSource(source);
  if (src.size < 1024) throw corrupt('volume too small');
  const g = parseBootSector(await src.read(0, 512), src.size);
  const fs = new FatVolume(src, g);
  await fs.init();
  return fs;
}

class FatVolume implements GuestFileSystem {
  readonly type = 'fat' as const;
  label?: string;
  constructor(private readonly src: BlockSource, private readonly g: Geometry) {
    this.label = g.label;
  }

  async init(): Promise<void> {
    const root = await this.readDir(null);
    if (root.volumeLabel) this.label = root.volumeLabel;
  }

  private async nextCluster(n: number): Promise<number> {
    const { bits, fatOffset } = this.g;
    if (bits === 32) return (await this.src.read(fatOffset + n * 4, 4)).readUInt32LE(0) & 0x0fffffff;
    if (bits === 16) return (await this.src.read(fatOffset + n * 2, 2)).readUInt16LE(0);
    const v = (await this.src.read(fatOffset + Math.floor(n * 1.5), 2)).readUInt16LE(0);
    return n & 1 ? v >> 4 : v & 0xfff;
  }

  private isEnd(n: number): boolean {
    return n >= (this.g.bits === 32 ? 0x0ffffff8 : this.g.bits === 16 ? 0xfff8 : 0xff8);
  }

  /** The cluster chain from `first`, at most `max` clusters (more, or a bad link, is corruption). */
  private async chain(first: number, max: number): Promise<number[]> {
    const out: number[] = [];
    for (let n = first; !this.isEnd(n); n = await this.nextCluster(n)) {
      if (n < 2 || n >= this.g.clusterCount + 2) throw corrupt(`cluster chain points to cluster ${n}`);
      if (out.length >= max) throw corrupt('a cluster chain is longer than its file (a loop?)');
      out.push(n);
    }
    return out;
  }

  private clusterOffset(n: number): number {
    return this.g.dataOffset + (n - 2) * this.g.clusterSize;
  }

  private async readDir(firstCluster: number | null): Promise<{ entries: FatDirent[]; volumeLabel?: string }> {
    let data: Buffer;
    if (firstCluster === null && this.g.bits !== 32) {
      data = await this.src.read(this.g.rootDirOffset, this.g.rootDirBytes);
    } else {
      const maxClusters = Math.ceil((65536 * 32) / this.g.clusterSize); // FAT directories hold at most 65536 entries
      const clusters = await this.chain(firstCluster ?? this.g.rootCluster, Math.min(maxClusters, this.g.clusterCount));
      data = Buffer.concat(await Promise.all(clusters.map((c) => this.src.read(this.clusterOffset(c), this.g.clusterSize))));
    }
    const parsed = parseDirectory(data);
    if (parsed.entries.length > MAX_DIRECTORY_ENTRIES) throw corrupt('directory too large');
    return parsed;
  }

  private async resolve(path: string): Promise<FatDirent | null> {
    let current: FatDirent | null = null; // null: the root
    for (const name of splitGuestPath(path)) {
      if (current && current.entry.kind !== 'directory') throw notDirectory(path);
      const { entries } = await this.readDir(current ? current.firstCluster : null);
      const folded = name.toUpperCase();
      const hit = entries.find((e) => e.entry.name.toUpperCase() === folded);
      if (!hit) throw notFound(path);
      current = hit;
    }
    return current;
  }

  async list(dirPath: string): Promise<GuestEntry[]> {
    const dir = await this.resolve(dirPath);
    if (dir && dir.entry.kind !== 'directory') throw notDirectory(dirPath);
    return (await this.readDir(dir ? dir.firstCluster || null : null)).entries.map((e) => e.entry);
  }

  async stat(path: string): Promise<GuestEntry> {
    const hit = await this.resolve(path);
    return hit ? hit.entry : { name: '', kind: 'directory', size: 0 };
  }

  async open(path: string): Promise<GuestFile> {
    const hit = await this.resolve(path);
    if (!hit || hit.entry.kind !== 'file') throw notFile(path);
    const size = hit.entry.size;
    const need = Math.ceil(size / this.g.clusterSize);
    if (need > this.g.clusterCount) throw corrupt(`${path}: ${size} bytes do not fit in the volume`);
    const clusters = size === 0 ? [] : await this.chain(hit.firstCluster, need);
    if (clusters.length < need) throw corrupt(`${path}: the cluster chain is shorter than the file`);
    return { size, read: (offset, length) => this.readClusters(clusters, size, offset, length) };
  }

  private async readClusters(clusters: number[], size: number, offset: number, length: number): Promise<Buffer> {
    if (offset < 0 || length < 0 || offset + length > size) throw new FerryError(ErrorCode.OutOfRange, `Read outside the file (${size} bytes)`);
    const cs = this.g.clusterSize;
    const parts: Buffer[] = [];
    for (let at = offset; at < offset + length; ) {
      const i = Math.floor(at / cs);
      // merge clusters that follow each other on disk into one read
      let j = i;
      while (j + 1 < clusters.length && clusters[j + 1] === clusters[j] + 1 && (j + 1) * cs < offset + length) j++;
      const from = at - i * cs;
      const take = Math.min((j + 1) * cs - at, offset + length - at);
      parts.push(await this.src.read(this.clusterOffset(clusters[i]) + from, take));
      at += take;
    }
    return Buffer.concat(parts, length);
  }
}
