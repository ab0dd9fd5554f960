// What a probed server is, and whether the kind an admin asked for fits it. One rule for both platforms, so the
// wizard suggests, and servers.add accepts, the same thing whether the server is simulated or real.
import type { ManagedServerKind } from '../../../src-shared/domain';
import type { ProbedServer } from '../platform/types';

export const KIND_LABEL: Record<ManagedServerKind, string> = {
  'hyperv-host': 'Hyper-V host',
  'hyperv-cluster': 'Hyper-V cluster',
  'windows-server': 'Windows server',
};

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

/** Why `requested` does not fit what the probe found (the message for E_WRONG_SERVER_KIND), or null when it fits. */
export function kindMismatch(requested: ManagedServerKind, p: ProbedServer): string | null {
  const isCluster = p.detectedKind === 'hyperv-cluster';
  const node = !isCluster && p.clusterName !== null ? p.clusterName : null;
  if (requested === 'hyperv-cluster') {
    if (isCluster) return null;
    if (node) return `${p.name} is a node of cluster ${node}, not a cluster name: add ${node} as a Hyper-V cluster`;
    return `${p.name} is not a failover cluster: add it as a ${p.hyperV ? 'Hyper-V host' : 'Windows server'}`;
  }
  if (isCluster) return `${p.name} is the failover cluster ${p.clusterName ?? p.name}: add it as a Hyper-V cluster (its nodes come with it)`;
  if (node) return `${p.name} is a node of cluster ${node} — add the cluster instead`;
  if (requested === 'hyperv-host' && !p.hyperV) return `${p.name} has no Hyper-V role: add it as a Windows server, or install the Hyper-V role first`;
  if (requested === 'windows-server' && p.vmCount > 0) return `${p.name} runs ${p.vmCount} VM(s): add it as a Hyper-V host so they can be protected`;
  return null;
}

/** Inventory id of a server from the name an admin typed: the first DNS label, lower-case (HV03.lab.local → hv03). */
export function serverIdFromName(name: string): string {
  return name.trim().split('.')[0].toLowerCase();
}
