import type { FerryStore } from '../../types';

export const auditSelectors = {
  loadable: (s: FerryStore) => s.audit,
};
