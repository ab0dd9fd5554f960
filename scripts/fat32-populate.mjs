// Writes a file tree into an empty FAT32 image made by mkfs.fat: what mtools refuses to do on an EFI-sized FAT32
// (fewer than 65525 clusters, which Windows and UEFI read fine). Long names (VFAT), 8.3 aliases, times in UTC.
// Used by scripts/lab-guest-images.mjs only; the product's FAT reader is src-main/engine/guestfs/fat/.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

function fatDateTime(d) {
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  return { date, time, tenths: (d.getUTCSeconds() % 2) * 100 + Math.floor(d.getUTCMilliseconds() / 10) };
}

function checksum(short) {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = (((sum & 1) << 7) + (sum >> 1) + short[i]) & 0xff;
  return sum;
}

function shortAlias(name, taken) {
  const dot = name.lastIndexOf('.');
  const clean = (s) => s.toUpperCase().replace(/[^A-Z0-9_]/g, '');
  const base = clean(dot > 0 ? name.slice(0, dot) : name) || 'FILE';
  const ext = clean(dot > 0 ? name.slice(dot + 1) : '').slice(0, 3);
  for (let n = 1; ; n++) {
    const tail = `~${n}`;
    const s = Buffer.from((base.slice(0, 8 - tail.length) + tail).padEnd(8) + ext.padEnd(3), 'latin1');
    if (!taken.has(s.toString('latin1'))) {
      taken.add(s.toString('latin1'));
      return s;
    }
  }
}

function entry(short, attr, cluster, size, mtime) {
  const e = Buffer.alloc(32);
  short.copy(e, 0);
  e[11] = attr;
  const t = fatDateTime(mtime);
  e[13] = t.tenths;
  e.writeUInt16LE(t.time, 14);
  e.writeUInt16LE(t.date, 16);
  e.writeUInt16LE(t.date, 18);
  e.writeUInt16LE(cluster >>> 16, 20);
  e.writeUInt16LE(t.time, 22);
  e.writeUInt16LE(t.date, 24);
  e.writeUInt16LE(cluster & 0xffff, 26);
  e.writeUInt32LE(size, 28);
  return e;
}

function lfnEntries(name, short) {
  const units = Buffer.from(name + '\0', 'utf16le');
  const padded = Buffer.alloc(Math.ceil(units.length / 26) * 26, 0xff);
  units.copy(padded);
  const count = padded.length / 26;
  const sum = checksum(short);
  const out = [];
  for (let i = count; i >= 1; i--) {
    const part = padded.subarray((i - 1) * 26, i * 26);
    const e = Buffer.alloc(32);
    e[0] = i | (i === count ? 0x40 : 0);
    part.copy(e, 1, 0, 10);
    e[11] = 0x0f;
    e[13] = sum;
    part.copy(e, 14, 10, 22);
    part.copy(e, 28, 22, 26);
    out.push(e);
  }
  return out;
}

export function populateFat32(imagePath, treeRoot, label) {
  const fd = openSync(imagePath, 'r+');
  try {
    const bs = Buffer.alloc(512);
    readSync(fd, bs, 0, 512, 0);
    const bps = bs.readUInt16LE(11);
    const clusterSize = bs[13] * bps;
    const fatOffset = bs.readUInt16LE(14) * bps;
    const fats = bs[16];
    const fatBytes = bs.readUInt32LE(36) * bps;
    const rootCluster = bs.readUInt32LE(44);
    const dataOffset = fatOffset + fats * fatBytes;
    const fat = Buffer.alloc(fatBytes);
    readSync(fd, fat, 0, fatBytes, fatOffset);
    let next = rootCluster + 1;
    const alloc = (bytes) => {
      const n = Math.max(1, Math.ceil(bytes / clusterSize));
      const first = next;
      for (let i = 0; i < n; i++) fat.writeUInt32LE(i === n - 1 ? 0x0fffffff : first + i + 1, (first + i) * 4);
      next += n;
      return first;
    };
    const writeAt = (cluster, data) => writeSync(fd, data, 0, data.length, dataOffset + (cluster - 2) * clusterSize);
    const writeDir = (dir, cluster, parentCluster, isRoot) => {
      const taken = new Set();
      const parts = [];
      if (!isRoot) {
        const now = statSync(dir).mtime;
        parts.push(entry(Buffer.from('.          ', 'latin1'), 0x10, cluster, 0, now), entry(Buffer.from('..         ', 'latin1'), 0x10, parentCluster === rootCluster ? 0 : parentCluster, 0, now));
      }
      if (isRoot && label) parts.push(entry(Buffer.from(label.toUpperCase().padEnd(11).slice(0, 11), 'latin1'), 0x08, 0, 0, statSync(dir).mtime));
      const children = [];
      for (const name of readdirSync(dir).sort()) {
        const p = join(dir, name);
        const st = statSync(p);
        const short = shortAlias(name, taken);
        const isDir = st.isDirectory();
        const size = isDir ? 0 : st.size;
        const first = isDir ? alloc(clusterSize * 4) : size > 0 ? alloc(size) : 0;
        parts.push(...lfnEntries(name, short), entry(short, isDir ? 0x10 : 0x20, first, size, st.mtime));
        children.push({ p, isDir, first, size });
      }
      const data = Buffer.concat(parts);
      const limit = isRoot ? clusterSize : clusterSize * 4;
      if (data.length > limit) throw new Error(`${dir}: too many entries for this simple writer`);
      writeAt(cluster, data);
      for (const c of children) {
        if (c.isDir) writeDir(c.p, c.first, cluster, false);
        else if (c.size > 0) writeAt(c.first, readFileSync(c.p));
      }
    };
    writeDir(treeRoot, rootCluster, 0, true);
    for (let i = 0; i < fats; i++) writeSync(fd, fat, 0, fatBytes, fatOffset + i * fatBytes);
    // FSInfo: free count and next free "unknown", so no reader trusts stale numbers
    const fsinfo = Buffer.alloc(8, 0xff);
    writeSync(fd, fsinfo, 0, 8, bs.readUInt16LE(48) * bps + 488);
  } finally {
    closeSync(fd);
  }
}
