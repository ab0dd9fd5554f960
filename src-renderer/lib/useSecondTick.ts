// A clock for durations that count up on screen (a running session, a running VM) between progress events.
import { useEffect, useState } from 'react';

/** Now, in ms; re-renders once a second while `ticking`, and stops when it is not (a finished view stays still). */
export function useSecondTick(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [ticking]);
  // a render between two ticks (a progress event) shows the time of that render, never an older one
  return ticking ? Math.max(now, Date.now()) : now;
}
