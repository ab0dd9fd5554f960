// The backup infrastructure's commands: stored credentials (passwords only in the secret store) and managed
// servers (probe, add as a task with a live log, update, rescan, remove). Merged into createHandlers.
import type { Credential, ManagedServer } from '../../src-shared/domain';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { Engine } from '../engine/engine';
import { CONSOLE_IDENTITY } from '../engine/servers/probe-checks';
import { hostIdsOf } from '../engine/servers/managed-inventory';
import { KIND_LABEL, serverIdFromName } from '../engine/servers/server-kind';
import { kindMismatch } from '../../src-shared/server-kind';
import type { CredentialRow } from '../engine/store/store';
import { newId } from '../engine/util/ids';
import { nowIso } from '../engine/util/time';
import type { Handlers } from './dispatcher';
import type { EventHub } from './hub';

type ServerMethods =
  | 'credentials.list'
  | 'credentials.create'
  | 'credentials.update'
  | 'credentials.remove'
  | 'servers.list'
  | 'servers.probe'
  | 'servers.add'
  | 'servers.update'
  | 'servers.rescan'
  | 'servers.remove';

const notFound = (what: string, id: string) => new FerryError(ErrorCode.NotFound, `${what} ${id} does not exist`);
const names = (xs: string[]) => xs.join(', ');

export function createServerHandlers(engine: Engine, hub: EventHub): Pick<Handlers, ServerMethods> {
  const { store, servers, vault, tasks, platform } = engine;
  // The console refetches managed servers and credential usage with the inventory (one "changed" topic for all three).
  const changed = () => hub.changed('inventory');

  const credentialView = (row: CredentialRow, all: ManagedServer[] = servers.list()): Credential => ({
    ...row,
    usedBy: all.filter((s) => s.credentialId === row.id).map((s) => s.id),
  });
  const requireCredential = (id: string): CredentialRow => store.getCredential(id) ?? (() => { throw notFound('Credential', id); })();
  const requireServer = (id: string): ManagedServer => servers.get(id) ?? (() => { throw notFound('Managed server', id); })();
  const accountName = (credentialId: string | null): string => (credentialId === null ? CONSOLE_IDENTITY : requireCredential(credentialId).user);

  /**
   * What keeps a server in the infrastructure: jobs protecting its VMs, off-host proxies running on it. `unknown`:
   * jobs naming VMs the inventory does not show; while the server is not reachable they may well be its VMs.
   */
  async function usageOf(server: ManagedServer): Promise<{ jobs: string[]; proxies: string[]; unknown: string[] }> {
    const inv = await platform.inventory();
    const hostIds = new Set(hostIdsOf(server, inv));
    const vmIds = new Set(inv.vms.filter((v) => hostIds.has(v.hostId) || v.clusterId === server.id).map((v) => v.id));
    const listed = new Set(inv.vms.map((v) => v.id));
    const jobs = store.listJobs();
    return {
      jobs: jobs.filter((j) => j.spec.vmIds.some((id) => vmIds.has(id))).map((j) => j.spec.name),
      proxies: store.listProxies().filter((p) => hostIds.has(p.serverId)).map((p) => p.name),
      unknown: jobs.filter((j) => j.spec.vmIds.some((id) => !listed.has(id))).map((j) => j.spec.name),
    };
  }

  return {
    'credentials.list': () => {
      const all = servers.list();
      return store.listCredentials().map((c) => credentialView(c, all));
    },

    'credentials.create': async ({ user, password, description }) => {
      const row: CredentialRow = { id: newId('cred'), user, description, createdAt: nowIso() };
      // Secret first: a row without its password would be a credential that cannot log in.
      await vault.put(row.id, { user, secret: password });
      try {
        store.putCredential(row);
      } catch (e) {
        await vault.delete(row.id);
        throw e;
      }
      changed();
      return credentialView(row);
    },

    'credentials.update': async ({ id, password, description }) => {
      const row = requireCredential(id);
      if (password !== undefined) await vault.put(id, { user: row.user, secret: password });
      const next = description === undefined ? row : { ...row, description };
      if (next !== row) store.putCredential(next);
      changed();
      return credentialView(next);
    },

    'credentials.remove': async ({ id }) => {
      const row = requireCredential(id);
      const users = servers.list().filter((s) => s.credentialId === id);
      if (users.length > 0) {
        throw new FerryError(ErrorCode.InUse, `Credential ${row.user} is used by ${names(users.map((s) => s.name))}: give them another account first`, {
          serverIds: users.map((s) => s.id),
        });
      }
      await vault.delete(id);
      store.deleteCredential(id);
      changed();
      return { ok: true as const };
    },

    'servers.list': () => servers.list(),

    'servers.probe': ({ name, credentialId }) => servers.probe(name, credentialId, () => undefined),

    'servers.add': async (draft) => {
      // Cheap refusals first, before any connection: a server already managed, an unknown credential.
      const existing = servers.get(serverIdFromName(draft.name));
      if (existing) throw new FerryError(ErrorCode.Conflict, `${existing.name} is already a managed server`);
      const account = accountName(draft.credentialId);
      const t = tasks.start(`Add ${KIND_LABEL[draft.kind]} ${draft.name}`, async (ctx) => {
        ctx.log('info', `Connecting to ${draft.name} as ${account}`);
        ctx.progress(0.1);
        const probe = await servers.probe(draft.name, draft.credentialId, (level, text) => ctx.log(level, text));
        ctx.progress(0.7);
        const mismatch = kindMismatch(draft.kind, probe);
        if (mismatch) throw new FerryError(ErrorCode.WrongServerKind, mismatch.message, { detectedKind: probe.detectedKind });
        const owner = servers.owning(probe.id);
        if (owner) throw new FerryError(ErrorCode.Conflict, owner.id === probe.id ? `${owner.name} is already a managed server` : `${probe.name} is already managed as a node of ${owner.name}`);
        ctx.log('info', `Found ${KIND_LABEL[probe.detectedKind]} ${probe.name} with ${probe.vmCount} VM(s) on ${probe.volumes.length} volume(s)${probe.nodeNames.length && draft.kind === 'hyperv-cluster' ? `, nodes ${names(probe.nodeNames)}` : ''}`);
        for (const c of probe.checks.filter((x) => x.status !== 'pass')) ctx.log('warning', `${c.title}: ${c.reason}`);
        const memberIds = draft.kind === 'hyperv-cluster' ? probe.nodeNames.map(serverIdFromName) : [];
        const server: ManagedServer = {
          id: probe.id,
          name: probe.name,
          kind: draft.kind,
          description: draft.description,
          credentialId: draft.credentialId,
          memberIds,
          vss: draft.vss,
          addedAt: nowIso(),
          lastCheckAt: nowIso(),
          status: 'ok',
          statusReason: '',
        };
        // Nodes registered one by one before (platform.json lists nodes) are now managed through their cluster.
        const absorbed = servers.list().filter((s) => s.kind === 'hyperv-host' && memberIds.includes(s.id));
        store.tx(() => {
          for (const s of absorbed) store.deleteManagedServer(s.id);
          store.putManagedServer(server);
        });
        servers.sync();
        for (const s of absorbed) ctx.log('info', `${s.name} is now managed through cluster ${probe.name}`);
        changed();
        ctx.log('info', `Registered ${probe.name} as a managed ${KIND_LABEL[draft.kind]}`);
        return { serverId: server.id };
      });
      return { taskId: t.id };
    },

    'servers.update': ({ id, credentialId, description, vss }) => {
      const current = requireServer(id);
      if (credentialId) requireCredential(credentialId);
      const next: ManagedServer = {
        ...current,
        ...(credentialId !== undefined ? { credentialId } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(vss !== undefined ? { vss } : {}),
      };
      servers.put(next);
      changed();
      return next;
    },

    'servers.rescan': async ({ id }) => {
      const current = requireServer(id);
      let next: ManagedServer;
      try {
        const probe = await servers.probe(current.name, current.credentialId, () => undefined);
        next = {
          ...current,
          status: 'ok',
          statusReason: '',
          lastCheckAt: nowIso(),
          memberIds: current.kind === 'hyperv-cluster' ? probe.nodeNames.map(serverIdFromName) : current.memberIds,
        };
      } catch (e) {
        // Unreachable or refused is the server's state, shown in the console, not a failure of the command.
        const err = FerryError.from(e);
        const status = err.code === ErrorCode.ServerUnreachable ? 'unreachable' : err.code === ErrorCode.AccessDenied || err.code === ErrorCode.NotFound ? 'access-denied' : null;
        if (!status) throw err;
        next = { ...current, status, statusReason: err.message, lastCheckAt: nowIso() };
      }
      servers.put(next);
      changed();
      return next;
    },

    'servers.remove': async ({ id }) => {
      const server = requireServer(id);
      const { jobs, proxies, unknown } = await usageOf(server);
      if (jobs.length > 0 || proxies.length > 0) {
        const why = [jobs.length ? `job(s) ${names(jobs)} protect its VMs` : '', proxies.length ? `off-host proxy ${names(proxies)} runs on it` : ''].filter(Boolean).join('; ');
        throw new FerryError(ErrorCode.InUse, `${server.name} cannot be removed: ${why}. Change those first`, { jobs, proxies });
      }
      // An unreachable server lists no VMs: "no job uses it" is then unknown, and removing it could drop a
      // protected host. Refused until a rescan reaches it again (then the check above knows).
      if (server.status !== 'ok' && unknown.length > 0) {
        throw new FerryError(
          ErrorCode.InUse,
          `${server.name} cannot be removed while it is ${server.status === 'unreachable' ? 'unreachable' : 'refusing its account (access denied)'}: its VMs cannot be listed, and job(s) ${names(unknown)} protect VMs the inventory does not show. Rescan it once it answers, or change those jobs first`,
          { jobs: unknown, proxies: [], status: server.status },
        );
      }
      servers.remove(id);
      changed();
      return { ok: true as const };
    },
  };
}
