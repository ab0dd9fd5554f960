// Restoring onto an existing block or character device (a disk, /dev/null, a named pipe): the bytes go INTO
// the node, in place. A device is never replaced by a file (the atomic temp-file-and-rename of a file
// restore would turn /dev/sdb into a regular file and leave the disk untouched), and it is not sparse: what
// it held before is overwritten everywhere, zeros included.
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { ChunkStore } from './chunk-store';
import { errnoCode, messageOf } from './fs-util';
import { orderedPipeline } from './pipeline';
import type { DiskManifestInput, ProgressFn } from './types';

const READ_AHEAD = 4;
const ZERO_RUN = Buffer.alloc(1024 * 1024);

export type RestoreTarget = { kind: 'new-or-file' } | { kind: 'block' | 'stream'; stats: Stats };

/** What `outPath` is now. Directories, sockets and the like are refused (E_INVALID_PARAMS). */
export async function restoreTargetKind(outPath: string): Promise<RestoreTarget> {
  const st = await fs.stat(outPath).catch((e: unknown) => {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw new FerryError(ErrorCode.InvalidParams, `Cannot look at restore target ${outPath}: ${messageOf(e)}`, { outPath });
  });
  if (!st || st.isFile()) return { kind: 'new-or-file' };
  if (st.isBlockDevice()) return { kind: 'block', stats: st };
  if (st.isCharacterDevice() || st.isFIFO()) return { kind: 'stream', stats: st };
  throw new FerryError(ErrorCode.InvalidParams, `${outPath} is ${st.isDirectory() ? 'a directory' : 'not a file or a device'}: give a file path or a device to restore onto`, { outPath });
}

/** Every byte of the virtual disk, in order: manifest blocks as stored, the gaps between them as zeros. */
async function writeWholeDisk(m: DiskManifestInput, chunks: ChunkStore, write: (offset: number, data: Buffer) => Promise<void>, onProgress?: ProgressFn): Promise<void> {
  let at = 0;
  const zerosUpTo = async (end: number) => {
    while (at < end) {
      const n = Math.min(ZERO_RUN.byteLength, end - at);
      await write(at, ZERO_RUN.subarray(0, n));
      at += n;
      onProgress?.(at, m.virtualSize);
    }
  };
  onProgress?.(0, m.virtualSize);
  await orderedPipeline(m.blocks, READ_AHEAD, (b) => chunks.read(b.hash), async (data, b) => {
    await zerosUpTo(b.offset);
    await write(b.offset, data);
    at = b.offset + data.byteLength;
    onProgress?.(at, m.virtualSize);
  });
  await zerosUpTo(m.virtualSize);
}

async function writeAll(fh: fs.FileHandle, data: Buffer, position: number | null): Promise<void> {
  let written = 0;
  while (written < data.byteLength) {
    const { bytesWritten } = await fh.write(data, written, data.byteLength - written, position === null ? null : position + written);
    written += bytesWritten;
  }
}

/** A block device must hold the whole disk: its last byte must be readable. */
async function checkCapacity(fh: fs.FileHandle, m: DiskManifestInput, outPath: string): Promise<void> {
  if (m.virtualSize === 0) return;
  const { bytesRead } = await fh.read(Buffer.alloc(1), 0, 1, m.virtualSize - 1);
  if (bytesRead !== 1) {
    throw new FerryError(ErrorCode.InvalidParams, `${outPath} is smaller than disk ${m.diskKey} (${m.virtualSize} bytes): nothing was written`, { outPath, virtualSize: m.virtualSize });
  }
}

export async function restoreOntoDevice(m: DiskManifestInput, chunks: ChunkStore, outPath: string, target: Exclude<RestoreTarget, { kind: 'new-or-file' }>, onProgress?: ProgressFn): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    // No O_CREAT/O_TRUNC semantics that matter here: the node exists and stays what it is.
    fh = await fs.open(outPath, target.kind === 'block' ? 'r+' : 'w');
    const out = fh;
    if (target.kind === 'block') await checkCapacity(out, m, outPath);
    const positional = target.kind === 'block';
    await writeWholeDisk(m, chunks, (offset, data) => writeAll(out, data, positional ? offset : null), onProgress);
    await out.sync().catch((e: unknown) => {
      // Character devices and pipes have nothing to flush.
      if (positional || !['EINVAL', 'ENOTSUP', 'EROFS', 'EBADF'].includes(errnoCode(e) ?? '')) throw e;
    });
  } catch (e) {
    if (e instanceof FerryError) throw e;
    throw new FerryError(ErrorCode.RepoWrite, `Cannot write restored disk ${m.diskKey} onto ${outPath}: ${messageOf(e)}`);
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
