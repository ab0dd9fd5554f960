// Per-host VSS settings (the admin's "Manage volumes" knobs) as the orchestrator reads them: through a lookup
// injected at start-up, so the engine does not depend on how managed servers are stored.
import { HostVssSettings, type ManagedServer } from '../../../src-shared/domain';

export type HostVssLookup = (hostId: string) => HostVssSettings;

/** Hosts that are not (yet) managed servers get the defaults (the contract's, the one place they are defined). */
export const defaultHostVss: HostVssLookup = () => HostVssSettings.parse({});

/**
 * From the managed servers: the host's own record, else the cluster it is a node of (a cluster is added as one
 * server; its settings apply to every node, and a CSV snapshot is taken on whichever node owns the CSV).
 */
export function hostVssFrom(servers: () => ManagedServer[]): HostVssLookup {
  return (hostId) => {
    const all = servers();
    const own = all.find((s) => s.id === hostId);
    const cluster = all.find((s) => s.kind === 'hyperv-cluster' && s.memberIds.includes(hostId));
    return { ...HostVssSettings.parse({}), ...(own ?? cluster)?.vss };
  };
}
