// The backup infrastructure: which servers Ferry manages, with which stored account. Keeps the platform told
// (whom to reach, with which account), narrows the inventory to them, and registers the platform's own
// configured servers once on the first start of a data folder.
import { HostVssSettings, type Inventory, type ManagedServer, type ServerProbe } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { CredentialVault, StoredAccount } from '../secrets/credential-vault';
import type { ManagedServerRef, Platform, PlatformLog, ServerAdmin } from '../platform/types';
import type { Store } from '../store/store';
import { nowIso } from '../util/time';
import { managedInventory } from './managed-inventory';
import { serverIdFromName } from '../../../src-shared/server-kind';

/** Set once the preconfigured servers were registered: removing every server later must not bring them back. */
export const SEEDED_KEY = 'managedServers.seeded';

export class ManagedServers {
  constructor(
    private readonly store: Store,
    private readonly platform: Platform,
    private readonly admin: ServerAdmin,
    private readonly vault: CredentialVault,
  ) {}

  list(): ManagedServer[] {
    return this.store.listManagedServers();
  }

  get(id: string): ManagedServer | null {
    return this.store.getManagedServer(id);
  }

  /** The managed server a name or id refers to (case-insensitive; an FQDN matches its short name). */
  find(nameOrId: string): ManagedServer | null {
    const id = serverIdFromName(nameOrId);
    return this.list().find((s) => s.id === id || s.name.toLowerCase() === nameOrId.trim().toLowerCase()) ?? null;
  }

  /** The managed server whose scope holds a host id: itself, or the cluster it is a node of. */
  owning(hostId: string): ManagedServer | null {
    return this.list().find((s) => s.id === hostId || s.memberIds.includes(hostId)) ?? null;
  }

  put(server: ManagedServer): void {
    this.store.putManagedServer(server);
    this.sync();
  }

  remove(id: string): void {
    this.store.deleteManagedServer(id);
    this.sync();
  }

  /** Tells the platform the current list (at start-up and after every change). */
  sync(): void {
    this.admin.setManagedServers(this.list().map(toRef));
  }

  /** The platform's inventory, narrowed to the managed servers. */
  async inventory(): Promise<Inventory> {
    return managedInventory(await this.platform.inventory(), this.list());
  }

  /** The account stored under credentialId, or null for the console's own identity. */
  async account(credentialId: string | null): Promise<StoredAccount | null> {
    if (credentialId === null) return null;
    if (!this.store.getCredential(credentialId)) throw new FerryError(ErrorCode.NotFound, `Credential ${credentialId} does not exist`);
    const account = await this.vault.get(credentialId);
    if (!account) {
      throw new FerryError(ErrorCode.NotFound, `The password of credential ${credentialId} is missing from the secret store`, {
        hint: 'Set its password again (credentials.update), then retry.',
      });
    }
    return account;
  }

  /** Connects with a stored account (or the console's identity) and reports what the server is. Changes nothing. */
  async probe(name: string, credentialId: string | null, log: PlatformLog): Promise<ServerProbe> {
    const found = await this.admin.probeServer(name, await this.account(credentialId), log);
    const managed = this.list().some((s) => s.id === found.id || s.memberIds.includes(found.id));
    return { ...found, alreadyManaged: managed };
  }

  /**
   * Registers the platform's configured servers, once per data folder (a config flag, so removing them all later
   * does not bring them back). They are the servers the platform already used before managed servers existed,
   * reached with the identity its configuration names; one inventory of them tells their ids. Returns how many
   * were listed.
   */
  async seedOnce(): Promise<number> {
    if (this.store.getConfig(SEEDED_KEY) !== null) return 0;
    // One inventory first, of the configured servers (nothing is managed yet): it tells each configured name's
    // inventory id. A name that is an IP address, an alias or a CNAME is not the computer name the inventory keys
    // hosts by; registered under the name, the host and its VMs would drop out of the managed inventory for good.
    const clusters = await this.platform.inventory().then(
      (inv) => inv.clusters,
      () => [], // nobody answered: the names are all there is to go by
    );
    const configured = await this.admin.preconfiguredServers();
    const at = nowIso();
    this.store.tx(() => {
      for (const c of configured) {
        // a server that did not answer falls back to its name (right whenever the name is the computer's)
        const id = c.id ?? serverIdFromName(c.name);
        if (this.store.getManagedServer(id)) continue;
        this.store.putManagedServer({
          id,
          name: c.name,
          kind: c.kind,
          description: 'Registered from the platform configuration',
          credentialId: null,
          memberIds: c.kind === 'hyperv-cluster' ? (clusters.find((x) => x.id === id)?.nodeIds ?? []) : [],
          vss: HostVssSettings.parse({}),
          addedAt: at,
          // that first inventory was its first check: the id tells it answered
          lastCheckAt: c.id ? at : null,
          status: c.id ? 'ok' : 'unreachable',
          statusReason: c.id ? '' : 'It did not answer when Ferry first listed its servers. Rescan it once it is reachable.',
        });
      }
      this.store.setConfig(SEEDED_KEY, at);
    });
    return configured.length;
  }
}

export function toRef(s: ManagedServer): ManagedServerRef {
  return { id: s.id, name: s.name, kind: s.kind, memberIds: [...s.memberIds], credentialId: s.credentialId };
}
