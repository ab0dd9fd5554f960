// Loading / empty / error presentations shared by every table.
import type { ReactNode } from 'react';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Loadable } from '../store/loadable';

const useStyles = makeStyles({
  empty: {
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground3,
    textAlign: 'center',
  },
  loading: { padding: tokens.spacingVerticalXL },
});

export function LoadingState({ label }: { label: string }) {
  const s = useStyles();
  return <Spinner className={s.loading} size="small" label={label} />;
}

export function EmptyState({ children }: { children: ReactNode }) {
  const s = useStyles();
  return (
    <div className={s.empty}>
      <Text>{children}</Text>
    </div>
  );
}

export function ErrorState({ title, message, onRetry }: { title: string; message: ReactNode; onRetry?: () => void }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button size="small" onClick={onRetry}>
            Retry
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/**
 * Renders a loadable list: spinner on first load, error (with the data kept if any), empty text, or the table.
 */
export function LoadableView<T>(props: {
  loadable: Loadable<T[]>;
  what: string;
  empty: ReactNode;
  onRetry: () => void;
  children: (items: T[]) => ReactNode;
}) {
  const { loadable, what, empty, onRetry, children } = props;
  if (loadable.status === 'idle' || loadable.status === 'loading') return <LoadingState label={`Loading ${what}…`} />;
  return (
    <>
      {loadable.status === 'error' && (
        <ErrorState title={`Could not load ${what}`} message={loadable.error ?? ''} onRetry={onRetry} />
      )}
      {loadable.data.length === 0 ? (loadable.status === 'ready' ? <EmptyState>{empty}</EmptyState> : null) : children(loadable.data)}
    </>
  );
}
