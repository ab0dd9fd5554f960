// Restore one disk of a point as a dynamic VHDX (what Hyper-V attaches directly), atomically.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { createDynamicVhdx, VhdxWriter } from '../vhdx';
import type { ChunkStore } from './chunk-store';
import { messageOf } from './fs-util';
import { fsyncDir } from '../util/atomic';
import { restoreTargetKind } from './restore-device';
import { copyBlocks } from './restore-raw';
import { SectorAligner } from './sector-aligner';
import type { DiskManifestInput, ProgressFn } from './types';

const MiB = 1024 * 1024;

export interface VhdxRestoreOptions {
  /** VHDX block size; default: meta.vhdxBlockSize if recorded, else 32 MiB (Hyper-V's default) */
  blockSize?: number;
  /** default: meta.logicalSectorSize if recorded (512 or 4096), else 512 */
  logicalSectorSize?: 512 | 4096;
  physicalSectorSize?: 512 | 4096;
}

function metaNumber(m: DiskManifestInput, key: string): number | undefined {
  const v = m.meta?.[key];
  return typeof v === 'number' ? v : undefined;
}

export function vhdxGeometry(m: DiskManifestInput, opts: VhdxRestoreOptions): { blockSize: number; logicalSectorSize: 512 | 4096; physicalSectorSize: 512 | 4096 } {
  const sectorOf = (n: number | undefined): 512 | 4096 | undefined => (n === 512 || n === 4096 ? n : undefined);
  const logicalSectorSize = opts.logicalSectorSize ?? sectorOf(metaNumber(m, 'logicalSectorSize')) ?? 512;
  const physicalSectorSize = opts.physicalSectorSize ?? sectorOf(metaNumber(m, 'physicalSectorSize')) ?? logicalSectorSize;
  const blockSize = opts.blockSize ?? metaNumber(m, 'vhdxBlockSize') ?? 32 * MiB;
  return { blockSize, logicalSectorSize, physicalSectorSize };
}

export async function restoreVhdxFile(m: DiskManifestInput, chunks: ChunkStore, outPath: string, opts: VhdxRestoreOptions = {}, onProgress?: ProgressFn): Promise<void> {
  const geometry = vhdxGeometry(m, opts);
  if (m.virtualSize === 0 || m.virtualSize % geometry.logicalSectorSize !== 0) {
    throw new FerryError(
      ErrorCode.DiskUnsupported,
      `Disk ${m.diskKey} (${m.virtualSize} bytes) cannot be a VHDX: the size must be a positive multiple of ${geometry.logicalSectorSize}-byte sectors; restore it raw`,
    );
  }
  if ((await restoreTargetKind(outPath)).kind !== 'new-or-file') {
    throw new FerryError(ErrorCode.InvalidParams, `${outPath} is a device: a VHDX restore writes a file; restore onto a device as a raw image`, { outPath });
  }
  const tmp = path.join(path.dirname(outPath), `.${path.basename(outPath)}.ferry-restore-${randomBytes(4).toString('hex')}.vhdx`);
  let writer: VhdxWriter | undefined;
  try {
    await createDynamicVhdx(tmp, { virtualSize: m.virtualSize, ...geometry });
    writer = await VhdxWriter.open(tmp);
    const target = writer;
    const aligner = new SectorAligner({ write: (offset, data) => target.write(offset, data) }, geometry.logicalSectorSize);
    await copyBlocks(m, chunks, aligner, onProgress);
    await aligner.flushAll();
    await writer.close();
    writer = undefined;
    await syncFile(tmp); // the writer syncs only files it changed; an all-zero disk must be durable too
    await fs.rename(tmp, outPath);
    await fsyncDir(path.dirname(outPath));
  } catch (e) {
    await writer?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    if (e instanceof FerryError) throw e;
    throw new FerryError(ErrorCode.RepoWrite, `Cannot write restored disk ${m.diskKey} to ${outPath}: ${messageOf(e)}`);
  }
}

async function syncFile(file: string): Promise<void> {
  const fh = await fs.open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
