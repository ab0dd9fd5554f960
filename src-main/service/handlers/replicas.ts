import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const replicaHandlers = ({ replicas }: EngineOperations): HandlersOf<'replicas'> => ({
  'replicas.list': ({ jobId }) => replicas.list(jobId),
  'replicas.get': ({ id }) => replicas.get(id),
  'replicas.failover': (p) => replicas.failover(p),
  'replicas.undoFailover': (p) => replicas.undoFailover(p),
  'replicas.permanentFailover': (p) => replicas.permanentFailover(p),
  'replicas.failback': (p) => replicas.failback(p),
  'replicas.commitFailback': (p) => replicas.commitFailback(p),
  'replicas.undoFailback': (p) => replicas.undoFailback(p),
});
