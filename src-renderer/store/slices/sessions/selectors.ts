import type { FerryStore } from '../../types';

export const sessionsSelectors = {
  loadable: (s: FerryStore) => s.sessions,
  items: (s: FerryStore) => s.sessions.data,
  live: (id: string) => (s: FerryStore) => s.live[id],
  anyRunning: (s: FerryStore) => s.sessions.data.some((x) => x.result === 'Running'),
};
