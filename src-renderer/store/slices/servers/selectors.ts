import type { ManagedServer, ManagedServerKind } from '../../../../src-shared/domain';
import type { FerryStore } from '../../types';

export const serversSelectors = {
  loadable: (s: FerryStore) => s.servers,
  items: (s: FerryStore) => s.servers.data,
  byId: (id: string | null | undefined) => (s: FerryStore) => (id ? s.servers.data.find((m) => m.id === id) : undefined),
};

export const SERVER_KIND_TEXT: Record<ManagedServerKind, string> = {
  'hyperv-host': 'Hyper-V host',
  'hyperv-cluster': 'Hyper-V cluster',
  'windows-server': 'Windows server',
};

/** The managed server with this name (names are case-insensitive on Windows), if any. */
export function serverNamed(servers: ManagedServer[], name: string): ManagedServer | undefined {
  const wanted = name.trim().toLowerCase();
  return servers.find((s) => s.name.toLowerCase() === wanted);
}

export const isHyperV = (kind: ManagedServerKind) => kind !== 'windows-server';
