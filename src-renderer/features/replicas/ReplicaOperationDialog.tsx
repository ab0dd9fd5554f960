// One disaster-recovery operation on a replica as a small dialog: what it does, its choices (failover: the point
// and planned; failback: original VM or a new location), a reason for the record, then the task live — progress,
// its log, the result. Nothing closes while the request that starts the task is under way.
import { useState, type FormEvent } from 'react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Option,
  Radio,
  RadioGroup,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Replica } from '../../../src-shared/contract/replication';
import { errorMessage } from '../../backend/errors';
import { TaskProgress } from '../../components/wizard/TaskProgress';
import { formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { tasksSelectors } from '../../store/slices/tasks/selectors';
import type { ReplicaOperation } from '../../store/slices/replicas/state';
import { OPERATION_WORDS } from './operations';
import { operationErrors, type OperationForm } from './operationForm';

const useStyles = makeStyles({
  surface: { maxWidth: '560px' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function ReplicaOperationDialog({ op, replica, onClose }: { op: ReplicaOperation; replica: Replica; onClose(): void }) {
  const s = useStyles();
  const words = OPERATION_WORDS[op];
  const hosts = useFerryStore(inventorySelectors.hosts);
  const start = useFerryStore((st) => st.startReplicaOperation);
  const newest = replica.points[replica.points.length - 1];
  const [form, setForm] = useState<OperationForm>({ reason: '', pointId: newest?.id ?? '', planned: false, failbackTo: 'original', toHostId: '', path: '' });
  const [showErrors, setShowErrors] = useState(false);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useFerryStore(tasksSelectors.byId(taskId));
  const errors = operationErrors(op, form, replica);
  const shown = showErrors ? errors : {};
  const update = (patch: Partial<OperationForm>) => setForm({ ...form, ...patch });
  const running = starting || task?.state === 'running' || (taskId !== null && !task);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(errors).length > 0) return setShowErrors(true);
    setStarting(true);
    setStartError(null);
    try {
      const toNew = op === 'failback' && form.failbackTo === 'new';
      setTaskId(
        await start(op, replica.id, {
          reason: form.reason,
          ...(op === 'failover' && { planned: form.planned, pointId: form.planned ? undefined : form.pointId }),
          ...(toNew && { toHostId: form.toHostId, path: form.path }),
        }),
      );
    } catch (err) {
      setStartError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Dialog open modalType="modal" onOpenChange={(_e, d) => !d.open && !starting && onClose()}>
      <DialogSurface className={s.surface}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>{words.title(replica.name)}</DialogTitle>
            <DialogContent className={s.content}>
              <Text>{words.explains}</Text>
              {taskId === null ? (
                <OperationFields op={op} replica={replica} form={form} errors={shown} hosts={hosts} update={update} />
              ) : null}
              {(starting || taskId !== null || startError !== null) && (
                <TaskProgress
                  taskId={taskId}
                  starting={starting}
                  startError={startError}
                  words={{ starting: 'Starting…', failureTitle: `${words.label} did not start`, running: words.running, progressLabel: `${words.label} progress`, logLabel: `${words.label} log` }}
                />
              )}
            </DialogContent>
            <DialogActions>
              {taskId === null && (
                <Button type="submit" appearance="primary" disabled={starting}>
                  {words.submit}
                </Button>
              )}
              <Button onClick={onClose} disabled={starting}>
                {taskId === null ? 'Cancel' : running ? 'Close (it keeps running)' : 'Close'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function OperationFields({
  op,
  replica,
  form,
  errors,
  hosts,
  update,
}: {
  op: ReplicaOperation;
  replica: Replica;
  form: OperationForm;
  errors: Partial<Record<keyof OperationForm, string>>;
  hosts: { id: string; name: string; role: string }[];
  update(patch: Partial<OperationForm>): void;
}) {
  const point = replica.points.find((p) => p.id === form.pointId);
  const pointText = (p: Replica['points'][number], newest: boolean) => `${formatDateTime(p.createdAt)} — ${p.kind}${newest ? ' (latest)' : ''}`;
  const targets = hosts.filter((h) => h.role === 'hyperv-host');
  const host = targets.find((h) => h.id === form.toHostId);
  return (
    <>
      {op === 'failover' && (
        <>
          <Field label="Restore point" required validationMessage={errors.pointId} validationState={errors.pointId ? 'error' : 'none'}>
            <Dropdown
              disabled={form.planned}
              value={point ? pointText(point, point === replica.points[replica.points.length - 1]) : ''}
              selectedOptions={form.pointId ? [form.pointId] : []}
              onOptionSelect={(_e, d) => d.optionValue && update({ pointId: d.optionValue })}
            >
              {[...replica.points].reverse().map((p, i) => (
                <Option key={p.id} value={p.id} text={pointText(p, i === 0)}>
                  {pointText(p, i === 0)}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field hint="Syncs once while the source runs, shuts the source down, syncs the last changes, then fails over to that point: no data lost.">
            <Checkbox label="Planned failover" checked={form.planned} onChange={(_e, d) => update({ planned: d.checked === true })} />
          </Field>
        </>
      )}
      {op === 'failback' && (
        <>
          <Field label="Fail back to">
            <RadioGroup value={form.failbackTo} onChange={(_e, d) => update({ failbackTo: d.value as OperationForm['failbackTo'] })}>
              <Radio value="original" label={`The original VM (${replica.sourceVmName}) — only blocks that differ are sent`} />
              <Radio value="new" label="A new location" />
            </RadioGroup>
          </Field>
          {form.failbackTo === 'new' && (
            <>
              <Field label="Host" required validationMessage={errors.toHostId} validationState={errors.toHostId ? 'error' : 'none'}>
                <Dropdown
                  placeholder="Choose a Hyper-V host"
                  value={host?.name ?? ''}
                  selectedOptions={form.toHostId ? [form.toHostId] : []}
                  onOptionSelect={(_e, d) => d.optionValue && update({ toHostId: d.optionValue })}
                >
                  {targets.map((h) => (
                    <Option key={h.id} value={h.id}>
                      {h.name}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="Path" required validationMessage={errors.path} validationState={errors.path ? 'error' : 'none'}>
                <Input value={form.path} maxLength={200} placeholder="D:\Hyper-V" onChange={(_e, d) => update({ path: d.value })} />
              </Field>
            </>
          )}
        </>
      )}
      <Field label="Reason" hint="Kept with the operation's log (optional)." validationMessage={errors.reason} validationState={errors.reason ? 'error' : 'none'}>
        <Textarea value={form.reason} maxLength={500} resize="vertical" onChange={(_e, d) => update({ reason: d.value })} />
      </Field>
    </>
  );
}
