// Our dialogs are mounted only while open (every wizard starts fresh), so Fluent's trigger-based focus restore
// never runs: closing would drop keyboard users on <body>. Remember what had focus when a dialog opened and
// put focus back there once it has closed.
import { useCallback, useRef } from 'react';

export function useReturnFocus(): { remember(): void; restore(): void } {
  const origin = useRef<HTMLElement | null>(null);
  const remember = useCallback(() => {
    origin.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, []);
  const restore = useCallback(() => {
    const target = origin.current;
    origin.current = null;
    // After React removed the dialog and its focus trap let go.
    if (target) requestAnimationFrame(() => target.isConnected && target.focus());
  }, []);
  return { remember, restore };
}
