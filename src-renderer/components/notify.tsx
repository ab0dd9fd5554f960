// Short confirmations ("Job created", "Session started") as Fluent toasts, kept out of the way: at the bottom of
// the navigation (which is empty there), narrow enough to stay over it, at most two at a time, gone in seconds.
import { Toast, ToastBody, ToastTitle, Toaster, makeStyles, useId, useToastController } from '@fluentui/react-components';
import { createContext, useCallback, useContext, type ReactNode } from 'react';

type Intent = 'success' | 'error' | 'info' | 'warning';
type Notify = (title: string, body?: string, intent?: Intent) => void;

/** How long a toast stays (ms): errors a little longer, to be read; hovering keeps one open. */
export const TOAST_TIMEOUT_MS: Record<Intent, number> = { success: 3000, info: 3000, warning: 5000, error: 6000 };
/** More at once would stack up over the console: the oldest goes first. */
export const MAX_TOASTS = 2;
const MARGIN_PX = 8;
/** the navigation is 220 px wide (features/shell/AppShell.tsx) */
const TOAST_WIDTH_PX = 220 - 2 * MARGIN_PX;

const useStyles = makeStyles({ toaster: { width: `${TOAST_WIDTH_PX}px` } });

const NotifyContext = createContext<Notify>(() => undefined);

export function NotifyProvider({ children }: { children: ReactNode }) {
  const s = useStyles();
  const toasterId = useId('toaster');
  const { dispatchToast } = useToastController(toasterId);
  const notify = useCallback<Notify>(
    (title, body, intent = 'success') =>
      dispatchToast(
        <Toast>
          <ToastTitle>{title}</ToastTitle>
          {body && <ToastBody>{body}</ToastBody>}
        </Toast>,
        { intent, timeout: TOAST_TIMEOUT_MS[intent], pauseOnHover: true },
      ),
    [dispatchToast],
  );
  return (
    <NotifyContext.Provider value={notify}>
      {children}
      <Toaster
        toasterId={toasterId}
        className={s.toaster}
        position="bottom-start"
        limit={MAX_TOASTS}
        offset={{ horizontal: MARGIN_PX, vertical: MARGIN_PX }}
      />
    </NotifyContext.Provider>
  );
}

export const useNotify = () => useContext(NotifyContext);
