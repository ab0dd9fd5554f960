import type { FerryStore } from '../../types';

export const settingsSelectors = {
  settings: (s: FerryStore) => s.settings,
  deliveries: (s: FerryStore) => s.deliveries,
  /** what a new job starts with; null until the settings are loaded */
  jobDefaults: (s: FerryStore) => s.settings.data?.jobDefaults ?? null,
};
