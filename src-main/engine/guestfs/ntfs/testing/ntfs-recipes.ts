// The cases the NTFS reader is cross-checked on, as ntfs-3g recipes (see ntfs-images.ts). Each populate step runs
// against a fresh ntfs-3g mount; content is deterministic (seeded bytes), so cached images stay valid.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImageRecipe, Mounted } from './ntfs-images';

/** Deterministic pseudo-random bytes (xorshift32): incompressible, the same on every build. */
export function seededBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const text = (lines: number, from = 1): string => Array.from({ length: lines }, (_, i) => `line ${i + from}: the quick brown fox\n`).join('');

const hex = (b: Buffer): string => `0x${b.toString('hex')}`;
const be32 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** A reparse buffer for a symbolic link (tag 0xA000000C) or junction (0xA0000003) with substitute and print names. */
export function reparseData(kind: 'symlink' | 'junction', substitute: string, print: string, relative = false): Buffer {
  const sub = Buffer.from(`${substitute}${kind === 'junction' ? '\0' : ''}`, 'utf16le');
  const prn = Buffer.from(`${print}${kind === 'junction' ? '\0' : ''}`, 'utf16le');
  const head = Buffer.alloc(kind === 'symlink' ? 12 : 8);
  const subLen = kind === 'junction' ? sub.length - 2 : sub.length;
  const prnLen = kind === 'junction' ? prn.length - 2 : prn.length;
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(subLen, 2);
  head.writeUInt16LE(sub.length, 4);
  head.writeUInt16LE(prnLen, 6);
  if (kind === 'symlink') head.writeUInt32LE(relative ? 1 : 0, 8);
  const data = Buffer.concat([head, sub, prn]);
  const top = Buffer.alloc(8);
  top.writeUInt32LE(kind === 'symlink' ? 0xa000000c : 0xa0000003, 0);
  top.writeUInt16LE(data.length, 4);
  return Buffer.concat([top, data]);
}

async function write(m: Mounted, file: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(path.join(m.root, file)), { recursive: true });
  await fs.writeFile(path.join(m.root, file), data);
}

export const basicRecipe: ImageRecipe = {
  name: 'basic',
  sizeMiB: 24,
  async populate(m) {
    await write(m, 'hello.txt', 'hello world\n');
    await write(m, 'empty.bin', '');
    await write(m, 'resident.bin', seededBytes(600, 1));
    await write(m, 'medium.bin', seededBytes(300_000, 2));
    await write(m, 'Ünïcödé/日本語/файл ✓.txt', 'unicode\n');
    await write(m, '📁 emoji/😀 grin.txt', 'surrogates\n');
    await write(m, 'CaseTest.TXT', 'case\n');
    const deep = Array.from({ length: 30 }, (_, i) => `level-${String(i).padStart(2, '0')}-abcdefghij`).join('/');
    await write(m, `${deep}/bottom.txt`, 'deep\n');
    await write(m, 'ads.txt', 'main stream\n');
    await fs.writeFile(path.join(m.root, 'ads.txt:Zone.Identifier'), '[ZoneTransfer]\r\nZoneId=3\r\n');
    await fs.writeFile(path.join(m.root, 'ads.txt:big'), seededBytes(100_000, 3));
    await write(m, 'links/a.txt', 'linked\n');
    await fs.link(path.join(m.root, 'links/a.txt'), path.join(m.root, 'links/b.txt'));
    await fs.mkdir(path.join(m.root, 'other'));
    await fs.link(path.join(m.root, 'links/a.txt'), path.join(m.root, 'other/c.txt'));
    await fs.symlink('../hello.txt', path.join(m.root, 'links/posix-link'));
    await write(m, 'links/win-link', '');
    await m.setXattr('links/win-link', 'system.ntfs_reparse_data', hex(reparseData('symlink', '..\\hello.txt', '..\\hello.txt', true)));
    await fs.mkdir(path.join(m.root, 'links/junction'));
    await m.setXattr('links/junction', 'system.ntfs_reparse_data', hex(reparseData('junction', '\\??\\C:\\Windows', 'C:\\Windows')));
    await write(m, 'attrs/readonly-hidden.txt', 'attrs\n');
    await m.setXattr('attrs/readonly-hidden.txt', 'system.ntfs_attrib_be', be32(0x23));
    await write(m, 'A long file name.txt', 'has a DOS alias\n');
    await m.setXattr('A long file name.txt', 'system.ntfs_dos_name', hex(Buffer.from('ALONGF~1.TXT', 'latin1')));
    await write(m, 'old.txt', 'old\n');
    await fs.utimes(path.join(m.root, 'old.txt'), new Date('2001-09-09T01:46:40.250Z'), new Date('2003-03-03T03:03:03.500Z'));
  },
};

export const compressedRecipe: ImageRecipe = {
  name: 'compressed',
  sizeMiB: 16,
  async populate(m) {
    await fs.mkdir(path.join(m.root, 'z'));
    await m.setXattr('z', 'system.ntfs_attrib_be', be32(0x800));
    await write(m, 'z/text.txt', text(20_000));
    await write(m, 'z/random.bin', seededBytes(200_000, 4));
    await write(m, 'z/zeros.bin', Buffer.alloc(300_000));
    const parts: Buffer[] = [];
    for (let i = 0; i < 5; i++) parts.push(Buffer.from(text(1500, i * 1500)).subarray(0, 65536), seededBytes(65536, 10 + i), Buffer.alloc(65536));
    parts.push(Buffer.from(text(30)).subarray(0, 1000));
    await write(m, 'z/mixed.bin', Buffer.concat(parts));
    await write(m, 'z/tiny.txt', 'tiny compressed-folder file\n');
    await write(m, 'z/odd.txt', text(4000).slice(0, 70_001));
  },
};

export const sparseFragmentedRecipe: ImageRecipe = {
  name: 'sparse-fragmented',
  sizeMiB: 20,
  async populate(m) {
    const fh = await fs.open(path.join(m.root, 'sparse.bin'), 'w');
    await fh.write(seededBytes(4096, 5), 0, 4096, 0);
    await fh.write(seededBytes(8192, 6), 0, 8192, 3_000_000);
    await fh.write(seededBytes(100, 7), 0, 100, 9_000_000);
    await fh.close();
    await write(m, 'hole-tail.bin', seededBytes(5000, 8));
    await fs.truncate(path.join(m.root, 'hole-tail.bin'), 2_000_000);
    // Fill the volume with 4 KiB files, free every other one: a big file written now is scattered over the holes,
    // with so many runs that its run list spills into extension records (an attribute list).
    await fs.mkdir(path.join(m.root, 'fill'));
    let n = 0;
    for (; ; n++) {
      const ok = await fs.writeFile(path.join(m.root, 'fill', `f${n}`), seededBytes(4096, 100 + n)).then(() => true, () => false);
      if (!ok) break;
    }
    for (let i = 0; i < n; i += 2) await fs.rm(path.join(m.root, 'fill', `f${i}`));
    await write(m, 'fragmented.bin', seededBytes(Math.floor(n / 2) * 4096 - 400_000, 9));
  },
};

export const bigDirectoryRecipe: ImageRecipe = {
  name: 'big-directory',
  sizeMiB: 48,
  async populate(m) {
    await fs.mkdir(path.join(m.root, 'big'));
    for (let i = 0; i < 10_000; i++) await fs.writeFile(path.join(m.root, 'big', `entry-${String(i).padStart(5, '0')} ünï.txt`), `entry ${i}\n`);
    await write(m, 'many-streams.txt', 'streams\n');
    for (let i = 0; i < 60; i++) await fs.writeFile(path.join(m.root, `many-streams.txt:stream-${i}`), `stream ${i} `.repeat(20));
    await write(m, 'hard/target.txt', 'many names\n');
    for (let i = 0; i < 40; i++) await fs.link(path.join(m.root, 'hard/target.txt'), path.join(m.root, 'hard', `link-${i}-with-a-longer-name-to-fill-the-record.txt`));
  },
};

export const allRecipes = [basicRecipe, compressedRecipe, sparseFragmentedRecipe, bigDirectoryRecipe];
