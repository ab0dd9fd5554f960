import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';
import type { ManualStarter } from '../../../src-shared/domain';

export const restoreHandlers = ({ restore }: EngineOperations, startedBy: ManualStarter): HandlersOf<'restore'> => ({
  'restore.backups': () => restore.backups(),
  'restore.vmPoints': ({ vmId }) => restore.vmPoints(vmId),
  'restore.pointVm': ({ pointId, vmId }) => restore.pointVm(pointId, vmId),
  'restore.targets': () => restore.targets(),
  'restore.planVm': (req) => restore.planVm(req),
  'restore.planDisks': (req) => restore.planDisks(req),
  'restore.startVm': (req) => restore.startVm(req, startedBy),
  'restore.startDisks': (req) => restore.startDisks(req, startedBy),
  'restore.session': ({ id }) => restore.session(id),
});
