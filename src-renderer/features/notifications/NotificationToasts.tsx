// Announces notifications that appear while the console is open (a session just failed, a proxy went
// away) as toasts. What was already there when the lists first loaded is not announced again.
import { useEffect, useRef } from 'react';
import { useNotify } from '../../components/notify';
import { useFerryStore } from '../../store';
import { notificationsSelectors } from '../../store/slices/notifications/selectors';

export function NotificationToasts() {
  const notify = useNotify();
  const items = useFerryStore(notificationsSelectors.all);
  const ready = useFerryStore((s) => s.sessions.status === 'ready' && s.proxies.status === 'ready');
  const known = useRef<Set<string> | null>(null);

  useEffect(() => {
    if (!ready) return;
    if (!known.current) {
      known.current = new Set(items.map((n) => n.id));
      return;
    }
    for (const n of items) {
      if (known.current.has(n.id)) continue;
      known.current.add(n.id);
      notify(n.title, n.body, n.intent);
    }
  }, [items, ready, notify]);
  return null;
}
