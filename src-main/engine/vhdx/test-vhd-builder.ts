// Test-only: writes differencing VHD files byte by byte (qemu cannot create them), following reference §3.10.
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { setBits } from './bitmap';
import { vhdBitmapSize, vhdChecksum } from './vhd-format';

export interface DifferencingVhdOptions {
  blockSize?: number;
  writes: Array<[number, Buffer]>;
  /** Default: W2ru with the parent's file name and W2ku with its absolute path. */
  locators?: Array<{ code: 'W2ru' | 'W2ku' | 'MacX'; path: string }>;
  parentName?: string;
  /** Parent UniqueId to record (default: the parent's real one). */
  parentUniqueId?: Buffer;
}

function uuidBytes(): Buffer {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
}

export function footerBytes(currentSize: number, diskType: 2 | 3 | 4, dataOffset: bigint, uniqueId = uuidBytes()): Buffer {
  const f = Buffer.alloc(512);
  f.write('conectix', 0, 'latin1');
  f.writeUInt32BE(2, 8);
  f.writeUInt32BE(0x00010000, 12);
  f.writeBigUInt64BE(dataOffset, 16);
  f.write('frry', 28, 'latin1');
  f.writeUInt32BE(0x00010000, 32);
  f.write('Wi2k', 36, 'latin1');
  f.writeBigUInt64BE(BigInt(currentSize), 40);
  f.writeBigUInt64BE(BigInt(currentSize), 48);
  f.writeUInt32BE(0xffff10ff, 56); // 65535/16/255: size comes from current size
  f.writeUInt32BE(diskType, 60);
  uniqueId.copy(f, 68);
  f.writeUInt32BE(vhdChecksum(f, 64), 64);
  return f;
}

export async function writeDifferencingVhd(path: string, parentPath: string, opts: DifferencingVhdOptions): Promise<void> {
  const parent = await readFile(parentPath);
  const parentFooter = parent.subarray(parent.length - 512);
  const currentSize = Number(parentFooter.readBigUInt64BE(48));
  const blockSize = opts.blockSize ?? 2 * 1024 * 1024;
  const bitmapSize = vhdBitmapSize(blockSize);
  const blocks = Math.ceil(currentSize / blockSize);
  const tableOffset = 1536;
  const batBytes = Math.ceil((blocks * 4) / 512) * 512;
  const bat = Buffer.alloc(batBytes, 0xff);
  const parentFile = parentPath.split('/').pop() ?? parentPath;
  const locators = opts.locators ?? [
    { code: 'W2ru' as const, path: `.\\${parentFile}` },
    { code: 'W2ku' as const, path: `C:\\VMs\\${parentFile}` },
  ];

  const header = Buffer.alloc(1024);
  header.write('cxsparse', 0, 'latin1');
  header.writeBigUInt64BE(0xffffffffffffffffn, 8);
  header.writeBigUInt64BE(BigInt(tableOffset), 16);
  header.writeUInt32BE(0x00010000, 24);
  header.writeUInt32BE(blocks, 28);
  header.writeUInt32BE(blockSize, 32);
  (opts.parentUniqueId ?? parentFooter.subarray(68, 84)).copy(header, 40);
  const name = Buffer.from(opts.parentName ?? parentFile, 'utf16le');
  name.swap16();
  name.copy(header, 64, 0, Math.min(name.length, 510));

  let cursor = tableOffset + batBytes;
  const chunks: Array<[number, Buffer]> = [];
  locators.forEach((loc, i) => {
    const data = loc.code === 'MacX' ? Buffer.from(`file://${loc.path}`, 'utf8') : Buffer.from(loc.path, 'utf16le');
    const at = 576 + i * 24;
    header.write(loc.code, at, 'latin1');
    header.writeUInt32BE(Math.ceil(data.length / 512), at + 4);
    header.writeUInt32BE(data.length, at + 8);
    header.writeBigUInt64BE(BigInt(cursor), at + 16);
    chunks.push([cursor, data]);
    cursor += Math.ceil(data.length / 512) * 512;
  });
  header.writeUInt32BE(vhdChecksum(header, 36), 36);

  const blockData = new Map<number, { at: number; bitmap: Buffer; data: Buffer }>();
  for (const [offset, data] of opts.writes) {
    for (let pos = offset; pos < offset + data.length; ) {
      const b = Math.floor(pos / blockSize);
      const to = Math.min(offset + data.length, (b + 1) * blockSize);
      let blk = blockData.get(b);
      if (!blk) {
        blk = { at: cursor, bitmap: Buffer.alloc(bitmapSize), data: Buffer.alloc(blockSize) };
        blockData.set(b, blk);
        bat.writeUInt32BE(cursor / 512, b * 4);
        cursor += bitmapSize + blockSize;
      }
      data.copy(blk.data, pos - b * blockSize, pos - offset, to - offset);
      setBits(blk.bitmap, (pos - b * blockSize) / 512, (to - b * blockSize) / 512, true);
      pos = to;
    }
  }
  const footer = footerBytes(currentSize, 4, 512n);
  const file = Buffer.alloc(cursor + 512);
  footer.copy(file, 0);
  header.copy(file, 512);
  bat.copy(file, tableOffset);
  for (const [at, data] of chunks) data.copy(file, at);
  for (const blk of blockData.values()) {
    blk.bitmap.copy(file, blk.at);
    blk.data.copy(file, blk.at + bitmapSize);
  }
  footer.copy(file, cursor);
  await writeFile(path, file);
}
