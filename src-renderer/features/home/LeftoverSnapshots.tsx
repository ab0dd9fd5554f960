// Home's banner for snapshots whose release failed and that are still on the storage: which one, where (volume,
// host, the proxy it is still exposed on), since when, the last error and the next automatic retry — and a
// "Retry clean-up now" action. Nothing is shown while every snapshot was released.
import { useState } from 'react';
import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { SnapshotLeftover } from '../../../src-shared/domain';
import { errorMessage } from '../../backend/errors';
import { useNotify } from '../../components/notify';
import { formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { snapshotsSelectors } from '../../store/slices/snapshots/selectors';
import type { CleanupResult } from '../../store/slices/snapshots/state';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  error: { color: tokens.colorNeutralForeground2 },
});

export function LeftoverSnapshots() {
  const s = useStyles();
  const notify = useNotify();
  const leftovers = useFerryStore(snapshotsSelectors.leftovers).data;
  const connected = useFerryStore(connectionSelectors.isConnected);
  const hostName = useHostName();
  const navigate = useFerryStore((st) => st.navigate);
  const retry = useFerryStore((st) => st.retrySnapshotCleanup);
  const [busy, setBusy] = useState(false);
  if (leftovers.length === 0) return null;

  const retryNow = async () => {
    setBusy(true);
    try {
      const r = await retry();
      notify(...cleanupToast(r));
    } catch (e) {
      notify('Clean-up not started', errorMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label="Snapshots waiting for clean-up" data-testid="leftover-snapshots">
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>
            {leftovers.length === 1 ? '1 snapshot could not be deleted' : `${leftovers.length} snapshots could not be deleted`}
          </MessageBarTitle>
          They are still on the storage and use its space. The backed-up data is safe; Ferry retries the clean-up by itself and before
          the next snapshot of the same volume.
          <ul className={s.list} aria-label="Snapshots still on the storage">
            {leftovers.map((l) => (
              <li key={l.snapshotId} data-snapshot-id={l.snapshotId}>
                {leftoverText(l, hostName)}{' '}
                <Link as="button" onClick={() => navigate({ view: 'session', sessionId: l.sessionId })} aria-label={`Open session that took snapshot ${l.snapshotId}`}>
                  Open session
                </Link>
                <div className={s.error}>
                  Last error: {l.lastError} · Next retry {formatDateTime(l.nextRetryAt)}
                </div>
              </li>
            ))}
          </ul>
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" disabled={!connected || busy} onClick={() => void retryNow()}>
            {busy ? 'Cleaning up…' : 'Retry clean-up now'}
          </Button>
        </MessageBarActions>
      </MessageBar>
    </section>
  );
}

/** "Snapshot of D:\ on HV01 (job Nightly), still exposed on PROXY01 — since 12/7/2026, 10:02 AM, 3 failed attempts" */
export function leftoverText(l: SnapshotLeftover, hostName: (id: string) => string): string {
  const where = `Snapshot of ${l.volumePath} on ${hostName(l.hostId)}${l.jobName ? ` (job ${l.jobName})` : ''}`;
  const exposed = l.exposedOn ? `, still exposed on ${hostName(l.exposedOn)}` : '';
  return `${where}${exposed}: release failed ${formatDateTime(l.since)}, ${l.attempts} failed attempt${l.attempts === 1 ? '' : 's'}.`;
}

function cleanupToast(r: CleanupResult): [string, string, 'success' | 'warning'] {
  if (r.failed.length === 0) return ['Snapshots deleted', `${r.cleaned.length} snapshot(s) dismounted and deleted on the storage`, 'success'];
  const first = r.failed[0]!;
  return [`${r.failed.length} snapshot(s) still on the storage`, `${r.cleaned.length} deleted; ${first.snapshotId}: ${first.error}`, 'warning'];
}

/** Server names from the inventory (a cluster node or a proxy alike); the id when it is not there. */
function useHostName(): (id: string) => string {
  const hosts = useFerryStore((st) => st.inventory.data.hosts);
  return (id) => hosts.find((h) => h.id === id)?.name ?? id;
}
