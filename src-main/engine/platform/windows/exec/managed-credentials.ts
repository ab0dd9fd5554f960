// Which account reaches which server: the stored credential of the managed server (a cluster's account serves
// its nodes too), else what platform.json names for it (SecretCredentials), else the console's own identity.
import type { ManagedServerRef } from '../../types';
import type { CredentialProvider, RemoteCredential } from './executor';

/** Reads a stored account by credential id (the engine's credential vault). */
export interface AccountSource {
  get(credentialId: string): Promise<RemoteCredential | null>;
}

export class ManagedCredentials implements CredentialProvider {
  /** lower-case connect name and short name → credential id */
  private byName = new Map<string, string>();

  constructor(
    private readonly accounts: AccountSource,
    /** platform.json's named secrets: servers without a stored account of their own */
    private readonly fallback: CredentialProvider,
  ) {}

  setServers(servers: ManagedServerRef[]): void {
    const next = new Map<string, string>();
    for (const s of servers) {
      if (s.credentialId === null) continue;
      for (const name of [s.name, s.id, ...s.memberIds, ...s.memberIds.map((m) => `${m}${domainSuffix(s.name)}`)]) next.set(name.toLowerCase(), s.credentialId);
    }
    this.byName = next;
  }

  async get(server: string): Promise<RemoteCredential | null> {
    const key = server.toLowerCase();
    const credentialId = this.byName.get(key) ?? this.byName.get(key.split('.')[0]);
    if (credentialId === undefined) return this.fallback.get(server);
    const account = await this.accounts.get(credentialId);
    // the executor turns this into E_WIN_CREDENTIALS without quoting anything it read
    if (!account) throw new Error(`stored credential ${credentialId} for ${server} has no password in the secret store`);
    return account;
  }
}

/** ".contoso.local" of "clu01.contoso.local", "" of a short name: cluster nodes are reached in the cluster's domain. */
export function domainSuffix(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}
