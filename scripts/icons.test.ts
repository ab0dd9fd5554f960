// The committed icons (made by scripts/icons.mjs from assets/icon.svg) are what Windows, NSIS and browsers can read,
// and everything that names one finds it. Read with an independent parser, not the script's encoders.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const asset = (...parts: string[]) => readFileSync(join(root, 'assets', ...parts));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, which must come first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

interface IcoEntry {
  width: number;
  height: number;
  planes: number;
  bitCount: number;
  image: Buffer;
}

function parseIco(ico: Buffer): IcoEntry[] {
  expect(ico.readUInt16LE(0), 'reserved').toBe(0);
  expect(ico.readUInt16LE(2), 'type 1 = icon').toBe(1);
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const e = 6 + i * 16;
    const bytes = ico.readUInt32LE(e + 8);
    const offset = ico.readUInt32LE(e + 12);
    expect(offset, 'image after the directory').toBeGreaterThanOrEqual(6 + count * 16);
    expect(offset + bytes, 'image inside the file').toBeLessThanOrEqual(ico.length);
    return {
      width: ico[e] || 256,
      height: ico[e + 1] || 256,
      planes: ico.readUInt16LE(e + 4),
      bitCount: ico.readUInt16LE(e + 6),
      image: ico.subarray(offset, offset + bytes),
    };
  });
}

describe('icons', () => {
  it('icon.ico holds 16…256 px, each a 32-bit PNG of the size its entry says', () => {
    const entries = parseIco(asset('icon.ico'));
    expect(entries.map((e) => e.width)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const e of entries) {
      expect(e.height).toBe(e.width);
      expect({ planes: e.planes, bitCount: e.bitCount }).toEqual({ planes: 1, bitCount: 32 });
      expect(pngSize(e.image)).toEqual({ width: e.width, height: e.height });
    }
  });

  it('assets/icons/<size>.png and the 1024 px icon.png are the sizes their names say', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) expect(pngSize(asset('icons', `${size}.png`))).toEqual({ width: size, height: size });
    expect(pngSize(asset('icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('the NSIS sidebar is a 164 × 314, 24-bit uncompressed BMP', () => {
    const bmp = asset('installerSidebar.bmp');
    expect(bmp.toString('ascii', 0, 2)).toBe('BM');
    expect(bmp.readUInt32LE(2)).toBe(bmp.length);
    expect({ width: bmp.readInt32LE(18), height: bmp.readInt32LE(22), bits: bmp.readUInt16LE(28), compression: bmp.readUInt32LE(30) }).toEqual({
      width: 164,
      height: 314,
      bits: 24,
      compression: 0,
    });
    // rows of 164 × 3 bytes padded to 4: the pixel data is exactly that long
    expect(bmp.length - bmp.readUInt32LE(10)).toBe(Math.ceil((164 * 3) / 4) * 4 * 314);
  });

  it('every icon electron-builder.yml, the build and the page name exists', () => {
    const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    const named = [...builder.matchAll(/\b(?:icon|installerIcon|uninstallerIcon|installerHeaderIcon|installerSidebar|uninstallerSidebar):\s*(\S+)/g)].map((m) => m[1]!);
    expect(named).toEqual(expect.arrayContaining(['assets/icon.png', 'assets/icon.ico', 'assets/installerSidebar.bmp']));
    for (const file of named) expect(existsSync(join(root, file)), file).toBe(true);

    const build = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
    const copied = [...build.matchAll(/\['(assets\/[^']+)', '([^']+)'\]/g)].map((m) => ({ from: m[1]!, to: m[2]! }));
    for (const { from } of copied) expect(existsSync(join(root, from)), from).toBe(true);
    const html = readFileSync(join(root, 'src-renderer', 'index.html'), 'utf8');
    const linked = [...html.matchAll(/<link rel="icon" href="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(linked).toEqual(['favicon.ico', 'icon.svg']);
    for (const name of linked) expect(copied.map((c) => c.to), `${name} is copied next to the page`).toContain(name);
  });

  it('icon.svg is a square SVG that works without outside resources', () => {
    const svg = asset('icon.svg').toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 256 256"/);
    expect(svg).not.toMatch(/href="(?!#)|<script|<image/);
  });
});
