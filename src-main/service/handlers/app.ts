import type { Engine, EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export interface HostInfo {
  host: 'electron' | 'web' | 'cli' | 'test';
  version: string;
}

type EngineFacts = Pick<Engine, 'dataDir' | 'platformKind' | 'labCreatedNow'>;

export const appHandlers = (engine: EngineFacts, hostInfo: HostInfo): HandlersOf<'app'> => ({
  'app.info': () => ({ version: hostInfo.version, platform: engine.platformKind, dataDir: engine.dataDir, labCreatedNow: engine.labCreatedNow, host: hostInfo.host }),
});

export const inventoryHandlers = (engine: EngineOperations): HandlersOf<'inventory'> => ({
  'inventory.get': () => engine.inventory(),
});

export const taskHandlers = (engine: EngineOperations): HandlersOf<'tasks'> => ({
  'tasks.get': ({ id }) => engine.tasks.require(id),
});

export const labHandlers = (engine: EngineOperations): HandlersOf<'lab'> => ({
  'lab.injectFault': ({ step, target, times }) => {
    engine.labFaults().inject(step, { target, times });
    return { ok: true as const };
  },
  'lab.clearFaults': () => {
    engine.labFaults().clear();
    return { ok: true as const };
  },
});
