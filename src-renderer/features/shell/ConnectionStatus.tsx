// Connection indicator for the title bar, and the banner shown while we cannot talk to the host.
import { useEffect, useState } from 'react';
import {
  Badge,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { PlugConnected16Regular, PlugDisconnected16Regular, LockClosed16Regular } from '@fluentui/react-icons';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';

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
  if (state.kind === 'unauthorized') {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Not authorized</MessageBarTitle>
          {state.reason} Start the console from the link printed by <code>ferry serve</code>; it contains a fresh access
          token.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return null;
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
