// GET /download/<link>?token=<host token>: one guest file streamed out of a restore point (files.downloadLink made
// the one-time link). The file is read piece by piece as the browser takes it; a failure mid-way drops the
// connection, so a partial download never looks complete.
import type { ServerResponse } from 'node:http';
import { FerryError } from '../../../src-shared/contract/errors';
import type { GuestDownload } from '../../engine/restore-points/guest-files';

const PIECE = 1024 * 1024;

export async function serveGuestDownload(take: (link: string) => Promise<GuestDownload | null>, link: string, res: ServerResponse): Promise<void> {
  let dl: GuestDownload | null;
  try {
    dl = /^[0-9a-f]{36}$/.test(link) ? await take(link) : null;
  } catch (e) {
    const err = FerryError.from(e);
    res.writeHead(409, { 'content-type': 'text/plain; charset=utf-8' }).end(`${err.code}: ${err.message}`);
    return;
  }
  if (!dl) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('This download link is unknown or expired');
    return;
  }
  try {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(dl.size),
      // RFC 6266/5987: the guest's (Unicode) name, quoted safely; the ASCII fallback has no quotes or separators
      'content-disposition': `attachment; filename="${dl.name.replace(/[^\x20-\x7e]|["\\/]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(dl.name)}`,
      ...(dl.modifiedMs !== undefined ? { 'last-modified': new Date(dl.modifiedMs).toUTCString() } : {}),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    for (let at = 0; at < dl.size; at += PIECE) {
      if (res.destroyed) return;
      const data = await dl.file.read(at, Math.min(PIECE, dl.size - at));
      if (!res.write(data)) await new Promise<void>((r) => res.once('drain', () => r()).once('close', () => r()));
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    dl.release();
  }
}
