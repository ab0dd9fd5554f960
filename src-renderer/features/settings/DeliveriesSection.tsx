// What went out, what waits for a retry (with the reason) and what was given up — the engine's delivery facts.
import { Badge, Button } from '@fluentui/react-components';
import type { NotificationDelivery } from '../../../src-shared/contract/settings';
import { DataTable, type Column } from '../../components/DataTable';
import { LoadableView } from '../../components/StateViews';
import { Section } from '../../components/Section';
import { formatShortDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { settingsSelectors } from '../../store/slices/settings/selectors';

const CHANNEL: Record<NotificationDelivery['channel'], string> = { email: 'E-mail', syslog: 'Syslog', webhook: 'Webhook', eventLog: 'Event Log' };

function StateBadge({ d }: { d: NotificationDelivery }) {
  if (d.state === 'sent') return <Badge appearance="tint" color="success">Sent</Badge>;
  if (d.state === 'failed') return <Badge appearance="filled" color="danger">Given up</Badge>;
  return <Badge appearance="tint" color={d.attempts > 0 ? 'warning' : 'informative'}>{d.attempts > 0 ? 'Retrying' : 'Queued'}</Badge>;
}

const columns: Column<NotificationDelivery>[] = [
  { id: 'at', label: 'Queued', width: 150, render: (d) => formatShortDateTime(d.createdAt), sortValue: (d) => d.createdAt },
  { id: 'channel', label: 'Channel', width: 100, render: (d) => CHANNEL[d.channel], sortValue: (d) => d.channel },
  { id: 'subject', label: 'Message', width: 320, render: (d) => d.subject },
  { id: 'state', label: 'State', width: 110, render: (d) => <StateBadge d={d} />, sortValue: (d) => d.state },
  {
    id: 'detail',
    label: 'Details',
    width: 420,
    render: (d) =>
      d.state === 'sent'
        ? `Sent ${formatShortDateTime(d.sentAt)}${d.attempts > 1 ? ` (attempt ${d.attempts})` : ''}`
        : d.lastError
          ? `${d.lastError} (${d.lastErrorCode}; attempt ${d.attempts}${d.nextAttemptAt ? `, next ${formatShortDateTime(d.nextAttemptAt)}` : ''})`
          : 'Waiting to be sent',
  },
];

export function DeliveriesSection() {
  const deliveries = useFerryStore(settingsSelectors.deliveries);
  const { fetchDeliveries, retryDeliveries } = useFerryStore.getState();
  const waiting = deliveries.data.some((d) => d.state === 'pending');
  return (
    <Section
      title="Notification deliveries"
      actions={
        <Button size="small" disabled={!waiting} onClick={() => void retryDeliveries()}>
          Retry now
        </Button>
      }
    >
      <LoadableView loadable={deliveries} what="notification deliveries" empty="Nothing sent yet. Session reports appear here when jobs end." onRetry={() => void fetchDeliveries()}>
        {(items) => <DataTable label="Notification deliveries" items={items} columns={columns} getRowId={(d) => d.id} />}
      </LoadableView>
    </Section>
  );
}
