// Adding, changing, rescanning and removing managed servers. Adding is a task with a live log: connect with the
// chosen account, check the kind against what the server is (E_WRONG_SERVER_KIND), register it (a cluster brings
// its nodes). Removal is refused while the infrastructure still needs the server.
import type { z } from 'zod';
import type { HostVssSettings, ManagedServer, ServerProbe } from '../../../src-shared/domain';
import type { ServerDraft } from '../../../src-shared/contract/methods';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { SERVER_KIND_LABEL as KIND_LABEL, kindMismatch, serverIdFromName } from '../../../src-shared/server-kind';
import type { Platform } from '../platform/types';
import type { Store } from '../store/store';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { ChangeListener } from '../util/changes';
import { notFound } from '../util/not-found';
import { nowIso } from '../util/time';
import type { Credentials } from './credentials';
import { hostIdsOf } from './managed-inventory';
import type { ManagedServers } from './managed-servers';
import { CONSOLE_IDENTITY } from './probe-checks';

export interface ServerManagementDeps {
  store: Store;
  platform: Platform;
  servers: ManagedServers;
  credentials: Credentials;
  tasks: TaskManager;
  /** the console refetches managed servers with the inventory */
  changed: ChangeListener;
}

type Draft = z.output<typeof ServerDraft>;

export interface ServerPatch {
  id: string;
  credentialId?: string | null;
  description?: string;
  vss?: HostVssSettings;
}

const names = (xs: string[]) => xs.join(', ');

export class ServerManagement {
  constructor(private readonly d: ServerManagementDeps) {}

  list(): ManagedServer[] {
    return this.d.servers.list();
  }

  /** Connects and reports what the server is (kind, VMs, volumes, checks). Changes nothing. */
  probe(name: string, credentialId: string | null): Promise<ServerProbe> {
    return this.d.servers.probe(name, credentialId, () => undefined);
  }

  add(draft: Draft): { taskId: string } {
    // Cheap refusals first, before any connection: a server already managed, an unknown credential.
    const existing = this.d.servers.get(serverIdFromName(draft.name));
    if (existing) throw new FerryError(ErrorCode.Conflict, `${existing.name} is already a managed server`);
    const account = draft.credentialId === null ? CONSOLE_IDENTITY : this.d.credentials.get(draft.credentialId).user;
    const t = this.d.tasks.start(`Add ${KIND_LABEL[draft.kind]} ${draft.name}`, async (ctx) => {
      ctx.log('info', `Connecting to ${draft.name} as ${account}`);
      ctx.progress(0.1);
      const probe = await this.d.servers.probe(draft.name, draft.credentialId, (level, text) => ctx.log(level, text));
      ctx.progress(0.7);
      this.checkAddable(draft, probe, ctx);
      return { serverId: this.register(draft, probe, ctx).id };
    });
    return { taskId: t.id };
  }

  update({ id, credentialId, description, vss }: ServerPatch): ManagedServer {
    const current = this.get(id);
    if (credentialId) this.d.credentials.get(credentialId);
    const next: ManagedServer = {
      ...current,
      ...(credentialId !== undefined ? { credentialId } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(vss !== undefined ? { vss } : {}),
    };
    return this.save(next);
  }

  /** Connects again: ok, unreachable or access denied is the server's state (shown), not a failure of the command. */
  async rescan(id: string): Promise<ManagedServer> {
    const current = this.get(id);
    let next: ManagedServer;
    try {
      const probe = await this.d.servers.probe(current.name, current.credentialId, () => undefined);
      next = {
        ...current,
        status: 'ok',
        statusReason: '',
        lastCheckAt: nowIso(),
        memberIds: current.kind === 'hyperv-cluster' ? probe.nodeNames.map(serverIdFromName) : current.memberIds,
      };
    } catch (e) {
      const err = FerryError.from(e);
      const status = err.code === ErrorCode.ServerUnreachable ? 'unreachable' : err.code === ErrorCode.AccessDenied || err.code === ErrorCode.NotFound ? 'access-denied' : null;
      if (!status) throw err;
      next = { ...current, status, statusReason: err.message, lastCheckAt: nowIso() };
    }
    return this.save(next);
  }

  async remove(id: string): Promise<{ ok: true }> {
    const server = this.get(id);
    const { jobs, proxies, unknown } = await this.usageOf(server);
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
    this.d.servers.remove(id);
    this.d.changed('inventory');
    return { ok: true };
  }

  /** The probe must agree with the kind asked for, and the server must not be managed yet (itself or through its cluster). */
  private checkAddable(draft: Draft, probe: ServerProbe, ctx: TaskContext): void {
    const mismatch = kindMismatch(draft.kind, probe);
    if (mismatch) throw new FerryError(ErrorCode.WrongServerKind, mismatch.message, { detectedKind: probe.detectedKind });
    const owner = this.d.servers.owning(probe.id);
    if (owner) throw new FerryError(ErrorCode.Conflict, owner.id === probe.id ? `${owner.name} is already a managed server` : `${probe.name} is already managed as a node of ${owner.name}`);
    const nodes = probe.nodeNames.length && draft.kind === 'hyperv-cluster' ? `, nodes ${names(probe.nodeNames)}` : '';
    ctx.log('info', `Found ${KIND_LABEL[probe.detectedKind]} ${probe.name} with ${probe.vmCount} VM(s) on ${probe.volumes.length} volume(s)${nodes}`);
    for (const c of probe.checks.filter((x) => x.status !== 'pass')) ctx.log('warning', `${c.title}: ${c.reason}`);
  }

  private register(draft: Draft, probe: ServerProbe, ctx: TaskContext): ManagedServer {
    const { store, servers } = this.d;
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
    this.d.changed('inventory');
    ctx.log('info', `Registered ${probe.name} as a managed ${KIND_LABEL[draft.kind]}`);
    return server;
  }

  /**
   * What keeps a server in the infrastructure: jobs protecting its VMs, off-host proxies running on it. `unknown`:
   * jobs naming VMs the inventory does not show; while the server is not reachable they may well be its VMs.
   */
  private async usageOf(server: ManagedServer): Promise<{ jobs: string[]; proxies: string[]; unknown: string[] }> {
    const { store, platform } = this.d;
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

  private get(id: string): ManagedServer {
    const server = this.d.servers.get(id);
    if (!server) throw notFound('Managed server', id);
    return server;
  }

  private save(next: ManagedServer): ManagedServer {
    this.d.servers.put(next);
    this.d.changed('inventory');
    return next;
  }
}
