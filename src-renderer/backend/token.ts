// The web host prints http://127.0.0.1:PORT/?token=XYZ. Keep the token for this tab only and
// take it out of the address bar so it does not end up in history, screenshots or shared links.

/** also read by download.ts */
const STORAGE_KEY = 'ferry.token';

export interface TokenEnvironment {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export function takeToken(env: TokenEnvironment): string | null {
  const url = new URL(env.location.href);
  const fromAddress = url.searchParams.get('token');
  if (fromAddress) {
    env.storage.setItem(STORAGE_KEY, fromAddress);
    url.searchParams.delete('token');
    env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash);
  }
  return env.storage.getItem(STORAGE_KEY);
}
