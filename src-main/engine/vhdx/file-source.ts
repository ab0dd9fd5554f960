// Bounds-checked, read-only byte access to one disk file. Every read of an offset that came out of the
// file goes through here, so a hostile offset becomes E_DISK_CORRUPT instead of a crash or a short read.
// A VHDX log replay lands in `overlay` (4 KiB sectors) so the file on disk is never modified.
import { open, type FileHandle } from 'node:fs/promises';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { diskCorrupt, diskUnsupported } from './errors';

export const OVERLAY_SECTOR = 4096;

export class FileSource {
  /** Replayed log sectors by 4 KiB sector index; consulted after the on-disk bytes. */
  private overlay = new Map<number, Buffer>();
  /** Size including any growth a replayed log asked for (reads past the physical end return zeros). */
  private logicalSize: number;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly physicalSize: number,
  ) {
    this.logicalSize = physicalSize;
  }

  static async open(path: string): Promise<FileSource> {
    const handle = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new FerryError(ErrorCode.NotFound, `${path}: no such disk file`, { path }) : e;
    });
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw diskUnsupported(path, 'not a regular file (devices and directories are not disk images)');
      return new FileSource(path, handle, st.size);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  get size(): number {
    return this.logicalSize;
  }

  /** Replace 4 KiB-aligned sectors as seen by later reads (log replay). */
  applyOverlay(sectors: Map<number, Buffer>, newSize: number): void {
    for (const [index, data] of sectors) this.overlay.set(index, data);
    this.logicalSize = Math.max(this.logicalSize, newSize);
  }

  get hasOverlay(): boolean {
    return this.overlay.size > 0 || this.logicalSize !== this.physicalSize;
  }

  /** Read exactly `length` bytes at `offset`; `what` names the structure for the error message. */
  async read(offset: number, length: number, what: string): Promise<Buffer> {
    const buf = Buffer.alloc(this.checkRange(offset, length, what));
    await this.readInto(buf, 0, length, offset, what);
    return buf;
  }

  async readInto(target: Buffer, targetOffset: number, length: number, offset: number, what: string): Promise<void> {
    this.checkRange(offset, length, what);
    const physicalEnd = Math.min(offset + length, this.physicalSize);
    let done = 0;
    while (offset + done < physicalEnd) {
      const { bytesRead } = await this.handle.read(target, targetOffset + done, physicalEnd - offset - done, offset + done);
      if (bytesRead === 0) throw diskCorrupt(this.path, `${what}: file shrank while reading at offset ${offset + done}`);
      done += bytesRead;
    }
    // Past the physical end (only reachable after a log replay grew the file): zeros.
    if (done < length) target.fill(0, targetOffset + done, targetOffset + length);
    if (this.overlay.size > 0) this.patchFromOverlay(target, targetOffset, length, offset);
  }

  private checkRange(offset: number, length: number, what: string): number {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw diskCorrupt(this.path, `${what}: invalid offset ${offset} / length ${length}`);
    }
    if (offset + length > this.logicalSize) {
      throw diskCorrupt(
        this.path,
        `${what} at offset ${offset} (length ${length}) lies beyond the end of the file (${this.logicalSize} bytes); the file is truncated or the offset is wrong`,
      );
    }
    return length;
  }

  private patchFromOverlay(target: Buffer, targetOffset: number, length: number, offset: number): void {
    const first = Math.floor(offset / OVERLAY_SECTOR);
    const last = Math.floor((offset + length - 1) / OVERLAY_SECTOR);
    if (length === 0) return;
    for (let s = first; s <= last; s++) {
      const sector = this.overlay.get(s);
      if (!sector) continue;
      const sectorStart = s * OVERLAY_SECTOR;
      const from = Math.max(offset, sectorStart);
      const to = Math.min(offset + length, sectorStart + OVERLAY_SECTOR);
      sector.copy(target, targetOffset + (from - offset), from - sectorStart, to - sectorStart);
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
