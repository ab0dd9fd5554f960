// Rules that decide whether the proxy wizard may move on. Pure, so they are unit-tested directly.
import { ProxyDraft, ProxyPatch, type ParamsOf } from '../../../src-shared/contract';
import type { ConnectedVolumes, Host, Proxy, ReadinessCheck } from '../../../src-shared/domain';

export const MIN_TASKS = 1;
export const MAX_TASKS = 64;
export const MAX_THROTTLE_MBPS = 100_000;

export function serverStepError(serverId: string | null, hosts: Host[], proxies: Proxy[], editingProxyId: string | null = null): string | null {
  if (!serverId) return 'Choose the server that will act as the off-host backup proxy.';
  if (!hosts.some((h) => h.id === serverId)) return 'This server is no longer in the inventory.';
  if (proxies.some((p) => p.serverId === serverId && p.id !== editingProxyId)) return 'This server is already an off-host backup proxy.';
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

/** Why a volume cannot be served, from its failing readiness row (or a server-wide failure). */
export function unservableReason(checks: ReadinessCheck[], volumeId: string): string {
  const serverWide = checks.find((c) => !c.volumeId && c.status === 'fail');
  if (serverWide) return `${serverWide.title}: ${serverWide.reason}`;
  const own = checks.find((c) => c.volumeId === volumeId && c.status === 'fail');
  return own?.reason ?? 'Not visible to this server';
}

export function readinessStepError(checks: ReadinessCheck[] | null): string | null {
  if (!checks) return 'Run the readiness check first.';
  if (servableVolumeIds(checks).length === 0) {
    return 'This server cannot back up any volume off-host. Fix the failed requirements or choose another server.';
  }
  return null;
}

export function connectedVolumesError(mode: ConnectedVolumes['mode'], chosenIds: string[], servableIds: string[]): string | null {
  if (mode === 'automatic') return null;
  if (chosenIds.length === 0) return 'Choose at least one volume, or let the proxy serve every volume it can reach.';
  const lost = chosenIds.filter((id) => !servableIds.includes(id));
  if (lost.length > 0) return 'Some chosen volumes can no longer be served by this server; clear them or re-run the readiness check.';
  return null;
}

export function maxTasksError(maxTasks: number | null): string | null {
  if (maxTasks === null || Number.isNaN(maxTasks)) return 'Enter a number of tasks.';
  const parsed = ProxyDraft.shape.maxTasks.safeParse(maxTasks);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Invalid number of tasks.');
}

/** Throttling off means 0 (unlimited) on the wire; on, it needs a positive cap. */
export function throttleError(enabled: boolean, mbps: number | null): string | null {
  if (!enabled) return null;
  if (mbps === null || Number.isNaN(mbps)) return 'Enter a limit in MB/s.';
  if (mbps < 1) return 'The limit must be at least 1 MB/s (turn throttling off for no limit).';
  if (mbps > MAX_THROTTLE_MBPS) return `The limit can be at most ${MAX_THROTTLE_MBPS.toLocaleString()} MB/s.`;
  return null;
}

/** About two tasks per core (one task = one VM disk), the guidance admins know. */
export function suggestedMaxTasks(host: Host | undefined): number {
  if (!host) return 4;
  return Math.max(MIN_TASKS, Math.min(MAX_TASKS, host.cpuCores * 2));
}

export function defaultDescription(now = new Date()): string {
  return `Off-host backup proxy added by the Ferry console on ${now.toLocaleDateString()}`;
}

/** The settings the wizard edits, in the shape both create and edit start from. */
export interface ProxySettings {
  description: string;
  maxTasks: number;
  throttleMBps: number;
  connectedVolumes: ConnectedVolumes;
}

export function settingsOf(proxy: Proxy): ProxySettings {
  return { description: proxy.description, maxTasks: proxy.maxTasks, throttleMBps: proxy.throttleMBps, connectedVolumes: proxy.connectedVolumes };
}

export function toDraft(serverId: string, settings: ProxySettings): ParamsOf<'proxies.create'> {
  return ProxyDraft.parse({ serverId, ...settings });
}

const sameVolumes = (a: ConnectedVolumes, b: ConnectedVolumes) =>
  a.mode === b.mode && (a.mode === 'automatic' || (b.mode === 'chosen' && [...a.volumeIds].sort().join() === [...b.volumeIds].sort().join()));

/** Only what changed goes to proxies.update, so a concurrent edit of another field is not undone. */
export function toPatch(proxy: Proxy, next: ProxySettings): ParamsOf<'proxies.update'> | null {
  const patch: ParamsOf<'proxies.update'> = { id: proxy.id };
  if (next.description !== proxy.description) patch.description = next.description;
  if (next.maxTasks !== proxy.maxTasks) patch.maxTasks = next.maxTasks;
  if (next.throttleMBps !== proxy.throttleMBps) patch.throttleMBps = next.throttleMBps;
  if (!sameVolumes(next.connectedVolumes, proxy.connectedVolumes)) patch.connectedVolumes = next.connectedVolumes;
  return Object.keys(patch).length > 1 ? ProxyPatch.parse(patch) : null;
}

export function throttleText(mbps: number): string {
  return mbps > 0 ? `${mbps.toLocaleString()} MB/s per task` : 'Unlimited';
}
