import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const mountHandlers = ({ mounts }: EngineOperations): HandlersOf<'mount'> => ({
  'mount.start': (request) => mounts.start(request),
  'mount.list': () => mounts.list(),
  'mount.stop': async ({ id }) => {
    await mounts.stop(id);
    return { ok: true as const };
  },
});
