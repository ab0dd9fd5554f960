// Replicas of the replication jobs, and the failover / failback operations on them (each a task on the host).
import type { Replica } from '../../../../src-shared/contract/replication';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { ReplicaOperation, ReplicaOperationParams, ReplicasSlice } from './state';

async function callOperation(op: ReplicaOperation, id: string, p: ReplicaOperationParams): Promise<{ taskId: string }> {
  const client = getClient();
  const reason = p.reason.trim();
  switch (op) {
    case 'failover':
      return client.call('replicas.failover', { id, reason, planned: p.planned ?? false, ...(p.pointId && !p.planned && { pointId: p.pointId }) });
    case 'failback':
      return client.call('replicas.failback', { id, reason, ...(p.toHostId && { toHostId: p.toHostId }), ...(p.path?.trim() && { path: p.path.trim() }) });
    case 'undoFailover':
      return client.call('replicas.undoFailover', { id, reason });
    case 'permanentFailover':
      return client.call('replicas.permanentFailover', { id, reason });
    case 'commitFailback':
      return client.call('replicas.commitFailback', { id, reason });
    case 'undoFailback':
      return client.call('replicas.undoFailback', { id, reason });
  }
}

export const createReplicasSlice: SliceCreator<ReplicasSlice> = (set, get) => ({
  replicas: notLoaded<Replica[]>([]),
  selectedReplicaId: null,
  fetchReplicas: () =>
    load(
      'replicas',
      () => get().replicas,
      (replicas) => set({ replicas }),
      () => getClient().call('replicas.list', {}),
    ),
  selectReplica: (selectedReplicaId) => set({ selectedReplicaId }),
  async startReplicaOperation(op, id, params) {
    const { taskId } = await callOperation(op, id, params);
    return taskId;
  },
});
