// The contract's commands, one file per namespace, each a thin binding of params to an engine operation.
// No transport knowledge and no business rule here: the rules live in the engine, behind its facade.
import type { Engine } from '../../engine/facade/engine';
import type { ManualStarter } from '../../../src-shared/domain';
import type { Handlers } from '../dispatcher';
import type { EventHub } from '../hub';
import type { Accounts } from '../accounts/accounts';
import { auditHandlers, authHandlers, userHandlers } from './accounts';
import { appHandlers, inventoryHandlers, labHandlers, taskHandlers, type HostInfo } from './app';
import { credentialHandlers } from './credentials';
import { filesHandlers } from './files';
import { jobHandlers } from './jobs';
import { mountHandlers } from './mounts';
import { proxyHandlers } from './proxies';
import { repositoryHandlers } from './repositories';
import { restorePointHandlers } from './restore-points';
import { restoreHandlers } from './restore';
import { replicaHandlers } from './replicas';
import { serverHandlers } from './servers';
import { sessionHandlers } from './sessions';
import { snapshotHandlers } from './snapshots';
import { notificationHandlers, settingsHandlers } from './settings';

export type { HostInfo };

/** Who starts sessions through this host: the CLI, or someone in a console (Electron or the browser). */
const startedByOf = (hostInfo: HostInfo): ManualStarter => (hostInfo.host === 'cli' ? 'cli' : 'console');

export function createHandlers(engine: Engine, hub: EventHub, hostInfo: HostInfo, accounts: Accounts): Handlers {
  return {
    ...appHandlers(engine, hostInfo),
    ...inventoryHandlers(engine),
    ...proxyHandlers(engine),
    ...credentialHandlers(engine),
    ...serverHandlers(engine),
    ...repositoryHandlers(engine),
    ...jobHandlers(engine, startedByOf(hostInfo)),
    ...sessionHandlers(engine, hub, startedByOf(hostInfo)),
    ...restorePointHandlers(engine),
    ...restoreHandlers(engine, startedByOf(hostInfo)),
    ...replicaHandlers(engine),
    ...filesHandlers(engine),
    ...snapshotHandlers(engine),
    ...labHandlers(engine),
    ...taskHandlers(engine),
    ...mountHandlers(engine),
    ...settingsHandlers(engine),
    ...notificationHandlers(engine),
    ...authHandlers(accounts),
    ...userHandlers(accounts),
    ...auditHandlers(engine.store.audit),
  };
}
