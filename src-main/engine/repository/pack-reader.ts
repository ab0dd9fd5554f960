// Reads chunk records back out of packs, keeping a few pack files open.
import fs from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { RepoLayout } from './layout';
import { RECORD_HEADER_BYTES, type PackEntry } from './pack-format';

const MAX_OPEN_PACKS = 16;

/** Why a stored record cannot be trusted; undefined when it reads back intact. */
export type RecordProblem = 'record header damaged' | 'stored data damaged (checksum mismatch)' | 'pack file truncated';

interface OpenPack {
  fh: fs.FileHandle;
  users: number;
}

export class PackReader {
  private readonly open = new Map<string, OpenPack>();

  constructor(private readonly layout: RepoLayout) {}

  /** The stored (compressed) bytes of one record, or the problem that makes them unusable. ENOENT propagates. */
  async readStored(packId: string, entry: PackEntry): Promise<{ stored: Buffer } | { problem: RecordProblem }> {
    const slot = await this.acquire(packId);
    try {
      const buf = Buffer.allocUnsafe(RECORD_HEADER_BYTES + entry.storedLength); // fully overwritten, or rejected below
      const { bytesRead } = await slot.fh.read(buf, 0, buf.byteLength, entry.offset);
      if (bytesRead < buf.byteLength) return { problem: 'pack file truncated' };
      const header = buf.subarray(0, RECORD_HEADER_BYTES);
      const headerIntact =
        header.readUInt32LE(52) === crc32(header.subarray(0, 52)) &&
        header.subarray(4, 36).toString('hex') === entry.hash &&
        header.readUInt32LE(44) === entry.storedLength;
      if (!headerIntact) return { problem: 'record header damaged' };
      const stored = buf.subarray(RECORD_HEADER_BYTES);
      if (crc32(stored) !== header.readUInt32LE(48)) return { problem: 'stored data damaged (checksum mismatch)' };
      return { stored };
    } finally {
      slot.users--;
    }
  }

  /** Close a pack's handle (before it is deleted, and on close). */
  async drop(packId: string): Promise<void> {
    const slot = this.open.get(packId);
    if (!slot) return;
    this.open.delete(packId);
    await slot.fh.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.drop(id)));
  }

  private async acquire(packId: string): Promise<OpenPack> {
    let slot = this.open.get(packId);
    if (slot) {
      // Re-insert: Map order is the LRU order.
      this.open.delete(packId);
      this.open.set(packId, slot);
      slot.users++;
      return slot;
    }
    const fh = await fs.open(this.layout.packFile(packId), 'r');
    slot = this.open.get(packId); // a concurrent read may have opened it meanwhile
    if (slot) {
      await fh.close();
    } else {
      slot = { fh, users: 0 };
      this.open.set(packId, slot);
    }
    slot.users++;
    await this.evictIdle();
    return slot;
  }

  private async evictIdle(): Promise<void> {
    for (const [id, slot] of this.open) {
      if (this.open.size <= MAX_OPEN_PACKS) return;
      if (slot.users === 0) await this.drop(id);
    }
  }
}
