// A modal form in a dialog (Add credential, Edit server): the fields, the host's refusal under them, and
// the submit button (spinner while saving) with Cancel. Enter submits; nothing closes while saving.
import type { FormEvent, ReactNode, Ref } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorState } from './StateViews';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function FormDialog(props: {
  title: string;
  /** e.g. width for a wider form */
  surfaceClassName?: string;
  formRef?: Ref<HTMLFormElement>;
  submitLabel: string;
  busy: boolean;
  /** the form is known to be invalid and cannot be sent as it is */
  submitDisabled?: boolean;
  /** the host's refusal of the last submit, shown under the fields */
  error: string | null;
  errorTitle: string;
  onSubmit(e: FormEvent): void;
  onCancel(): void;
  children: ReactNode;
}) {
  const s = useStyles();
  return (
    <Dialog open modalType="modal" onOpenChange={(_e, d) => !d.open && !props.busy && props.onCancel()}>
      <DialogSurface className={props.surfaceClassName}>
        <form ref={props.formRef} onSubmit={props.onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{props.title}</DialogTitle>
            <DialogContent className={s.form}>
              {props.children}
              {props.error && <ErrorState title={props.errorTitle} message={props.error} />}
            </DialogContent>
            <DialogActions>
              <Button
                type="submit"
                appearance="primary"
                disabled={props.busy || props.submitDisabled}
                icon={props.busy ? <Spinner size="tiny" /> : undefined}
              >
                {props.submitLabel}
              </Button>
              <Button onClick={props.onCancel} disabled={props.busy}>
                Cancel
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
