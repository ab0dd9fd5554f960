// What a probed server is. One rule for both platforms, so the wizard suggests the same thing whether the server
// is simulated or real; whether a chosen kind fits is src-shared/server-kind.ts (the wizard applies it too).
import type { ManagedServerKind } from '../../../src-shared/domain';
import { SERVER_KIND_LABEL } from '../../../src-shared/server-kind';

export const KIND_LABEL = SERVER_KIND_LABEL;

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
 * proxies must have the Hyper-V role too, and an empty host can still be added as a host (see kindMismatch in src-shared/server-kind.ts).
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
