// What the engine does by itself once a day: remove session history older than the retention (sessions with their
// logs, finished tasks, old delivery rows — today the store would only grow), and queue the daily summary at its
// time. Both run at start too (retention at once; the summary when its time has passed today and it was not sent).
import type { Store } from '../store/store';
import type { SettingsService } from '../settings/settings';
import type { TaskManager } from '../tasks/task-manager';
import type { Notifier } from './notifier';
import { dailySummary } from './daily-summary';
import type { NotificationChannel } from '../../../src-shared/contract/settings';

const TICK_MS = 60_000;
const DAY_MS = 24 * 3600_000;
const LAST_PRUNE_KEY = 'history.lastPruneAt';

export interface HousekeepingDeps {
  store: Store;
  settings: SettingsService;
  notifier: Notifier;
  tasks: TaskManager;
  /** VM id → name from the inventory (for the summary) */
  vmNames: () => Promise<Map<string, string>>;
  clock?: () => Date;
  changed?: (what: 'sessions') => void;
  log?: (level: 'info' | 'warning' | 'error', text: string) => void;
}

export class Housekeeping {
  private readonly clock: () => Date;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly d: HousekeepingDeps) {
    this.clock = d.clock ?? (() => new Date());
  }

  /** Removes history older than the retention; returns what it removed. */
  pruneHistory(): { sessions: number; tasks: number; notifications: number } {
    const now = this.clock();
    const before = new Date(now.getTime() - this.d.settings.current().history.retentionDays * DAY_MS);
    const removed = { ...this.d.store.pruneHistory(before.toISOString()), tasks: this.d.tasks.pruneFinished(before) };
    this.d.store.setConfig(LAST_PRUNE_KEY, now.toISOString());
    if (removed.sessions > 0) {
      this.d.changed?.('sessions');
      this.d.log?.('info', `History retention: removed ${removed.sessions} session(s) with their logs, ${removed.tasks} task(s) and ${removed.notifications} delivery record(s) older than ${this.d.settings.current().history.retentionDays} day(s)`);
    }
    return removed;
  }

  /** The daily summary when its time has come today (once a day: the outbox row's id is the date). */
  async summaryIfDue(): Promise<boolean> {
    const now = this.clock();
    const s = this.d.settings.current().notifications;
    if (!s.dailySummary.enabled) return false;
    const [h, m] = s.dailySummary.at.split(':').map(Number);
    const due = new Date(now);
    due.setHours(h, m, 0, 0);
    if (now < due) return false;
    const channels: NotificationChannel[] = [];
    if (s.email.enabled) channels.push('email');
    if (s.webhook.enabled) channels.push('webhook');
    if (channels.length === 0) return false;
    const day = `${due.getFullYear()}-${String(due.getMonth() + 1).padStart(2, '0')}-${String(due.getDate()).padStart(2, '0')}`;
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const message = dailySummary({
      jobs: this.d.store.listJobs(),
      sessions: this.d.store.listSessions(undefined, 10_000).filter((x) => x.startedAt >= since),
      restorePoints: this.d.store.listRestorePoints(),
      vmNames: await this.d.vmNames(),
      rpoHours: s.dailySummary.rpoHours,
      now,
    });
    return this.d.notifier.queue(message, channels, day) > 0;
  }

  async tick(): Promise<void> {
    const last = this.d.store.getConfig(LAST_PRUNE_KEY);
    if (!last || this.clock().getTime() - Date.parse(last) >= DAY_MS) this.pruneHistory();
    await this.summaryIfDue();
  }

  /** At start: retention now, then a check every minute. */
  start(): void {
    if (this.timer) return;
    this.pruneHistory();
    const run = () => void this.tick().catch((e: unknown) => this.d.log?.('warning', `Housekeeping: ${(e as Error).message}`));
    run();
    this.timer = setInterval(run, TICK_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
