import type { Credential } from '../../../../src-shared/domain';
import type { FerryStore } from '../../types';

export const credentialsSelectors = {
  loadable: (s: FerryStore) => s.credentials,
  items: (s: FerryStore) => s.credentials.data,
  byId: (id: string | null | undefined) => (s: FerryStore) => (id ? s.credentials.data.find((c) => c.id === id) : undefined),
};

/** A managed server's credentialId null means the console signs in as itself (Kerberos). */
export const CONSOLE_IDENTITY = 'Console identity';

/** How a server's account reads in lists: the user name, or the console identity. */
export function credentialText(credentialId: string | null, credentials: Credential[]): string {
  if (credentialId === null) return CONSOLE_IDENTITY;
  return credentials.find((c) => c.id === credentialId)?.user ?? `${credentialId} (removed)`;
}
