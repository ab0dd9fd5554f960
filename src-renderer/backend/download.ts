// Downloads from the web host: an address the browser fetches with this tab's token (the Electron window talks over
// IPC and has no web host to fetch from: null there).
const STORAGE_KEY = 'ferry.token';

export function webHostAddress(path: string): string | null {
  if (typeof window === 'undefined' || window.ferryBridge || !window.location.protocol.startsWith('http')) return null;
  const token = window.sessionStorage.getItem(STORAGE_KEY);
  return token ? `${path}?token=${encodeURIComponent(token)}` : null;
}

export const canDownloadFromWebHost = (): boolean => webHostAddress('/') !== null;
