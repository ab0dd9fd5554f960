// The managed servers a restore can write to (restore.targets), fetched when a restore wizard opens.
import { useCallback, useEffect, useState } from 'react';
import type { RestoreTarget } from '../../../src-shared/contract/restore';
import { getClient } from '../../backend/client';
import { errorMessage } from '../../backend/errors';
import { notLoaded, type Loadable } from '../../store/loadable';

export function useRestoreTargets(): { targets: Loadable<RestoreTarget[]>; reload(): void } {
  const [targets, setTargets] = useState<Loadable<RestoreTarget[]>>(() => notLoaded([]));
  const reload = useCallback(() => {
    setTargets((t) => ({ ...t, status: 'loading', error: null }));
    getClient()
      .call('restore.targets', {})
      .then((data) => setTargets({ data, status: 'ready', error: null, refreshing: false }))
      .catch((e: unknown) => setTargets((t) => ({ ...t, status: 'error', error: errorMessage(e) })));
  }, []);
  useEffect(reload, [reload]);
  return { targets, reload };
}
