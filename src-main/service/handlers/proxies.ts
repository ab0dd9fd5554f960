import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const proxyHandlers = ({ proxies }: EngineOperations): HandlersOf<'proxies'> => ({
  'proxies.list': () => proxies.list(),
  'proxies.check': ({ serverId }) => proxies.check(serverId),
  'proxies.create': (draft) => proxies.create(draft),
  'proxies.update': (patch) => proxies.update(patch),
  'proxies.recheck': ({ id }) => proxies.recheck(id),
  'proxies.remove': ({ id }) => proxies.remove(id),
});
