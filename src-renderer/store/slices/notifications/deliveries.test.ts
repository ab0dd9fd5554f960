import { describe, expect, it } from 'vitest';
import type { NotificationDelivery } from '../../../../src-shared/contract/settings';
import { deliveryNotifications, withDeliveries } from './deliveries';
import type { FerryNotification } from './derive';

const delivery = (patch: Partial<NotificationDelivery>): NotificationDelivery => ({
  id: 'session-report:email:s-1',
  kind: 'session-report',
  channel: 'email',
  sessionId: 's-1',
  jobName: 'Nightly',
  result: 'Failed',
  subject: '[Ferry] Failed: Nightly (2 VMs)',
  state: 'pending',
  attempts: 0,
  lastError: null,
  lastErrorCode: null,
  createdAt: '2026-12-07T22:00:00.000Z',
  nextAttemptAt: '2026-12-07T22:00:00.000Z',
  sentAt: null,
  ...patch,
});

describe('undelivered notifications in the console', () => {
  it('a failed attempt is a warning with the reason, a given-up one an error; sent and queued ones are not news', () => {
    const list = deliveryNotifications([
      delivery({ id: 'a', attempts: 1, lastError: 'The SMTP server smtp:587 refused the account or password: 535', lastErrorCode: 'E_NOTIFY_AUTH', nextAttemptAt: '2026-12-07T22:01:00.000Z' }),
      delivery({ id: 'b', state: 'failed', attempts: 12, lastError: 'unreachable', nextAttemptAt: null }),
      delivery({ id: 'c', state: 'sent', attempts: 1, sentAt: '2026-12-07T22:00:01.000Z' }),
      delivery({ id: 'd' }),
    ]);
    expect(list.map((n) => [n.id, n.intent])).toEqual([
      ['delivery:a:1', 'warning'],
      ['delivery:b:12', 'error'],
    ]);
    expect(list[0]!.title).toBe('E-mail not delivered: [Ferry] Failed: Nightly (2 VMs)');
    expect(list[0]!.body).toMatch(/^The SMTP server smtp:587 refused the account or password: 535 Attempt 1 failed; Ferry tries again at /);
    expect(list[1]!.body).toContain('Given up after 12 attempts.');
    expect(list[0]!.target).toEqual({ view: 'settings' });
  });

  it('joins the other notifications newest first, and keeps their list as it was when nothing failed', () => {
    const base: FerryNotification[] = [{ id: 'session:s-9', intent: 'error', title: 't', body: 'b', at: '2026-12-07T23:00:00.000Z', target: { view: 'home' }, targetLabel: 'x' }];
    expect(withDeliveries(base, [])).toBe(base);
    const merged = withDeliveries(base, [delivery({ attempts: 1, lastError: 'x', nextAttemptAt: '2026-12-07T23:30:00.000Z' })]);
    expect(merged.map((n) => n.id)).toEqual(['delivery:session-report:email:s-1:1', 'session:s-9']);
  });
});
