// Deleting a job: what happens to its restore points is the admin's choice, asked every time (jobs.delete requires
// it). Kept, they stay in the repository under the job's name, verifiable and restorable; deleted, their data goes.
import { useEffect, useState } from 'react';
import { Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ConfirmDialog } from '../../components/ConfirmDialog';

export type RestorePointChoice = 'keep' | 'delete';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  hint: { color: tokens.colorNeutralForeground3 },
});

export interface DeleteJobDialogProps {
  open: boolean;
  jobName: string;
  /** the job's restore points; null while not known yet */
  restorePointCount: number | null;
  busy: boolean;
  error: string | null;
  onConfirm(choice: RestorePointChoice): void;
  onCancel(): void;
}

export function DeleteJobDialog(props: DeleteJobDialogProps) {
  const s = useStyles();
  // no default: deleting backups must be a decision, not a click-through
  const [choice, setChoice] = useState<RestorePointChoice | null>(null);
  useEffect(() => {
    if (props.open) setChoice(null);
  }, [props.open]);
  const count = props.restorePointCount;
  const none = count === 0;
  const points = count === null ? 'its restore points' : `its ${count} restore point${count === 1 ? '' : 's'}`;
  return (
    <ConfirmDialog
      open={props.open}
      title="Delete backup job"
      confirmLabel={choice === 'delete' ? 'Delete job and restore points' : 'Delete job'}
      confirmDisabled={!none && choice === null}
      busy={props.busy}
      error={props.error}
      // a job without restore points has nothing to keep
      onConfirm={() => props.onConfirm(none ? 'keep' : (choice ?? 'keep'))}
      onCancel={props.onCancel}
    >
      <div className={s.stack}>
        <Text>
          Delete the job <strong>{props.jobName}</strong>? Its settings and schedule are removed; this cannot be undone. Its session history stays.
        </Text>
        {none ? (
          <Text>This job has no restore points.</Text>
        ) : (
          <RadioGroup aria-label={`What happens to ${points}`} value={choice ?? ''} onChange={(_e, d) => setChoice(d.value as RestorePointChoice)}>
            <Text weight="semibold">What happens to {points}?</Text>
            <Radio
              value="keep"
              label={`Keep them in the repository: they stay listed under the name ${props.jobName} and can still be verified and restored (Backups › Orphaned, or ferry restore --job "${props.jobName}")`}
            />
            <Radio value="delete" label="Delete them from the repository: their data is removed and cannot be restored any more" />
          </RadioGroup>
        )}
        {choice === 'delete' && <Text className={s.hint}>Data that other restore points share stays; the rest is freed when no backup is running.</Text>}
      </div>
    </ConfirmDialog>
  );
}
