// Connection indicator for the title bar, and the banner shown while we cannot talk to the host.
import { useEffect, useState } from 'react';
import {
  Badge,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { PlugConnected16Regular, PlugDisconnected16Regular, LockClosed16Regular, LockClosed48Regular } from '@fluentui/react-icons';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '640px', padding: tokens.spacingHorizontalXXXL },
  icon: { color: tokens.colorPaletteRedForeground1 },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
});

export function ConnectionBadge() {
  const state = useFerryStore(connectionSelectors.state);
  const info = useFerryStore(connectionSelectors.appInfo);
  switch (state.kind) {
    case 'connected':
      return (
        <Badge appearance="tint" color="success" icon={<PlugConnected16Regular />} role="status">
          Connected{info ? ` · ${info.platform === 'lab' ? 'lab' : 'Windows'} · v${info.version}` : ''}
        </Badge>
      );
    case 'connecting':
      return (
        <Badge appearance="tint" color="informative" role="status">
          Connecting…
        </Badge>
      );
    case 'reconnecting':
      return (
        <Badge appearance="tint" color="warning" icon={<PlugDisconnected16Regular />} role="status">
          Disconnected
        </Badge>
      );
    case 'unauthorized':
      return (
        <Badge appearance="tint" color="danger" icon={<LockClosed16Regular />} role="status">
          Unauthorized
        </Badge>
      );
  }
}

export function ConnectionBanner() {
  const state = useFerryStore(connectionSelectors.state);
  const retry = useFerryStore(connectionSelectors.retry);
  const secondsLeft = useSecondsUntil(state.kind === 'reconnecting' ? state.retryAt : null);

  if (state.kind === 'reconnecting') {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Disconnected from the Ferry host</MessageBarTitle>
          {state.reason}. Retrying{secondsLeft > 0 ? ` in ${secondsLeft} s` : '…'} (attempt {state.attempt}). What you see
          may be out of date; commands are disabled until the connection is back.
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" onClick={retry}>
            Retry now
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  return null;
}

/**
 * In place of every view while the host refuses this console: nothing will load without a valid token, so no
 * view may sit on a "Loading…" spinner — this says why and what to do.
 */
export function NotAuthorizedPage({ reason }: { reason: string }) {
  const s = useStyles();
  return (
    <section className={s.page} aria-labelledby="not-authorized-title" data-state="unauthorized">
      <LockClosed48Regular className={s.icon} aria-hidden />
      <h1 id="not-authorized-title" className={s.title}>
        Not authorized
      </h1>
      <Text block>{reason.endsWith('.') ? reason : `${reason}.`}</Text>
      <Text block>
        This console needs the access token of the Ferry host it talks to. Open the address that <code>ferry serve</code>{' '}
        (or <code>npm start</code>) printed when it started — it looks like <code>http://127.0.0.1:PORT/?token=…</code>. A
        host started again prints a new token: an old link or bookmark stops working.
      </Text>
    </section>
  );
}

function useSecondsUntil(at: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}
