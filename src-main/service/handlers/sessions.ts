import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';
import type { EventHub } from '../hub';

export const sessionHandlers = ({ sessions }: EngineOperations, hub: EventHub): HandlersOf<'sessions'> => ({
  'sessions.list': ({ jobId }) => sessions.list(jobId),
  'sessions.get': ({ id }) => {
    // The seq before the snapshot: a console applies every event after it, so nothing between the two is lost.
    const seq = hub.currentSeq;
    return { ...sessions.get(id), seq };
  },
  'sessions.stop': ({ id, mode }) => sessions.stop(id, mode),
  'sessions.retry': ({ id }) => sessions.retry(id),
});
