import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const restoreHandlers = ({ restore }: EngineOperations): HandlersOf<'restore'> => ({
  'restore.backups': () => restore.backups(),
  'restore.vmPoints': ({ vmId }) => restore.vmPoints(vmId),
  'restore.pointVm': ({ pointId, vmId }) => restore.pointVm(pointId, vmId),
  'restore.targets': () => restore.targets(),
  'restore.planVm': (req) => restore.planVm(req),
  'restore.planDisks': (req) => restore.planDisks(req),
  'restore.startVm': (req) => restore.startVm(req),
  'restore.startDisks': (req) => restore.startDisks(req),
  'restore.session': ({ id }) => restore.session(id),
});
