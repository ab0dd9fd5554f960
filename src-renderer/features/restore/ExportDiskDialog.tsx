// Export disk: one disk of a restore point to a new raw image or dynamic VHDX file on the Ferry host, with the task's
// progress ("give me the VHDX"). Restoring VMs and disks onto Hyper-V hosts is the restore wizards' job.
import { useEffect, useMemo, useState } from 'react';
import {
  Button,
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
  ProgressBar,
  Radio,
  RadioGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ErrorCode } from '../../../src-shared/contract';
import type { RestorePoint } from '../../../src-shared/domain';
import { getClient } from '../../backend/client';
import { errorCode, errorMessage } from '../../backend/errors';
import { ErrorState } from '../../components/StateViews';
import { useNotify } from '../../components/notify';
import { TaskLog } from '../../components/TaskLog';
import { formatDateTime, formatPercent } from '../../lib/format';
import { useFerryStore } from '../../store';
import { watchTask } from '../../store/live-updates';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { tasksSelectors } from '../../store/slices/tasks/selectors';
import { diskChoices, outPathError, suggestedOutPath, withFormatExtension, type RestoreFormat } from './validation';

const useStyles = makeStyles({
  surface: { width: '640px', maxWidth: '96vw' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** What the chosen disk's point holds; a crash-consistent one warns what a restore of it means. */
function diskHint(state: string): string {
  return /crash/i.test(state)
    ? `${state}: the Hyper-V VSS writer did not run for this VM, so databases in the guest replay their logs when it is used.`
    : `${state}. Every restore point gives the whole disk, whether it was read in full or incrementally.`;
}

type Start = { status: 'idle' | 'starting' | 'error'; message: string | null; pathProblem: boolean } | { status: 'started'; taskId: string };

/** vmId: only that VM's disks are offered (opened from one VM's restore points) */
export function ExportDiskDialog({ restorePoint, vmId, onClose }: { restorePoint: RestorePoint; vmId?: string; onClose(): void }) {
  const s = useStyles();
  const notify = useNotify();
  const dataDir = useFerryStore(connectionSelectors.appInfo)?.dataDir;
  const connected = useFerryStore(connectionSelectors.isConnected);
  const choices = useMemo(() => diskChoices(restorePoint).filter((c) => !vmId || c.vmId === vmId), [restorePoint, vmId]);
  const [diskKey, setDiskKey] = useState(choices[0]?.key ?? '');
  const disk = choices.find((c) => c.key === diskKey);
  const vmName = restorePoint.disks.find((d) => `${d.vmId}/${d.diskIndex}` === diskKey)?.vmName ?? 'disk';
  const [format, setFormat] = useState<RestoreFormat>('vhdx');
  const [outPath, setOutPath] = useState(() => suggestedOutPath(dataDir, vmName, disk?.diskIndex ?? 0, 'vhdx'));
  const [pathEdited, setPathEdited] = useState(false);
  const [touched, setTouched] = useState(false);
  const [start, setStart] = useState<Start>({ status: 'idle', message: null, pathProblem: false });
  const taskId = start.status === 'started' ? start.taskId : null;
  const task = useFerryStore(tasksSelectors.byId(taskId));

  useEffect(() => (taskId ? watchTask(taskId) : undefined), [taskId]);

  const localError = outPathError(outPath);
  const pathMessage = (touched ? localError : null) ?? (start.status === 'error' && start.pathProblem ? start.message : null);
  const running = start.status === 'starting' || (start.status === 'started' && (!task || task.state === 'running'));
  const finished = task && task.state !== 'running';

  const chooseDisk = (key: string) => {
    setDiskKey(key);
    const c = choices.find((x) => x.key === key);
    const name = restorePoint.disks.find((d) => `${d.vmId}/${d.diskIndex}` === key)?.vmName ?? 'disk';
    if (!pathEdited && c) setOutPath(suggestedOutPath(dataDir, name, c.diskIndex, format));
  };
  const chooseFormat = (f: RestoreFormat) => {
    setFormat(f);
    setOutPath((p) => withFormatExtension(p, f));
  };

  const restore = async () => {
    setTouched(true);
    if (localError || !disk) return;
    setStart({ status: 'starting', message: null, pathProblem: false });
    try {
      const { taskId: id } = await getClient().call('restorePoints.restore', {
        id: restorePoint.id,
        vmId: disk.vmId,
        diskIndex: disk.diskIndex,
        format,
        outPath: outPath.trim(),
      });
      setStart({ status: 'started', taskId: id });
    } catch (e) {
      const code = errorCode(e);
      // A file already there (never overwritten) or a missing folder: the path is what to fix.
      const pathProblem = code === ErrorCode.Conflict || code === ErrorCode.InvalidParams;
      setStart({ status: 'error', message: errorMessage(e).replace(/^outPath:\s*/, ''), pathProblem });
    }
  };

  const close = () => {
    if (running && taskId) notify('The export goes on', 'It continues on the Ferry host; the file appears when it is done.', 'info');
    onClose();
  };

  return (
    <Dialog open modalType="modal" onOpenChange={(_e, d) => !d.open && close()}>
      <DialogSurface className={s.surface}>
        <DialogBody>
          <DialogTitle>Export disk from {formatDateTime(restorePoint.createdAt)}</DialogTitle>
          <DialogContent className={s.content}>
            <Field label="Disk" required hint={disk ? diskHint(disk.state) : undefined}>
              <Dropdown
                value={disk?.label ?? ''}
                selectedOptions={diskKey ? [diskKey] : []}
                disabled={start.status === 'started'}
                onOptionSelect={(_e, d) => d.optionValue && chooseDisk(d.optionValue)}
              >
                {choices.map((c) => (
                  <Option key={c.key} value={c.key} text={c.label}>
                    {`${c.label} · ${c.state}`}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Field label="Format">
              <RadioGroup value={format} onChange={(_e, d) => chooseFormat(d.value as RestoreFormat)} disabled={start.status === 'started'}>
                <Radio value="vhdx" label="VHDX (dynamic): attach it to a VM in Hyper-V Manager" />
                <Radio value="raw" label="Raw image: every byte of the virtual disk, for other hypervisors and tools" />
              </RadioGroup>
            </Field>
            <Field
              label="File to create"
              required
              validationMessage={pathMessage ?? undefined}
              validationState={pathMessage ? 'error' : 'none'}
              hint="A new file on the Ferry host, in a folder that exists. An existing file is never overwritten."
            >
              <Input
                value={outPath}
                readOnly={start.status === 'started'}
                onChange={(_e, d) => {
                  setOutPath(d.value);
                  setPathEdited(true);
                  if (start.status === 'error') setStart({ status: 'idle', message: null, pathProblem: false });
                }}
              />
            </Field>
            {start.status === 'error' && !start.pathProblem && (
              <ErrorState title="The export did not start" message={start.message} />
            )}
            {start.status === 'started' && (
              <>
                <Field
                  label={task ? `${task.title}: ${task.state === 'running' ? formatPercent(task.progress) : task.state === 'succeeded' ? 'Completed' : 'Failed'}` : 'Starting…'}
                  validationState={task?.state === 'failed' ? 'error' : 'none'}
                  validationMessage={task?.state === 'failed' ? task.error?.message : undefined}
                >
                  <ProgressBar
                    value={task?.state === 'succeeded' ? 1 : (task?.progress ?? 0)}
                    color={task?.state === 'failed' ? 'error' : task?.state === 'succeeded' ? 'success' : 'brand'}
                  />
                </Field>
                {task && <TaskLog label="Export log" lines={task.log} />}
              </>
            )}
          </DialogContent>
          <DialogActions>
            {!finished && (
              <Button appearance="primary" disabled={running || !connected || !disk} onClick={() => void restore()}>
                Export
              </Button>
            )}
            <Button appearance={finished ? 'primary' : 'secondary'} onClick={close}>
              {finished || running ? 'Close' : 'Cancel'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
