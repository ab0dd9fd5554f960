// Notifications are derived from what the host reports (sessions, proxies), not pushed separately:
// a session that ended Warning/Failed, a proxy found unavailable. Pure, so it is unit-tested.
import type { Proxy, SessionView } from '../../../../src-shared/domain';
import type { Route } from '../../../routing/routes';

export interface FerryNotification {
  /** stable: the same event keeps its id across refetches (read state sticks to it) */
  id: string;
  intent: 'warning' | 'error';
  title: string;
  body: string;
  at: string;
  /** where the admin goes to act on it */
  target: Route;
  targetLabel: string;
}

const MAX_SESSION_NOTIFICATIONS = 30;

export function deriveNotifications(sessions: SessionView[], proxies: Proxy[]): FerryNotification[] {
  const fromSessions = sessions
    .filter((s) => s.result === 'Warning' || s.result === 'Failed')
    .sort((a, b) => (b.endedAt ?? b.startedAt).localeCompare(a.endedAt ?? a.startedAt))
    .slice(0, MAX_SESSION_NOTIFICATIONS)
    .map<FerryNotification>((s) => ({
      id: `session:${s.id}`,
      intent: s.result === 'Failed' ? 'error' : 'warning',
      title: `${s.jobName} ended ${s.result === 'Failed' ? 'with errors (Failed)' : 'with warnings'}`,
      body: s.reason,
      at: s.endedAt ?? s.startedAt,
      target: { view: 'session', sessionId: s.id },
      targetLabel: 'Open the session',
    }));
  const fromProxies = proxies
    .filter((p) => p.status === 'unavailable')
    .map<FerryNotification>((p) => ({
      // A later check that still fails is a new notification.
      id: `proxy:${p.id}:${p.lastCheckAt}`,
      intent: 'error',
      title: `Proxy ${p.name} is unavailable`,
      body: 'Jobs that would use it fail over to on-host backup (or fail when failover is off). Fix the server, then Re-check it.',
      at: p.lastCheckAt,
      target: { view: 'infrastructure' },
      targetLabel: 'Open Backup Infrastructure',
    }));
  return [...fromSessions, ...fromProxies].sort((a, b) => b.at.localeCompare(a.at));
}
