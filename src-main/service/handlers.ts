// The contract's commands implemented against the engine. No transport knowledge here.
import { statfs } from 'node:fs/promises';
import type { Job, JobSpec, Proxy, Repository } from '../../src-shared/domain';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { Engine } from '../engine/engine';
import { eligibleVolumes } from '../engine/inventory/eligibility';
import { newId } from '../engine/util/ids';
import { nowIso } from '../engine/util/time';
import { dirSize } from '../engine/util/dir-size';
import type { Handlers } from './dispatcher';
import { planSnapshots } from '../engine/orchestrator/plan';
import { servedVolumes } from '../engine/inventory/eligibility';
import { checkRestoreTarget } from './restore-target';
import { isAbsolute, resolve } from 'node:path';
import type { EventHub } from './hub';
import { createServerHandlers } from './server-handlers';

export interface HostInfo {
  host: 'electron' | 'web' | 'cli' | 'test';
  version: string;
}

const notFound = (what: string, id: string) => new FerryError(ErrorCode.NotFound, `${what} ${id} does not exist`);

export function createHandlers(engine: Engine, hub: EventHub, hostInfo: HostInfo): Handlers {
  const { store, platform, orchestrator, tasks } = engine;

  const requireJob = (id: string): Job => store.getJob(id) ?? (() => { throw notFound('Job', id); })();

  const requireLab = () => {
    if (!engine.lab) throw new FerryError(ErrorCode.Conflict, 'Fault injection exists only on the lab platform');
    return engine.lab;
  };

  /** What zod cannot know: unique name, VMs/repository/proxies that exist. */
  async function validateJobSpec(spec: JobSpec, selfId: string | null): Promise<void> {
    const clash = store.findJobByName(spec.name);
    if (clash && clash.id !== selfId) throw new FerryError(ErrorCode.Conflict, `A job named ${spec.name} already exists`);
    // Only VMs of managed servers can be protected; a VM the platform sees elsewhere gets a message that says so.
    const inv = await engine.servers.inventory();
    const missing = spec.vmIds.filter((id) => !inv.vms.some((v) => v.id === id));
    if (missing.length) {
      const all = await platform.inventory();
      const where = missing.map((id) => {
        const vm = all.vms.find((v) => v.id === id);
        return vm ? `${vm.name} (on ${all.hosts.find((h) => h.id === vm.hostId)?.name ?? vm.hostId}, not a managed server: add it first)` : id;
      });
      throw new FerryError(ErrorCode.InvalidParams, `vmIds: unknown VM(s) ${where.join(', ')}`);
    }
    if (!store.getRepository(spec.repositoryId)) throw new FerryError(ErrorCode.InvalidParams, `repositoryId: unknown repository ${spec.repositoryId}`);
    if (spec.processing.mode === 'off-host' && spec.processing.proxySelection === 'pinned') {
      const unknown = spec.processing.pinnedProxyIds.filter((id) => !store.getProxy(id));
      if (unknown.length) throw new FerryError(ErrorCode.InvalidParams, `processing.pinnedProxyIds: unknown proxy ${unknown.join(', ')}`);
    }
  }

  return {
    'app.info': () => ({ version: hostInfo.version, platform: platform.kind, dataDir: engine.dataDir, labCreatedNow: engine.labCreatedNow, host: hostInfo.host }),

    'inventory.get': () => engine.servers.inventory(),

    'proxies.list': () => store.listProxies().map((p) => ({ ...p, tasksInUse: orchestrator.tasksInUse(p.id) })),

    'proxies.check': async ({ serverId }) => {
      const inv = await engine.servers.inventory();
      if (!inv.hosts.some((h) => h.id === serverId)) throw notFound('Server', serverId);
      return platform.checkProxy(serverId);
    },

    'proxies.create': async (draft) => {
      const inv = await engine.servers.inventory();
      const server = inv.hosts.find((h) => h.id === draft.serverId);
      if (!server) throw notFound('Server', draft.serverId);
      if (store.listProxies().some((p) => p.serverId === draft.serverId)) {
        throw new FerryError(ErrorCode.Conflict, `${server.name} is already an off-host backup proxy`);
      }
      const checks = await platform.checkProxy(draft.serverId);
      const volumes = servedVolumes(eligibleVolumes(checks), draft.connectedVolumes);
      if (draft.connectedVolumes.mode === 'chosen' && volumes.length < draft.connectedVolumes.volumeIds.length) {
        const bad = draft.connectedVolumes.volumeIds.filter((v) => !volumes.includes(v));
        throw new FerryError(ErrorCode.ProxyNotReady, `${server.name} cannot serve the chosen volume(s) ${bad.join(', ')}: see the readiness check`);
      }
      if (volumes.length === 0) {
        const why = checks.filter((c) => c.status === 'fail').map((c) => `${c.title}: ${c.reason}`).join('; ');
        throw new FerryError(ErrorCode.ProxyNotReady, `${server.name} cannot serve as an off-host proxy for any volume: ${why}`);
      }
      const t = tasks.start(`Add off-host backup proxy ${server.name}`, async (ctx) => {
        ctx.log('info', `Readiness: ${volumes.length} volume(s) can be backed up off-host by ${server.name}`);
        ctx.progress(0.1);
        await platform.installProxy(draft.serverId, (level, text) => ctx.log(level, text));
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
        store.putProxy(proxy);
        hub.changed('proxies');
        ctx.log('info', `Proxy ${server.name} registered with ${draft.maxTasks} concurrent task(s)`);
        return { proxyId: proxy.id };
      });
      return { taskId: t.id };
    },

    'proxies.update': async ({ id, ...patch }) => {
      const proxy = store.getProxy(id);
      if (!proxy) throw notFound('Proxy', id);
      const next: Proxy = { ...proxy, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      if (patch.connectedVolumes) {
        const eligible = eligibleVolumes(await platform.checkProxy(proxy.serverId));
        next.eligibleVolumeIds = servedVolumes(eligible, patch.connectedVolumes);
        if (next.eligibleVolumeIds.length === 0) throw new FerryError(ErrorCode.ProxyNotReady, `${proxy.name} could not serve any of the chosen volumes`);
      }
      store.putProxy(next);
      hub.changed('proxies');
      return { ...next, tasksInUse: orchestrator.tasksInUse(id) };
    },

    'proxies.recheck': async ({ id }) => {
      const proxy = store.getProxy(id);
      if (!proxy) throw notFound('Proxy', id);
      const checks = await platform.checkProxy(proxy.serverId);
      const volumes = servedVolumes(eligibleVolumes(checks), proxy.connectedVolumes);
      const next: Proxy = { ...proxy, eligibleVolumeIds: volumes, status: volumes.length > 0 ? 'ready' : 'unavailable', lastCheckAt: nowIso() };
      store.putProxy(next);
      hub.changed('proxies');
      return { ...next, tasksInUse: orchestrator.tasksInUse(id) };
    },

    'proxies.remove': async ({ id }) => {
      const proxy = store.getProxy(id);
      if (!proxy) throw notFound('Proxy', id);
      const pinning = store.listJobs().filter((j) => j.spec.processing.mode === 'off-host' && j.spec.processing.proxySelection === 'pinned' && j.spec.processing.pinnedProxyIds.includes(id));
      if (pinning.length > 0) {
        throw new FerryError(ErrorCode.ProxyInUse, `Proxy ${proxy.name} is pinned by job(s) ${pinning.map((j) => j.spec.name).join(', ')}: change those jobs first`);
      }
      await platform.uninstallProxy(proxy.serverId, () => undefined);
      store.deleteProxy(id);
      hub.changed('proxies');
      return { ok: true as const };
    },

    'repositories.list': async () => {
      const out: Repository[] = [];
      for (const r of store.listRepositories()) {
        const fs = await statfs(engine.dataDir).catch(() => null);
        out.push({
          ...r,
          capacityBytes: fs ? fs.blocks * fs.bsize : 0,
          usedBytes: await dirSize(r.path),
          restorePoints: store.listRestorePoints().filter((p) => p.repositoryId === r.id).length,
        });
      }
      return out;
    },

    'repositories.create': async ({ name, path }) => {
      if (!isAbsolute(path)) throw new FerryError(ErrorCode.InvalidParams, 'path: give an absolute folder path');
      if (store.listRepositories().some((r) => r.name.toLowerCase() === name.toLowerCase() || resolve(r.path) === resolve(path))) {
        throw new FerryError(ErrorCode.Conflict, `A repository named ${name} or at ${path} is already registered`);
      }
      // Create (or adopt) before registering: a folder that is neither empty nor a repository is refused, nothing stored.
      await engine.repos.use(path, async () => undefined);
      const repo: Repository = { id: newId('repo'), name, path: resolve(path), capacityBytes: 0, usedBytes: 0, restorePoints: 0 };
      store.putRepository(repo);
      hub.changed('repositories');
      return repo;
    },

    'jobs.list': () => store.listJobs(),

    'jobs.plan': async ({ spec }) => {
      const inv = await engine.servers.inventory();
      const candidates = spec.processing.mode === 'off-host' ? await orchestrator.proxyCandidates() : [];
      const name = (id: string) => inv.hosts.find((h) => h.id === id)?.name ?? id;
      return planSnapshots(spec, inv, candidates, { hostVss: orchestrator.hostVss }).map((g) => ({
        volumeId: g.volumeId,
        volumePath: g.volumePath,
        hostName: name(g.hostId),
        vmNames: g.vmIds.map((id) => inv.vms.find((v) => v.id === id)?.name ?? id),
        mode: g.mode,
        proxyName: g.proxy?.name ?? null,
        warning: g.warning,
        failReason: g.failReason,
      }));
    },
    'jobs.get': ({ id }) => requireJob(id),

    'jobs.create': async (spec) => {
      await validateJobSpec(spec, null);
      const job: Job = orchestrator.withNextRun({ id: newId('job'), spec, createdAt: nowIso(), lastResult: null, lastRunAt: null, nextRunAt: null });
      store.putJob(job);
      hub.changed('jobs');
      return job;
    },

    'jobs.update': async ({ id, spec }) => {
      const current = requireJob(id);
      await validateJobSpec(spec, id);
      // A running session keeps the settings it started with; the change applies from the next run.
      const job = orchestrator.withNextRun({ ...current, spec });
      store.putJob(job);
      hub.changed('jobs');
      return job;
    },

    'jobs.setEnabled': ({ id, enabled }) => {
      const current = requireJob(id);
      const job = orchestrator.withNextRun({ ...current, spec: { ...current.spec, enabled } });
      store.putJob(job);
      hub.changed('jobs');
      return job;
    },

    'jobs.delete': ({ id }) => {
      const job = requireJob(id);
      if (orchestrator.runningJobIds().includes(id)) throw new FerryError(ErrorCode.JobRunning, `Job ${job.spec.name} is running: stop it first`);
      store.deleteJob(id);
      hub.changed('jobs');
      return { ok: true as const };
    },

    'jobs.start': ({ id, activeFull }) => {
      const sessionId = orchestrator.start(requireJob(id), { trigger: 'manual', activeFull });
      hub.changed('sessions');
      return { sessionId };
    },

    'sessions.list': ({ jobId }) => store.listSessions(jobId).map((s) => orchestrator.liveView(s.id) ?? s),

    'sessions.get': ({ id }) => {
      const seq = hub.currentSeq;
      const session = orchestrator.liveView(id) ?? store.getSession(id);
      if (!session) throw notFound('Session', id);
      return { session, log: store.getLog(id), seq, samples: orchestrator.liveSamples(id) ?? store.getSessionSamples(id) };
    },

    'sessions.stop': ({ id, mode }) => {
      if (!store.getSession(id)) throw notFound('Session', id);
      orchestrator.stop(id, mode);
      return { ok: true as const };
    },

    'sessions.retry': ({ id }) => {
      const session = orchestrator.liveView(id) ?? store.getSession(id);
      if (!session) throw notFound('Session', id);
      if (session.result === 'Running') throw new FerryError(ErrorCode.JobRunning, 'The session is still running');
      // the VMs a stop left unfinished are retried with the failed ones
      const failed = session.vms.filter((v) => v.status === 'Failed' || v.status === 'Stopped').map((v) => v.vmId);
      if (failed.length === 0) throw new FerryError(ErrorCode.Conflict, 'No VM failed or was stopped in this session: nothing to retry');
      const sessionId = orchestrator.start(requireJob(session.jobId), { trigger: 'retry', vmIds: failed });
      hub.changed('sessions');
      return { sessionId };
    },

    'restorePoints.list': ({ jobId }) => store.listRestorePoints(jobId),

    'restorePoints.verify': async ({ id }) => {
      const point = store.getRestorePoint(id);
      if (!point) throw notFound('Restore point', id);
      const repoRow = store.getRepository(point.repositoryId);
      if (!repoRow) throw notFound('Repository', point.repositoryId);
      const t = tasks.start(`Verify restore point ${id}`, async (ctx) => {
        ctx.log('info', `Re-reading and re-hashing every chunk of ${point.disks.length} disk(s)`);
        const report = await engine.repos.read(repoRow.path, (repo) => repo.verify(id, (done, total) => ctx.progress(total > 0 ? done / total : 1)));
        const summary = report.ok
          ? `OK: ${report.chunksChecked} chunks, ${report.bytesChecked} bytes verified`
          : `DAMAGED: ${report.damaged.map((d) => `${d.diskKey} (${d.reason})`).join('; ')}`;
        ctx.log(report.ok ? 'info' : 'error', summary);
        store.putRestorePoint({ ...point, lastVerify: { at: nowIso(), ok: report.ok, summary } });
        hub.changed('restorePoints');
        return { ok: report.ok, summary };
      });
      return { taskId: t.id };
    },

    'restorePoints.restore': async ({ id, vmId, diskIndex, format, outPath }) => {
      const point = store.getRestorePoint(id);
      if (!point) throw notFound('Restore point', id);
      const disk = point.disks.find((d) => d.vmId === vmId && d.diskIndex === diskIndex);
      if (!disk) throw notFound('Disk', `${vmId}/${diskIndex} in restore point ${id}`);
      const repoRow = store.getRepository(point.repositoryId);
      if (!repoRow) throw notFound('Repository', point.repositoryId);
      await checkRestoreTarget(outPath);
      const t = tasks.start(`Restore ${disk.vmName} disk ${diskIndex} (${format.toUpperCase()})`, async (ctx) => {
        ctx.log('info', `Restoring ${disk.vmName} disk ${diskIndex} from ${id} to ${outPath}`);
        const progress = (done: number, total: number) => ctx.progress(total > 0 ? done / total : 1);
        await engine.repos.read(repoRow.path, (repo) =>
          format === 'raw' ? repo.restoreRaw(id, `${vmId}/${diskIndex}`, outPath, progress) : repo.restoreVhdx(id, `${vmId}/${diskIndex}`, outPath, progress),
        );
        ctx.log('info', `Restored ${disk.virtualSizeBytes} bytes to ${outPath}`);
        return { outPath, bytes: disk.virtualSizeBytes };
      });
      return { taskId: t.id };
    },

    'lab.injectFault': ({ step, target, times }) => {
      requireLab().faults.inject(step, { target, times });
      return { ok: true as const };
    },

    'lab.clearFaults': () => {
      requireLab().faults.clear();
      return { ok: true as const };
    },

    'tasks.get': ({ id }) => tasks.get(id) ?? (() => { throw notFound('Task', id); })(),

    ...createServerHandlers(engine, hub),
  };
}
