// Stored WinRM accounts: the row (account, description) in SQLite, the password only in the secret store.
import type { Credential, ManagedServer } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { CredentialVault } from '../secrets/credential-vault';
import type { CredentialRow, Store } from '../store/store';
import type { ChangeListener } from '../util/changes';
import { newId } from '../util/ids';
import { notFound } from '../util/not-found';
import { nowIso } from '../util/time';
import type { ManagedServers } from './managed-servers';

export interface CredentialsDeps {
  store: Store;
  servers: ManagedServers;
  vault: CredentialVault;
  /** the console refetches managed servers and credential usage with the inventory */
  changed: ChangeListener;
}

export class Credentials {
  constructor(private readonly d: CredentialsDeps) {}

  /** Every account with the servers using it; never a password. */
  list(): Credential[] {
    const all = this.d.servers.list();
    return this.d.store.listCredentials().map((c) => this.view(c, all));
  }

  /** The row of a stored credential, or E_NOT_FOUND. */
  get(id: string): CredentialRow {
    const row = this.d.store.getCredential(id);
    if (!row) throw notFound('Credential', id);
    return row;
  }

  async create({ user, password, description }: { user: string; password: string; description: string }): Promise<Credential> {
    const { store, vault } = this.d;
    const row: CredentialRow = { id: newId('cred'), user, description, createdAt: nowIso() };
    // Secret first: a row without its password would be a credential that cannot log in.
    await vault.put(row.id, { user, secret: password });
    try {
      store.putCredential(row);
    } catch (e) {
      await vault.delete(row.id);
      throw e;
    }
    this.d.changed('inventory');
    return this.view(row);
  }

  async update({ id, password, description }: { id: string; password?: string; description?: string }): Promise<Credential> {
    const row = this.get(id);
    if (password !== undefined) await this.d.vault.put(id, { user: row.user, secret: password });
    const next = description === undefined ? row : { ...row, description };
    if (next !== row) this.d.store.putCredential(next);
    this.d.changed('inventory');
    return this.view(next);
  }

  /** Refused (E_IN_USE) while a managed server logs in with it. */
  async remove(id: string): Promise<{ ok: true }> {
    const row = this.get(id);
    const users = this.d.servers.list().filter((s) => s.credentialId === id);
    if (users.length > 0) {
      throw new FerryError(ErrorCode.InUse, `Credential ${row.user} is used by ${users.map((s) => s.name).join(', ')}: give them another account first`, {
        serverIds: users.map((s) => s.id),
      });
    }
    await this.d.vault.delete(id);
    this.d.store.deleteCredential(id);
    this.d.changed('inventory');
    return { ok: true };
  }

  private view(row: CredentialRow, all: ManagedServer[] = this.d.servers.list()): Credential {
    return { ...row, usedBy: all.filter((s) => s.credentialId === row.id).map((s) => s.id) };
  }
}
