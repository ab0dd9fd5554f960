// What kind a server is, in one place for every side: what discovery suggests for a probed server (both platforms
// apply detectKind, so the wizard suggests the same whether the server is simulated or real), and whether the kind
// an admin chose fits (kindMismatch: the Add server wizard blocks Next and offers the kind that fits, servers.add
// refuses with E_WRONG_SERVER_KIND, so both say the same).
import type { ManagedServerKind, ServerProbe } from './domain';

export const SERVER_KIND_LABEL: Record<ManagedServerKind, string> = {
  'hyperv-host': 'Hyper-V host',
  'hyperv-cluster': 'Hyper-V cluster',
  'windows-server': 'Windows server',
};

/** What the rule reads of a probe (the engine's ProbedServer and the contract's ServerProbe both fit). */
export type KindProbe = Pick<ServerProbe, 'name' | 'detectedKind' | 'clusterName' | 'hyperV' | 'vmCount'>;

export interface KindMismatch {
  message: string;
  /** the kind that would fit the same name, when one does (a cluster node fits none: the cluster has another name) */
  fits: ManagedServerKind | null;
}

/**
 * Why `wanted` does not fit the probed server, or null when it does. An empty Hyper-V server may be a host or a
 * proxy's Windows server, but a server running VMs is a host, a cluster's name is a cluster, and a node comes
 * only with its cluster.
 */
export function kindMismatch(wanted: ManagedServerKind, probe: KindProbe): KindMismatch | null {
  const isCluster = probe.detectedKind === 'hyperv-cluster';
  if (!isCluster && probe.clusterName !== null) {
    return { message: `${probe.name} is a node of cluster ${probe.clusterName} — add the cluster instead`, fits: null };
  }
  if (wanted === 'hyperv-cluster') {
    if (isCluster) return null;
    const fits = probe.detectedKind;
    return { message: `${probe.name} is not a failover cluster: add it as a ${SERVER_KIND_LABEL[fits]}.`, fits };
  }
  if (isCluster) {
    return { message: `${probe.name} is the failover cluster ${probe.clusterName ?? probe.name}: add it as a Hyper-V cluster (its nodes come with it).`, fits: 'hyperv-cluster' };
  }
  if (wanted === 'hyperv-host' && !probe.hyperV) {
    return { message: `${probe.name} has no Hyper-V role: add it as a Windows server, or install the Hyper-V role first.`, fits: 'windows-server' };
  }
  if (wanted === 'windows-server' && probe.vmCount > 0) {
    return { message: `${probe.name} runs ${probe.vmCount} VM(s): add it as a Hyper-V host so they can be protected (a Hyper-V host can be an off-host proxy too).`, fits: 'hyperv-host' };
  }
  return null;
}

export interface KindFacts {
  /** the name connected to is the cluster's network name (not a node's own name) */
  isClusterName: boolean;
  /** cluster the server belongs to (or is), null when standalone */
  clusterName: string | null;
  hyperV: boolean;
  vmCount: number;
}

/**
 * The best guess for the wizard. A Hyper-V server that runs no VM is suggested as a Windows server: off-host
 * proxies must have the Hyper-V role too, and an empty host can still be added as a host (see kindMismatch).
 */
export function detectKind(f: KindFacts): ManagedServerKind {
  if (f.isClusterName) return 'hyperv-cluster';
  if (f.hyperV && (f.vmCount > 0 || f.clusterName !== null)) return 'hyperv-host';
  return 'windows-server';
}

/** Inventory id of a server from the name an admin typed: the first DNS label, lower-case (HV03.lab.local → hv03). */
export function serverIdFromName(name: string): string {
  return name.trim().split('.')[0].toLowerCase();
}
