// The pre-flight of a restore (restore.planVm / restore.planDisks): asked for when the Summary step opens, and
// again whenever the request changes. The last request wins.
import { useEffect, useRef, useState } from 'react';
import type { RestorePlan } from '../../../src-shared/contract/restore';
import { errorMessage } from '../../backend/errors';

export type PlanState = { status: 'loading' } | { status: 'ready'; plan: RestorePlan } | { status: 'error'; message: string };

export function usePlan(key: string, ask: () => Promise<RestorePlan>, enabled: boolean): { state: PlanState; retry(): void } {
  const [state, setState] = useState<PlanState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);
  const askRef = useRef(ask);
  askRef.current = ask;
  useEffect(() => {
    if (!enabled) return;
    const mine = ++generation.current;
    setState({ status: 'loading' });
    askRef
      .current()
      .then((plan) => mine === generation.current && setState({ status: 'ready', plan }))
      .catch((e: unknown) => mine === generation.current && setState({ status: 'error', message: errorMessage(e) }));
  }, [key, enabled, attempt]);
  return { state, retry: () => setAttempt((n) => n + 1) };
}
