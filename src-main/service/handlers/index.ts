// The contract's commands, one file per namespace, each a thin binding of params to an engine operation.
// No transport knowledge and no business rule here: the rules live in the engine, behind its facade.
import type { Engine } from '../../engine/facade/engine';
import type { Handlers } from '../dispatcher';
import type { EventHub } from '../hub';
import { appHandlers, inventoryHandlers, labHandlers, taskHandlers, type HostInfo } from './app';
import { credentialHandlers } from './credentials';
import { jobHandlers } from './jobs';
import { proxyHandlers } from './proxies';
import { repositoryHandlers } from './repositories';
import { restorePointHandlers } from './restore-points';
import { serverHandlers } from './servers';
import { sessionHandlers } from './sessions';

export type { HostInfo };

export function createHandlers(engine: Engine, hub: EventHub, hostInfo: HostInfo): Handlers {
  return {
    ...appHandlers(engine, hostInfo),
    ...inventoryHandlers(engine),
    ...proxyHandlers(engine),
    ...credentialHandlers(engine),
    ...serverHandlers(engine),
    ...repositoryHandlers(engine),
    ...jobHandlers(engine),
    ...sessionHandlers(engine, hub),
    ...restorePointHandlers(engine),
    ...labHandlers(engine),
    ...taskHandlers(engine),
  };
}
