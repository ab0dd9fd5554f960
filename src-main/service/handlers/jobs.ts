import type { EngineOperations } from '../../engine/facade/engine';
import type { ManualStarter } from '../../../src-shared/domain';
import type { HandlersOf } from '../dispatcher';

export const jobHandlers = ({ jobs }: EngineOperations, startedBy: ManualStarter): HandlersOf<'jobs'> => ({
  'jobs.list': () => jobs.list(),
  'jobs.get': ({ id }) => jobs.get(id),
  'jobs.plan': ({ spec }) => jobs.plan(spec),
  'jobs.create': (spec) => jobs.create(spec),
  'jobs.update': ({ id, spec }) => jobs.update(id, spec),
  'jobs.setEnabled': ({ id, enabled }) => jobs.setEnabled(id, enabled),
  'jobs.delete': ({ id, restorePoints }) => jobs.delete(id, restorePoints),
  'jobs.start': ({ id, activeFull }) => jobs.start(id, activeFull, startedBy),
});
