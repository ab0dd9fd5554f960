// Restore one disk of a point to a sparse raw image, atomically (temp file next to the target, then rename).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { ChunkStore } from './chunk-store';
import { messageOf } from './fs-util';
import { fsyncDir } from '../util/atomic';
import { isAllZero } from '../util/zero';
import { orderedPipeline } from './pipeline';
import { restoreOntoDevice, restoreTargetKind } from './restore-device';
import type { DiskManifestInput, ProgressFn } from './types';

const READ_AHEAD = 4;

/** Where restored data goes; raw files and VHDX writers both fit. */
export interface DiskImageSink {
  write(offset: number, data: Buffer): Promise<void>;
}

/**
 * Feed every non-zero block of a manifest to a sink, in offset order. Blocks that are all zeros are skipped:
 * the target already reads as zeros there, and skipping keeps it sparse.
 */
export async function copyBlocks(m: DiskManifestInput, chunks: ChunkStore, sink: DiskImageSink, onProgress?: ProgressFn): Promise<void> {
  const total = m.blocks.reduce((s, b) => s + b.length, 0);
  let done = 0;
  onProgress?.(0, total);
  await orderedPipeline(m.blocks, READ_AHEAD, (b) => chunks.read(b.hash), async (data, b) => {
    if (!isAllZero(data)) await sink.write(b.offset, data);
    done += b.length;
    onProgress?.(done, total);
  });
}

export async function restoreRawFile(m: DiskManifestInput, chunks: ChunkStore, outPath: string, onProgress?: ProgressFn): Promise<void> {
  const target = await restoreTargetKind(outPath);
  if (target.kind !== 'new-or-file') return restoreOntoDevice(m, chunks, outPath, target, onProgress);
  const tmp = path.join(path.dirname(outPath), `.${path.basename(outPath)}.ferry-restore-${randomBytes(4).toString('hex')}`);
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(tmp, 'wx');
    await fh.truncate(m.virtualSize); // sparse: unwritten ranges read as zeros
    const out = fh;
    await copyBlocks(m, chunks, { write: (offset, data) => writeFully(out, data, offset) }, onProgress);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fs.rename(tmp, outPath);
    await fsyncDir(path.dirname(outPath));
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    if (e instanceof FerryError) throw e;
    throw new FerryError(ErrorCode.RepoWrite, `Cannot write restored disk ${m.diskKey} to ${outPath}: ${messageOf(e)}`);
  }
}

/** FileHandle.write may write less than asked; loop until all of it is down. */
export async function writeFully(fh: fs.FileHandle, data: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < data.byteLength) {
    const { bytesWritten } = await fh.write(data, written, data.byteLength - written, position + written);
    written += bytesWritten;
  }
}
