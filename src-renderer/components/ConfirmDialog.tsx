// "Are you sure?" for destructive commands, with room for the host's refusal (e.g. proxy in use).
import type { ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
} from '@fluentui/react-components';
import type { RemoveConfirm } from './useRemoveConfirm';

export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** the confirm button stays off until the dialog's own choice is made */
  confirmDisabled?: boolean;
  busy: boolean;
  error: string | null;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <Dialog open={props.open} modalType="alert" onOpenChange={(_e, d) => !d.open && !props.busy && props.onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>
            {props.children}
            {props.error && (
              <MessageBar intent="error" layout="multiline" style={{ marginTop: 12 }}>
                <MessageBarBody>{props.error}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              onClick={props.onConfirm}
              disabled={props.busy || props.confirmDisabled === true}
              icon={props.busy ? <Spinner size="tiny" /> : undefined}
            >
              {props.confirmLabel}
            </Button>
            <Button onClick={props.onCancel} disabled={props.busy}>
              {props.error ? 'Close' : 'Cancel'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** The "Remove …?" dialog of a list section, driven by useRemoveConfirm. */
export function RemoveConfirmDialog({ confirm, title, children }: { confirm: RemoveConfirm; title: string; children: ReactNode }) {
  return (
    <ConfirmDialog
      open={confirm.open}
      title={title}
      confirmLabel="Remove"
      busy={confirm.busy}
      error={confirm.error}
      onConfirm={confirm.confirm}
      onCancel={confirm.cancel}
    >
      {children}
    </ConfirmDialog>
  );
}
