import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const restorePointHandlers = ({ restorePoints }: EngineOperations): HandlersOf<'restorePoints'> => ({
  'restorePoints.list': ({ jobId }) => restorePoints.list(jobId),
  'restorePoints.verify': ({ id }) => restorePoints.verify(id),
  'restorePoints.restore': (request) => restorePoints.restore(request),
});
