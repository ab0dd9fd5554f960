// Electron hardening (reference/electron-style.md §2): deny navigation, new windows and permissions;
// only our own app:// main frame may talk to the engine.
import type { BrowserWindow, WebFrameMain } from 'electron';

export const APP_ORIGIN = 'app://console';
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

export function applySecurity(win: BrowserWindow): void {
  const wc = win.webContents;
  wc.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-attach-webview', (e) => e.preventDefault());
}

export function isTrustedSender(frame: WebFrameMain | null): boolean {
  return !!frame && frame.parent === null && new URL(frame.url).origin === APP_ORIGIN;
}
