import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const serverHandlers = ({ servers }: EngineOperations): HandlersOf<'servers'> => ({
  'servers.list': () => servers.list(),
  'servers.probe': ({ name, credentialId }) => servers.probe(name, credentialId),
  'servers.add': (draft) => servers.add(draft),
  'servers.update': (patch) => servers.update(patch),
  'servers.rescan': ({ id }) => servers.rescan(id),
  'servers.remove': ({ id }) => servers.remove(id),
});
