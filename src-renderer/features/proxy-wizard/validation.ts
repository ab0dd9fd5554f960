// Rules that decide whether the Add proxy wizard may move on. Pure, so they are unit-tested directly.
import { ProxyDraft } from '../../../src-shared/contract';
import type { Host, Proxy, ReadinessCheck } from '../../../src-shared/domain';

export const MIN_TASKS = 1;
export const MAX_TASKS = 64;

export function serverStepError(serverId: string | null, hosts: Host[], proxies: Proxy[]): string | null {
  if (!serverId) return 'Choose the server that will act as the off-host backup proxy.';
  if (!hosts.some((h) => h.id === serverId)) return 'This server is no longer in the inventory.';
  if (proxies.some((p) => p.serverId === serverId)) return 'This server is already an off-host backup proxy.';
  return null;
}

/**
 * Volumes the server may back up off-host, by the engine's rule: a volume counts when its own row
 * passes (and none of its rows fails), and no server-wide row (one without a volume) fails.
 * A server-wide failure (unreachable, no Hyper-V role) rules out every volume.
 */
export function servableVolumeIds(checks: ReadinessCheck[]): string[] {
  if (checks.some((c) => !c.volumeId && c.status === 'fail')) return [];
  const failing = new Set(checks.filter((c) => c.volumeId && c.status === 'fail').map((c) => c.volumeId));
  const servable = new Set<string>();
  for (const c of checks) if (c.volumeId && c.status === 'pass' && !failing.has(c.volumeId)) servable.add(c.volumeId);
  return [...servable];
}

export function readinessStepError(checks: ReadinessCheck[] | null): string | null {
  if (!checks) return 'Run the readiness check first.';
  if (servableVolumeIds(checks).length === 0) {
    return 'This server cannot back up any volume off-host. Fix the failed requirements or choose another server.';
  }
  return null;
}

export function maxTasksError(maxTasks: number | null): string | null {
  if (maxTasks === null || Number.isNaN(maxTasks)) return 'Enter a number of tasks.';
  const parsed = ProxyDraft.shape.maxTasks.safeParse(maxTasks);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Invalid number of tasks.');
}

/** About two tasks per core (one task = one VM disk), the guidance admins know. */
export function suggestedMaxTasks(host: Host | undefined): number {
  if (!host) return 4;
  return Math.max(MIN_TASKS, Math.min(MAX_TASKS, host.cpuCores * 2));
}

export function defaultDescription(now = new Date()): string {
  return `Off-host backup proxy added by the Ferry console on ${now.toLocaleDateString()}`;
}
