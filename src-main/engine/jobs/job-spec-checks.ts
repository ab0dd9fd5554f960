// What zod cannot know about a job spec: a unique name, and VMs, a repository and pinned proxies that exist.
import type { Inventory, JobSpec } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { Platform } from '../platform/types';
import type { ManagedServers } from '../servers/managed-servers';
import type { Store } from '../store/store';

export interface JobSpecContext {
  store: Store;
  servers: ManagedServers;
  platform: Platform;
}

/** Throws E_CONFLICT (name taken by another job) or E_INVALID_PARAMS naming the field; selfId: the job being changed. */
export async function checkJobSpec(spec: JobSpec, selfId: string | null, { store, servers, platform }: JobSpecContext): Promise<void> {
  const clash = store.findJobByName(spec.name);
  if (clash && clash.id !== selfId) throw new FerryError(ErrorCode.Conflict, `A job named ${spec.name} already exists`);
  // Only VMs of managed servers can be protected; a VM the platform sees elsewhere gets a message that says so.
  const inv = await servers.inventory();
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
  if (spec.replication) checkReplicationTarget(spec, inv);
  if (spec.processing.mode === 'off-host' && spec.processing.proxySelection === 'pinned') {
    const unknown = spec.processing.pinnedProxyIds.filter((id) => !store.getProxy(id));
    if (unknown.length) throw new FerryError(ErrorCode.InvalidParams, `processing.pinnedProxyIds: unknown proxy ${unknown.join(', ')}`);
  }
}

/** The target host must be a managed Hyper-V host, and a VM is never replicated onto its own host. */
function checkReplicationTarget(spec: JobSpec, inv: Inventory): void {
  const r = spec.replication as NonNullable<JobSpec['replication']>;
  const host = inv.hosts.find((h) => h.id === r.targetHostId);
  if (!host || host.role !== 'hyperv-host') throw new FerryError(ErrorCode.InvalidParams, `replication.targetHostId: ${r.targetHostId} is not a managed Hyper-V host`);
  const same = spec.vmIds.map((id) => inv.vms.find((v) => v.id === id)).filter((v) => v && v.hostId === r.targetHostId);
  if (same.length > 0) throw new FerryError(ErrorCode.InvalidParams, `replication.targetHostId: ${same.map((v) => v?.name).join(', ')} already run(s) on ${host.name}; pick another target host`);
}
