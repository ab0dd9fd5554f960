// A list fetched from the host, with the states every view renders: loading, ready, error.
import { errorMessage } from '../backend/errors';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface Loadable<T> {
  data: T;
  status: LoadStatus;
  error: string | null;
  /** true while a refetch runs over data already shown (no spinner, no flicker) */
  refreshing: boolean;
}

export function notLoaded<T>(empty: T): Loadable<T> {
  return { data: empty, status: 'idle', error: null, refreshing: false };
}

/** Last request wins: a slow old refetch never overwrites a newer answer. */
const generations = new Map<string, number>();

export async function load<T>(
  name: string,
  read: () => Loadable<T>,
  write: (next: Loadable<T>) => void,
  fetch: () => Promise<T>,
): Promise<void> {
  const generation = (generations.get(name) ?? 0) + 1;
  generations.set(name, generation);
  const before = read();
  write(before.status === 'ready' ? { ...before, refreshing: true } : { ...before, status: 'loading', error: null });
  try {
    const data = await fetch();
    if (generations.get(name) === generation) write({ data, status: 'ready', error: null, refreshing: false });
  } catch (e) {
    // Keep what we had: a failed refresh should not blank a table the admin is reading.
    if (generations.get(name) === generation) write({ ...read(), status: 'error', error: errorMessage(e), refreshing: false });
  }
}
