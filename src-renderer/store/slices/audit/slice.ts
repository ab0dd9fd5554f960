// The audit log: who did what on the engine, newest first (fetched when the Audit view opens or is refreshed).
import type { AuditEntry } from '../../../../src-shared/contract/accounts';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { AuditSlice } from './state';

export const createAuditSlice: SliceCreator<AuditSlice> = (set, get) => ({
  audit: notLoaded<AuditEntry[]>([]),
  fetchAudit: () =>
    load(
      'audit log',
      () => get().audit,
      (audit) => set({ audit }),
      () => getClient().call('audit.list', { limit: 500 }),
    ),
});
