// Rules that decide whether the proxy wizard may move on. Pure, so they are unit-tested directly.
import { ProxyDraft, ProxyPatch, type ParamsOf } from '../../../src-shared/contract';
import type { ConnectedVolumes, Host, Proxy, ReadinessCheck, TimeWindow, Weekday } from '../../../src-shared/domain';
import { daysText, sortDays } from '../../lib/weekdays';

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
 * passes (and none of its rows fails or does not apply), and no server-wide row (one without a volume) fails.
 * A server-wide failure (unreachable, no Hyper-V role) rules out every volume; a LUN not zoned to the server is
 * not applicable: it is not served, without being a failure.
 */
export function servableVolumeIds(checks: ReadinessCheck[]): string[] {
  if (checks.some((c) => !c.volumeId && c.status === 'fail')) return [];
  const failing = new Set(checks.filter((c) => c.volumeId && (c.status === 'fail' || c.status === 'not-applicable')).map((c) => c.volumeId));
  const servable = new Set<string>();
  for (const c of checks) if (c.volumeId && c.status === 'pass' && !failing.has(c.volumeId)) servable.add(c.volumeId);
  return [...servable];
}

/** Why a volume cannot be served, from its failing readiness row (or a server-wide failure). */
export function unservableReason(checks: ReadinessCheck[], volumeId: string): string {
  const serverWide = checks.find((c) => !c.volumeId && c.status === 'fail');
  if (serverWide) return `${serverWide.title}: ${serverWide.reason}`;
  const own = checks.find((c) => c.volumeId === volumeId && c.status === 'fail') ?? checks.find((c) => c.volumeId === volumeId && c.status === 'not-applicable');
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

export type ThrottleScope = 'always' | 'window';

export interface WindowErrors {
  days?: string;
  start?: string;
  end?: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The "only during" window: at least one day, two HH:MM times that differ (end before start = across midnight). */
export function throttleWindowErrors(scope: ThrottleScope, days: Weekday[], start: string, end: string): WindowErrors | null {
  if (scope === 'always') return null;
  const errors: WindowErrors = {};
  if (days.length === 0) errors.days = 'Pick at least one day.';
  if (!HHMM.test(start)) errors.start = 'Enter the start as HH:MM (24-hour).';
  if (!HHMM.test(end)) errors.end = 'Enter the end as HH:MM (24-hour).';
  else if (start === end) errors.end = 'The end must differ from the start (an end before the start runs across midnight).';
  return Object.keys(errors).length > 0 ? errors : null;
}

/** The Traffic rules step as a whole: the rate, then the window. */
export function trafficStepError(enabled: boolean, mbps: number | null, scope: ThrottleScope, days: Weekday[], start: string, end: string): string | null {
  const rate = throttleError(enabled, mbps);
  if (rate || !enabled) return rate;
  const w = throttleWindowErrors(scope, days, start, end);
  return w ? (w.days ?? w.start ?? w.end ?? null) : null;
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
  /** null: the limit applies always (or there is no limit) */
  throttleWindow: TimeWindow | null;
  connectedVolumes: ConnectedVolumes;
  enabled: boolean;
}

export function settingsOf(proxy: Proxy): ProxySettings {
  return {
    description: proxy.description,
    maxTasks: proxy.maxTasks,
    throttleMBps: proxy.throttleMBps,
    throttleWindow: proxy.throttleWindow,
    connectedVolumes: proxy.connectedVolumes,
    enabled: proxy.enabled,
  };
}

/** A new proxy is always enabled: ProxyDraft has no such field. */
export function toDraft(serverId: string, { enabled: _enabled, ...settings }: ProxySettings): ParamsOf<'proxies.create'> {
  return ProxyDraft.parse({ serverId, ...settings });
}

const sameWindow = (a: TimeWindow | null, b: TimeWindow | null) =>
  a === null || b === null ? a === b : a.start === b.start && a.end === b.end && sortDays(a.days).join() === sortDays(b.days).join();

const sameVolumes = (a: ConnectedVolumes, b: ConnectedVolumes) =>
  a.mode === b.mode && (a.mode === 'automatic' || (b.mode === 'chosen' && [...a.volumeIds].sort().join() === [...b.volumeIds].sort().join()));

/** Only what changed goes to proxies.update, so a concurrent edit of another field is not undone. */
export function toPatch(proxy: Proxy, next: ProxySettings): ParamsOf<'proxies.update'> | null {
  const patch: ParamsOf<'proxies.update'> = { id: proxy.id };
  if (next.description !== proxy.description) patch.description = next.description;
  if (next.maxTasks !== proxy.maxTasks) patch.maxTasks = next.maxTasks;
  if (next.throttleMBps !== proxy.throttleMBps) patch.throttleMBps = next.throttleMBps;
  if (!sameWindow(next.throttleWindow, proxy.throttleWindow)) patch.throttleWindow = next.throttleWindow;
  if (next.enabled !== proxy.enabled) patch.enabled = next.enabled;
  if (!sameVolumes(next.connectedVolumes, proxy.connectedVolumes)) patch.connectedVolumes = next.connectedVolumes;
  return Object.keys(patch).length > 1 ? ProxyPatch.parse(patch) : null;
}

/** The traffic rule in one line: "50 MB/s, Mon–Fri 08:00–18:00", "50 MB/s, always" or "unlimited". */
export function trafficRuleText(mbps: number, window: TimeWindow | null): string {
  if (mbps <= 0) return 'unlimited';
  const rate = `${mbps.toLocaleString()} MB/s`;
  return window ? `${rate}, ${daysText(window.days)} ${window.start}–${window.end}` : `${rate}, always`;
}
