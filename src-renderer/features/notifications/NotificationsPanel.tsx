// The notifications area: warnings and failures (sessions that ended Warning/Failed, proxies found
// unavailable), newest first, each with a way to act on it.
import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Link,
  OverlayDrawer,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular, DismissCircle20Filled, Warning20Filled } from '@fluentui/react-icons';
import { formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import type { FerryNotification } from '../../store/slices/notifications/derive';
import { notificationsSelectors } from '../../store/slices/notifications/selectors';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  unread: { backgroundColor: tokens.colorNeutralBackground2, borderLeft: `3px solid ${tokens.colorBrandStroke1}` },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, marginBottom: tokens.spacingVerticalM },
});

export function NotificationsPanel() {
  const s = useStyles();
  const open = useFerryStore(notificationsSelectors.open);
  const items = useFerryStore(notificationsSelectors.all);
  const readIds = useFerryStore(notificationsSelectors.readIds);
  const setOpen = useFerryStore((st) => st.setNotificationsOpen);
  const markRead = useFerryStore((st) => st.markNotificationsRead);
  const navigate = useFerryStore((st) => st.navigate);
  // Closed, it renders nothing: sessions change several times a second while a job runs.
  if (!open) return null;
  const read = new Set(readIds);
  const unread = items.filter((n) => !read.has(n.id));

  const go = (n: FerryNotification) => {
    markRead([n.id]);
    setOpen(false);
    navigate(n.target);
  };

  return (
    <OverlayDrawer open={open} position="end" size="medium" onOpenChange={(_e, d) => setOpen(d.open)} aria-label="Notifications">
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label="Close notifications" icon={<Dismiss24Regular />} onClick={() => setOpen(false)} />}
        >
          Notifications
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        <div className={s.actions}>
          <Text role="status">{unread.length === 0 ? 'Nothing unread' : `${unread.length} unread`}</Text>
          <Button size="small" disabled={unread.length === 0} onClick={() => markRead(unread.map((n) => n.id))}>
            Mark all as read
          </Button>
        </div>
        {items.length === 0 ? (
          <Text className={s.muted}>No warnings or failures. Sessions that end with warnings or errors, and proxies that become unavailable, show up here.</Text>
        ) : (
          <ul className={s.list} aria-label="Warnings and failures">
            {items.map((n) => (
              <li key={n.id} className={mergeClasses(s.item, !read.has(n.id) && s.unread)} data-intent={n.intent} data-unread={!read.has(n.id)}>
                {n.intent === 'error' ? (
                  <DismissCircle20Filled className={s.error} aria-label="Error" role="img" />
                ) : (
                  <Warning20Filled className={s.warning} aria-label="Warning" role="img" />
                )}
                <div className={s.body}>
                  <Text weight="semibold">{n.title}</Text>
                  {n.body && <Text size={200}>{n.body}</Text>}
                  <Text size={200} className={s.muted}>
                    {formatDateTime(n.at)}
                    {!read.has(n.id) ? ' · unread' : ''}
                  </Text>
                  <Link as="button" aria-label={`${n.targetLabel}: ${n.title}`} onClick={() => go(n)}>
                    {n.targetLabel}
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}
