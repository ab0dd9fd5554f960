// What an operation dialog holds before it starts, and what must be right before it may.
import type { Replica } from '../../../src-shared/contract/replication';
import type { ReplicaOperation } from '../../store/slices/replicas/state';

export interface OperationForm {
  reason: string;
  pointId: string;
  planned: boolean;
  failbackTo: 'original' | 'new';
  toHostId: string;
  path: string;
}

/** Field → message; empty when the operation can start. Mirrors the contract's limits (reason ≤ 500, path 3–200). */
export function operationErrors(op: ReplicaOperation, f: OperationForm, replica: Replica): Partial<Record<keyof OperationForm, string>> {
  const errors: Partial<Record<keyof OperationForm, string>> = {};
  if (f.reason.trim().length > 500) errors.reason = 'At most 500 characters';
  if (op === 'failover' && !f.planned && !replica.points.some((p) => p.id === f.pointId)) errors.pointId = 'Choose a restore point';
  if (op === 'failback' && f.failbackTo === 'new') {
    if (!f.toHostId) errors.toHostId = 'Choose the host';
    const path = f.path.trim();
    if (path.length < 3 || path.length > 200) errors.path = 'A folder on that host, e.g. D:\\Hyper-V';
  }
  return errors;
}
