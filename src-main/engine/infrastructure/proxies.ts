// Off-host backup proxies: readiness, registration (a task with a live log), settings, recheck, removal.
// Which volumes a proxy serves follows its readiness check (proxy-eligibility.ts), narrowed to the admin's choice.
import type { z } from 'zod';
import type { ConnectedVolumes, Host, Proxy, ReadinessCheck } from '../../../src-shared/domain';
import type { ProxyDraft, ProxyPatch } from '../../../src-shared/contract/methods';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { Platform } from '../platform/types';
import type { ManagedServers } from '../servers/managed-servers';
import type { Store } from '../store/store';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { ChangeListener } from '../util/changes';
import { newId } from '../util/ids';
import { notFound } from '../util/not-found';
import { nowIso } from '../util/time';
import { eligibleVolumes, servedVolumes } from './proxy-eligibility';

export interface ProxiesDeps {
  store: Store;
  platform: Platform;
  orchestrator: Orchestrator;
  servers: ManagedServers;
  tasks: TaskManager;
  changed: ChangeListener;
}

type Draft = z.output<typeof ProxyDraft>;
type Patch = z.output<typeof ProxyPatch>;

export class Proxies {
  constructor(private readonly d: ProxiesDeps) {}

  /** Every proxy with the task slots its running sessions use now. */
  list(): Proxy[] {
    return this.d.store.listProxies().map((p) => this.live(p));
  }

  /** The readiness check of a managed server, for the proxy wizard. Changes nothing. */
  async check(serverId: string): Promise<ReadinessCheck[]> {
    await this.managedServer(serverId);
    return this.d.platform.checkProxy(serverId);
  }

  /** Refused up front when the server is already a proxy or serves no volume; the install runs as a task. */
  async create(draft: Draft): Promise<{ taskId: string }> {
    const server = await this.managedServer(draft.serverId);
    if (this.d.store.listProxies().some((p) => p.serverId === draft.serverId)) {
      throw new FerryError(ErrorCode.Conflict, `${server.name} is already an off-host backup proxy`);
    }
    const checks = await this.d.platform.checkProxy(draft.serverId);
    const volumes = servedVolumes(eligibleVolumes(checks), draft.connectedVolumes);
    if (draft.connectedVolumes.mode === 'chosen' && volumes.length < draft.connectedVolumes.volumeIds.length) {
      const bad = draft.connectedVolumes.volumeIds.filter((v) => !volumes.includes(v));
      throw new FerryError(ErrorCode.ProxyNotReady, `${server.name} cannot serve the chosen volume(s) ${bad.join(', ')}: see the readiness check`);
    }
    if (volumes.length === 0) {
      const why = checks.filter((c) => c.status === 'fail').map((c) => `${c.title}: ${c.reason}`).join('; ');
      throw new FerryError(ErrorCode.ProxyNotReady, `${server.name} cannot serve as an off-host proxy for any volume: ${why}`);
    }
    const t = this.d.tasks.start(`Add off-host backup proxy ${server.name}`, (ctx) => this.install(ctx, server, draft, volumes));
    return { taskId: t.id };
  }

  async update({ id, ...patch }: Patch): Promise<Proxy> {
    const proxy = this.get(id);
    const next: Proxy = { ...proxy, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    if (patch.connectedVolumes) {
      next.eligibleVolumeIds = await this.served(proxy.serverId, patch.connectedVolumes);
      if (next.eligibleVolumeIds.length === 0) throw new FerryError(ErrorCode.ProxyNotReady, `${proxy.name} could not serve any of the chosen volumes`);
    }
    return this.save(next);
  }

  /** Runs the readiness check again: the volumes it serves now, unavailable when none. */
  async recheck(id: string): Promise<Proxy> {
    const proxy = this.get(id);
    const volumes = await this.served(proxy.serverId, proxy.connectedVolumes);
    return this.save({ ...proxy, eligibleVolumeIds: volumes, status: volumes.length > 0 ? 'ready' : 'unavailable', lastCheckAt: nowIso() });
  }

  /** Refused while a job pins it; uninstalls the agent, then forgets the proxy. */
  async remove(id: string): Promise<{ ok: true }> {
    const { store, platform } = this.d;
    const proxy = this.get(id);
    const pinning = store
      .listJobs()
      .filter((j) => j.spec.processing.mode === 'off-host' && j.spec.processing.proxySelection === 'pinned' && j.spec.processing.pinnedProxyIds.includes(id));
    if (pinning.length > 0) {
      throw new FerryError(ErrorCode.ProxyInUse, `Proxy ${proxy.name} is pinned by job(s) ${pinning.map((j) => j.spec.name).join(', ')}: change those jobs first`);
    }
    await platform.uninstallProxy(proxy.serverId, () => undefined);
    store.deleteProxy(id);
    this.d.changed('proxies');
    return { ok: true };
  }

  private async install(ctx: TaskContext, server: Host, draft: Draft, volumes: string[]): Promise<{ proxyId: string }> {
    ctx.log('info', `Readiness: ${volumes.length} volume(s) can be backed up off-host by ${server.name}`);
    ctx.progress(0.1);
    await this.d.platform.installProxy(draft.serverId, (level, text) => ctx.log(level, text));
    ctx.progress(0.9);
    const proxy: Proxy = {
      id: newId('px'),
      serverId: server.id,
      name: server.name,
      description: draft.description,
      maxTasks: draft.maxTasks,
      throttleMBps: draft.throttleMBps,
      throttleWindow: draft.throttleWindow,
      enabled: true,
      connectedVolumes: draft.connectedVolumes,
      tasksInUse: 0,
      eligibleVolumeIds: volumes,
      status: 'ready',
      lastCheckAt: nowIso(),
      createdAt: nowIso(),
    };
    this.d.store.putProxy(proxy);
    this.d.changed('proxies');
    ctx.log('info', `Proxy ${server.name} registered with ${draft.maxTasks} concurrent task(s)`);
    return { proxyId: proxy.id };
  }

  private async managedServer(serverId: string): Promise<Host> {
    const inv = await this.d.servers.inventory();
    const server = inv.hosts.find((h) => h.id === serverId);
    if (!server) throw notFound('Server', serverId);
    return server;
  }

  private async served(serverId: string, connected: ConnectedVolumes): Promise<string[]> {
    return servedVolumes(eligibleVolumes(await this.d.platform.checkProxy(serverId)), connected);
  }

  private get(id: string): Proxy {
    const proxy = this.d.store.getProxy(id);
    if (!proxy) throw notFound('Proxy', id);
    return proxy;
  }

  private save(next: Proxy): Proxy {
    this.d.store.putProxy(next);
    this.d.changed('proxies');
    return this.live(next);
  }

  private live(p: Proxy): Proxy {
    return { ...p, tasksInUse: this.d.orchestrator.tasksInUse(p.id) };
  }
}
