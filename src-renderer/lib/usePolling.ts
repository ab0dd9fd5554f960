// Calls `tick` every `intervalMs` while `active` holds: for values the host does not push (task slots in use).
import { useEffect, useRef } from 'react';

export function usePolling(active: boolean, intervalMs: number, tick: () => void): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(t);
  }, [active, intervalMs]);
}
