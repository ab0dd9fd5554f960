// Regenerates every icon and the installer art from assets/icon.svg: `node scripts/icons.mjs` after changing the SVG.
// The outputs are committed, so builds (and build machines without a browser) never need this script:
//   assets/icons/<size>.png   16…512, what Linux and electron-builder's icon sets read
//   assets/icon.png           1024 px, the source electron-builder converts for other targets
//   assets/icon.ico           16, 24, 32, 48, 64, 128, 256 px, PNG-compressed entries (Windows Vista and later)
//   assets/installerSidebar.bmp  164 × 314, 24-bit: the NSIS welcome and finish pages
// The SVG is rasterised by Chromium (the one Playwright drives: /usr/bin/chromium, or CHROMIUM_PATH) at each size,
// not scaled down from one large bitmap, so small sizes stay sharp.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ASSETS = 'assets';
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const LARGE_PNG = 1024;
const SIDEBAR = { width: 164, height: 314 };

/** ICO container: a 6-byte header, one 16-byte entry per image, then the images (PNG payloads here). */
export function icoFromPngs(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  const entries = Buffer.alloc(16 * images.length);
  let offset = header.length + entries.length;
  images.forEach(({ size, png }, i) => {
    const e = i * 16;
    entries.writeUInt8(size >= 256 ? 0 : size, e); // width; 0 means 256
    entries.writeUInt8(size >= 256 ? 0 : size, e + 1); // height
    entries.writeUInt8(0, e + 2); // no palette
    entries.writeUInt8(0, e + 3); // reserved
    entries.writeUInt16LE(1, e + 4); // colour planes
    entries.writeUInt16LE(32, e + 6); // bits per pixel
    entries.writeUInt32LE(png.length, e + 8);
    entries.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, entries, ...images.map((i) => i.png)]);
}

/** 24-bit BMP (BITMAPINFOHEADER, bottom-up rows padded to 4 bytes) from opaque RGBA pixels: what NSIS reads. */
export function bmpFromRgba(width, height, rgba) {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixelBytes = rowBytes * height;
  const buf = Buffer.alloc(14 + 40 + pixelBytes);
  buf.write('BM', 0, 'ascii');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(14 + 40, 10); // pixel data offset
  buf.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22); // positive: bottom-up
  buf.writeUInt16LE(1, 26); // planes
  buf.writeUInt16LE(24, 28); // bits per pixel
  buf.writeUInt32LE(0, 30); // BI_RGB
  buf.writeUInt32LE(pixelBytes, 34);
  buf.writeInt32LE(2835, 38); // 72 dpi
  buf.writeInt32LE(2835, 42);
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 4;
      buf[row + x * 3] = rgba[src + 2]; // B
      buf[row + x * 3 + 1] = rgba[src + 1]; // G
      buf[row + x * 3 + 2] = rgba[src]; // R
    }
  }
  return buf;
}

/** The NSIS sidebar: the mark on the brand gradient, water along the bottom. No text: NSIS writes its own. */
function sidebarSvg(iconSvg) {
  const { width: w, height: h } = SIDEBAR;
  const inner = iconSvg.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const wave = (y, opacity) =>
    `<path d="M-20 ${y} C 0 ${y - 12} 20 ${y - 12} 40 ${y} S 80 ${y + 12} 100 ${y} S 140 ${y - 12} 160 ${y} S 200 ${y + 12} 220 ${y}" fill="none" stroke="#8FD0FF" stroke-opacity="${opacity}" stroke-width="10" stroke-linecap="round"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
  <defs><linearGradient id="sidebar-bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1B7FD1"/><stop offset="1" stop-color="#0A3F70"/></linearGradient></defs>
  <rect width="${w}" height="${h}" fill="url(#sidebar-bg)"/>
  <svg x="${(w - 112) / 2}" y="40" width="112" height="112" viewBox="0 0 256 256">${inner}</svg>
  ${wave(h - 70, 0.35)}${wave(h - 44, 0.6)}${wave(h - 18, 0.9)}
</svg>`;
}

const dataUri = (svg) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** PNG of the SVG drawn at size × size, transparent around the tile. */
async function renderPng(page, svg, size) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${dataUri(svg)}" width="${size}" height="${size}" style="display:block"></body></html>`);
  await page.locator('img').evaluate((img) => img.decode());
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** The SVG's pixels (RGBA) at width × height, through a canvas: the BMP needs raw pixels, not a PNG. */
async function renderRgba(page, svg, width, height) {
  await page.setContent('<html><body></body></html>');
  const pixels = await page.evaluate(
    async ({ src, width, height }) => {
      const img = new Image(width, height);
      img.src = src;
      await img.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width, height });
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0, width, height);
      return Array.from(ctx.getImageData(0, 0, width, height).data);
    },
    { src: dataUri(svg), width, height },
  );
  return Uint8Array.from(pixels);
}

async function main() {
  const svg = readFileSync(join(ASSETS, 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const pngs = new Map();
    for (const size of [...new Set([...PNG_SIZES, ...ICO_SIZES, LARGE_PNG])]) pngs.set(size, await renderPng(page, svg, size));

    mkdirSync(join(ASSETS, 'icons'), { recursive: true });
    for (const size of PNG_SIZES) writeFileSync(join(ASSETS, 'icons', `${size}.png`), pngs.get(size));
    writeFileSync(join(ASSETS, 'icon.png'), pngs.get(LARGE_PNG));
    writeFileSync(join(ASSETS, 'icon.ico'), icoFromPngs(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
    const sidebar = await renderRgba(page, sidebarSvg(svg), SIDEBAR.width, SIDEBAR.height);
    writeFileSync(join(ASSETS, 'installerSidebar.bmp'), bmpFromRgba(SIDEBAR.width, SIDEBAR.height, sidebar));
  } finally {
    await browser.close();
  }
  console.log(`icons: assets/icons/{${PNG_SIZES.join(',')}}.png, assets/icon.png (${LARGE_PNG}), assets/icon.ico (${ICO_SIZES.join(', ')}), assets/installerSidebar.bmp`);
}

// Imported (by a test) it only lends its encoders; run, it regenerates.
if (import.meta.url === `file://${process.argv[1]}`) await main();
