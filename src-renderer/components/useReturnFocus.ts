// Our dialogs are mounted only while open (every wizard starts fresh), so Fluent's trigger-based focus restore
// never runs: closing would drop keyboard users on <body>. Remember what had focus when a dialog opened and
// put focus back there once it has closed.
import { useCallback, useRef } from 'react';

/** remember(el): return to el instead of what has focus (a menu item that opened the dialog is gone by then). */
export function useReturnFocus(): { remember(el?: HTMLElement | null): void; restore(): void } {
  const origin = useRef<HTMLElement | null>(null);
  const remember = useCallback((el?: HTMLElement | null) => {
    origin.current = el ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
  }, []);
  const restore = useCallback(() => {
    const target = origin.current;
    origin.current = null;
    // After React removed the dialog and its focus trap let go.
    if (target) requestAnimationFrame(() => target.isConnected && target.focus());
  }, []);
  return { remember, restore };
}
