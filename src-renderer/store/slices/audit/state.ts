// The slice's state and actions as types, apart from its creator (see store/types.ts).
import type { AuditEntry } from '../../../../src-shared/contract/accounts';
import type { Loadable } from '../../loadable';

export interface AuditSlice {
  /** the newest entries of the audit log */
  audit: Loadable<AuditEntry[]>;
  fetchAudit(): Promise<void>;
}
