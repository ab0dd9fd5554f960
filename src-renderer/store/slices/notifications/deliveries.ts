// A session report or alert that could not be delivered (wrong SMTP password, server unreachable, recipient
// refused) is a notification of its own, from the engine's typed delivery facts — never from log text.
import type { NotificationDelivery } from '../../../../src-shared/contract/settings';
import type { FerryNotification } from './derive';

const CHANNEL: Record<NotificationDelivery['channel'], string> = { email: 'E-mail', syslog: 'Syslog', webhook: 'Webhook', eventLog: 'Windows Event Log' };

export function deliveryNotifications(deliveries: NotificationDelivery[]): FerryNotification[] {
  return deliveries
    .filter((d) => d.lastError !== null && d.state !== 'sent')
    .map<FerryNotification>((d) => ({
      // each failed attempt is news: a retry that fails again is announced again
      id: `delivery:${d.id}:${d.attempts}`,
      intent: d.state === 'failed' ? 'error' : 'warning',
      title: `${CHANNEL[d.channel]} not delivered: ${d.subject}`,
      body: `${d.lastError ?? ''} ${d.state === 'failed' ? `Given up after ${d.attempts} attempts.` : `Attempt ${d.attempts} failed; Ferry tries again${d.nextAttemptAt ? ` at ${new Date(d.nextAttemptAt).toLocaleTimeString()}` : ''}.`}`.trim(),
      at: d.nextAttemptAt ?? d.createdAt,
      target: { view: 'settings' },
      targetLabel: 'Open Settings',
    }));
}

export function withDeliveries(base: FerryNotification[], deliveries: NotificationDelivery[]): FerryNotification[] {
  const extra = deliveryNotifications(deliveries);
  return extra.length === 0 ? base : [...base, ...extra].sort((a, b) => b.at.localeCompare(a.at));
}
