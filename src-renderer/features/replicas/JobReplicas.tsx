// Home, a replication job selected: its replicas in short (state, points, last sync), each a way into Replicas.
import { useEffect } from 'react';
import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { formatShortDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { replicasSelectors } from '../../store/slices/replicas/selectors';
import { ReplicaStateBadge } from './ReplicaTables';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
});

export function JobReplicas({ jobId }: { jobId: string }) {
  const s = useStyles();
  const replicas = useFerryStore(replicasSelectors.loadable);
  const { fetchReplicas, selectReplica, navigate } = useFerryStore.getState();
  useEffect(() => void fetchReplicas(), [jobId, fetchReplicas]);
  const mine = replicas.data.filter((r) => r.jobId === jobId);
  if (replicas.status === 'idle' || (replicas.status === 'loading' && mine.length === 0)) return <LoadingState label="Loading replicas…" />;
  if (replicas.status === 'error') return <ErrorState title="Could not load replicas" message={replicas.error ?? ''} onRetry={() => void fetchReplicas()} />;
  if (mine.length === 0) return <EmptyState>No replicas yet: run the job to create them on the target host.</EmptyState>;
  return (
    <ul className={s.list} aria-label="Replicas of this job">
      {mine.map((r) => (
        <li key={r.id} className={s.item}>
          <Link
            onClick={() => {
              selectReplica(r.id);
              navigate({ view: 'replicas' });
            }}
          >
            {r.name}
          </Link>
          <ReplicaStateBadge state={r.state} />
          <span>
            {r.points.length} restore point{r.points.length === 1 ? '' : 's'} on {r.targetHostName}, last sync {formatShortDateTime(r.lastSyncAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}
