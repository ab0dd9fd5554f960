// Whether the kind an admin chose for a server fits what discovery found. One pure rule for the Add server wizard
// (it blocks Next and offers the kind that fits) and for servers.add (E_WRONG_SERVER_KIND), so both say the same.
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
