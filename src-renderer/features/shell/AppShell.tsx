// Console frame: title bar with connection state, left navigation, and the current view.
import type { ReactElement } from 'react';
import { NavDrawer, NavDrawerBody, NavItem, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Home20Regular, Server20Regular, Storage20Regular } from '@fluentui/react-icons';
import type { TopView } from '../../routing/routes';
import { routeToHash } from '../../routing/routes';
import { useFerryStore } from '../../store';
import { navigationSelectors } from '../../store/slices/navigation/selectors';
import { HomeView } from '../home/HomeView';
import { InfrastructureView } from '../infrastructure/InfrastructureView';
import { InventoryView } from '../inventory/InventoryView';
import { SessionPage } from '../session/SessionPage';
import { NotificationToasts } from '../notifications/NotificationToasts';
import { NotificationsButton } from '../notifications/NotificationsButton';
import { NotificationsPanel } from '../notifications/NotificationsPanel';
import { ConnectionBadge, ConnectionBanner } from './ConnectionStatus';

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
  nav: { height: '100%' },
  main: { overflowY: 'auto', minWidth: 0, backgroundColor: tokens.colorNeutralBackground1 },
});

const NAV: { view: TopView; label: string; icon: ReactElement }[] = [
  { view: 'home', label: 'Home', icon: <Home20Regular /> },
  { view: 'inventory', label: 'Inventory', icon: <Server20Regular /> },
  { view: 'infrastructure', label: 'Backup Infrastructure', icon: <Storage20Regular /> },
];

export function AppShell() {
  const s = useStyles();
  const route = useFerryStore(navigationSelectors.route);
  const navigate = useFerryStore(navigationSelectors.navigate);
  const selectedView: TopView = route.view === 'session' ? 'home' : route.view;

  return (
    <div className={s.root}>
      <header className={s.titleBar}>
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
          open
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
          {route.view === 'home' && <HomeView />}
          {route.view === 'inventory' && <InventoryView />}
          {route.view === 'infrastructure' && <InfrastructureView />}
          {route.view === 'session' && <SessionPage key={route.sessionId} sessionId={route.sessionId} />}
        </main>
      </div>
    </div>
  );
}
