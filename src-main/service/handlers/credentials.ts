import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const credentialHandlers = ({ credentials }: EngineOperations): HandlersOf<'credentials'> => ({
  'credentials.list': () => credentials.list(),
  'credentials.create': (draft) => credentials.create(draft),
  'credentials.update': (patch) => credentials.update(patch),
  'credentials.remove': ({ id }) => credentials.remove(id),
});
