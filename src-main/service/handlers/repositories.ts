import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const repositoryHandlers = ({ repositories }: EngineOperations): HandlersOf<'repositories'> => ({
  'repositories.list': () => repositories.list(),
  'repositories.create': ({ name, path }) => repositories.create(name, path),
});
