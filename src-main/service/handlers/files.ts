import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const filesHandlers = ({ guestFiles }: EngineOperations): HandlersOf<'files'> => ({
  'files.volumes': ({ pointId, vmId }) => guestFiles.volumes(pointId, vmId),
  'files.list': ({ path, ...where }) => guestFiles.list(where, path),
  'files.search': ({ path, pattern, limit, ...where }) => guestFiles.search(where, path, pattern, limit),
  'files.restore': ({ paths, folder, ...where }) => guestFiles.restore(where, paths, folder),
  'files.downloadLink': ({ path, ...where }) => guestFiles.downloadLink(where, path),
});
