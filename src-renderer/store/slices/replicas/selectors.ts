import type { FerryStore } from '../../types';

export const replicasSelectors = {
  loadable: (s: FerryStore) => s.replicas,
  items: (s: FerryStore) => s.replicas.data,
  selectedId: (s: FerryStore) => s.selectedReplicaId,
  selected: (s: FerryStore) => s.replicas.data.find((r) => r.id === s.selectedReplicaId),
};
