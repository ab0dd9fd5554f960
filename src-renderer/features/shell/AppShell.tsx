// Console frame: title bar with connection state, left navigation, and the current view.
import { useCallback, useState, type ReactElement } from 'react';
import { Hamburger, NavDrawer, NavDrawerBody, NavItem, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Archive20Regular, ArrowRepeatAll20Regular, History20Regular, Home20Regular, Server20Regular, Settings20Regular, Storage20Regular } from '@fluentui/react-icons';
import type { TopView } from '../../routing/routes';
import { routeToHash } from '../../routing/routes';
import { useFerryStore } from '../../store';
import { navigationSelectors } from '../../store/slices/navigation/selectors';
import { BackupsView } from '../backups/BackupsView';
import { HomeView } from '../home/HomeView';
import { InfrastructureView } from '../infrastructure/InfrastructureView';
import { AuditView } from '../audit/AuditView';
import { InventoryView } from '../inventory/InventoryView';
import { ReplicasView } from '../replicas/ReplicasView';
import { SessionPage } from '../session/SessionPage';
import { SettingsView } from '../settings/SettingsView';
import { NotificationToasts } from '../notifications/NotificationToasts';
import { NotificationsButton } from '../notifications/NotificationsButton';
import { NotificationsPanel } from '../notifications/NotificationsPanel';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { ConnectionBadge, ConnectionBanner, NotAuthorizedPage } from './ConnectionStatus';

export const NAV_WIDTH_PX = 220;

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateRows: 'auto 1fr', height: '100vh', backgroundColor: tokens.colorNeutralBackground3 },
  titleBar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  appName: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  tagline: { color: tokens.colorNeutralForegroundOnBrand },
  spacer: { flexGrow: 1 },
  body: { display: 'grid', gridTemplateColumns: 'auto 1fr', minHeight: 0 },
  // Fluent's small drawer is 320 px, a quarter of a 1400 px window: the three entries need 220
  nav: { height: '100%', '--fui-Drawer--size': `${NAV_WIDTH_PX}px` },
  hamburger: { color: tokens.colorNeutralForegroundOnBrand },
  main: { overflowY: 'auto', minWidth: 0, backgroundColor: tokens.colorNeutralBackground1 },
});

const NAV_COLLAPSED_KEY = 'ferry.navCollapsed';

/** The navigation can be hidden for more room (remembered on this machine). */
function useNavOpen(): [boolean, () => void] {
  const [open, setOpen] = useState(() => readStored(NAV_COLLAPSED_KEY) !== '1');
  const toggle = useCallback(() => {
    setOpen((was) => {
      writeStored(NAV_COLLAPSED_KEY, was ? '1' : '0');
      return !was;
    });
  }, []);
  return [open, toggle];
}

function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage off (private mode, policy): the default applies
  }
}

function writeStored(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // not remembered; the toggle still works for this window
  }
}

const NAV: { view: TopView; label: string; icon: ReactElement }[] = [
  { view: 'home', label: 'Home', icon: <Home20Regular /> },
  { view: 'backups', label: 'Backups', icon: <Archive20Regular /> },
  { view: 'inventory', label: 'Inventory', icon: <Server20Regular /> },
  { view: 'replicas', label: 'Replicas', icon: <ArrowRepeatAll20Regular /> },
  { view: 'infrastructure', label: 'Backup Infrastructure', icon: <Storage20Regular /> },
  { view: 'settings', label: 'Settings', icon: <Settings20Regular /> },
  { view: 'audit', label: 'Audit', icon: <History20Regular /> },
];

export function AppShell() {
  const s = useStyles();
  const route = useFerryStore(navigationSelectors.route);
  const navigate = useFerryStore(navigationSelectors.navigate);
  const selectedView: TopView = route.view === 'session' ? 'home' : route.view;
  const [navOpen, toggleNav] = useNavOpen();
  const connection = useFerryStore(connectionSelectors.state);

  return (
    <div className={s.root}>
      <header className={s.titleBar}>
        <Hamburger
          className={s.hamburger}
          appearance="transparent"
          onClick={toggleNav}
          aria-label={navOpen ? 'Hide navigation' : 'Show navigation'}
          aria-expanded={navOpen}
          aria-controls="ferry-main-nav"
        />
        <Text className={s.appName}>Ferry</Text>
        <Text className={s.tagline} size={200}>
          Off-host backup for Hyper-V
        </Text>
        <span className={s.spacer} />
        <ConnectionBadge />
        <NotificationsButton />
      </header>
      <NotificationsPanel />
      <NotificationToasts />
      <div className={s.body}>
        <NavDrawer
          id="ferry-main-nav"
          open={navOpen}
          type="inline"
          className={s.nav}
          aria-label="Main navigation"
          selectedValue={selectedView}
          onNavItemSelect={(_e, data) => navigate({ view: data.value as TopView })}
          size="small"
        >
          <NavDrawerBody>
            {NAV.map((item) => (
              <NavItem key={item.view} value={item.view} icon={item.icon} href={routeToHash({ view: item.view })}>
                {item.label}
              </NavItem>
            ))}
          </NavDrawerBody>
        </NavDrawer>
        <main className={s.main} aria-label={NAV.find((n) => n.view === selectedView)?.label}>
          <ConnectionBanner />
          {connection.kind === 'unauthorized' ? (
            <NotAuthorizedPage reason={connection.reason} />
          ) : (
            <>
              {route.view === 'home' && <HomeView />}
              {route.view === 'backups' && <BackupsView />}
              {route.view === 'inventory' && <InventoryView />}
              {route.view === 'infrastructure' && <InfrastructureView />}
              {route.view === 'settings' && <SettingsView />}
              {route.view === 'replicas' && <ReplicasView />}
              {route.view === 'audit' && <AuditView />}
              {route.view === 'session' && <SessionPage key={route.sessionId} sessionId={route.sessionId} />}
            </>
          )}
        </main>
      </div>
    </div>
  );
}
