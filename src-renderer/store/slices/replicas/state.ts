// The slice's state and actions as types, apart from its creator (see restorePoints/state.ts for why).
import type { Replica } from '../../../../src-shared/contract/replication';
import type { Loadable } from '../../loadable';

/** The disaster-recovery operations on a replica, as the console names them. */
export type ReplicaOperation = 'failover' | 'undoFailover' | 'permanentFailover' | 'failback' | 'commitFailback' | 'undoFailback';

export interface ReplicaOperationParams {
  reason: string;
  /** failover: the point (default the newest) and whether it is a planned failover */
  pointId?: string;
  planned?: boolean;
  /** failback to a new location (default the original VM) */
  toHostId?: string;
  path?: string;
}

export interface ReplicasSlice {
  replicas: Loadable<Replica[]>;
  selectedReplicaId: string | null;
  fetchReplicas(): Promise<void>;
  selectReplica(id: string | null): void;
  /** Starts the operation on the host; returns its task id (progress and log through watchTask). */
  startReplicaOperation(op: ReplicaOperation, id: string, params: ReplicaOperationParams): Promise<string>;
}
