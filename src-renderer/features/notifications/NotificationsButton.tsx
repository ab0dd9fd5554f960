// Title-bar bell with the unread count; opens the notifications panel.
import { Button, CounterBadge, makeStyles, tokens } from '@fluentui/react-components';
import { Alert20Regular } from '@fluentui/react-icons';
import { useFerryStore } from '../../store';
import { notificationsSelectors } from '../../store/slices/notifications/selectors';

const useStyles = makeStyles({
  root: { position: 'relative', color: tokens.colorNeutralForegroundOnBrand },
  badge: { position: 'absolute', top: '-4px', right: '-4px', pointerEvents: 'none' },
});

export function NotificationsButton() {
  const s = useStyles();
  const unread = useFerryStore(notificationsSelectors.unreadCount);
  const setOpen = useFerryStore((st) => st.setNotificationsOpen);
  return (
    <span className={s.root}>
      <Button
        appearance="transparent"
        className={s.root}
        icon={<Alert20Regular />}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        onClick={() => setOpen(true)}
      />
      {unread > 0 && <CounterBadge className={s.badge} count={unread} size="small" color="danger" aria-hidden />}
    </span>
  );
}
