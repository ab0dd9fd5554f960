import type { EngineOperations } from '../../engine/facade/engine';
import type { ManualStarter } from '../../../src-shared/domain';
import type { HandlersOf } from '../dispatcher';
import type { EventHub } from '../hub';

export const sessionHandlers = ({ sessions }: EngineOperations, hub: EventHub, startedBy: ManualStarter): HandlersOf<'sessions'> => ({
  'sessions.list': ({ jobId }) => sessions.list(jobId),
  'sessions.get': ({ id }) => {
    // The seq before the snapshot: a console applies every event after it, so nothing between the two is lost.
    const seq = hub.currentSeq;
    return { ...sessions.get(id), seq };
  },
  'sessions.stop': ({ id, mode }) => sessions.stop(id, mode),
  'sessions.retry': ({ id }) => sessions.retry(id, startedBy),
});
