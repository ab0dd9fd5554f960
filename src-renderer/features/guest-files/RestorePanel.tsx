// Where the selection goes: a folder on the console's machine (a task with progress and a report), or — in the web
// console — a download of one selected file, streamed out of the restore point.
import { useEffect, useState } from 'react';
import { Button, Field, Input, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownload16Regular, FolderOpen16Regular } from '@fluentui/react-icons';
import { GuestRestoreReport } from '../../../src-shared/contract/files';
import { getClient } from '../../backend/client';
import { canDownloadFromWebHost, webHostAddress } from '../../backend/download';
import { errorMessage } from '../../backend/errors';
import { ErrorState } from '../../components/StateViews';
import { TaskLog } from '../../components/TaskLog';
import { formatPercent } from '../../lib/format';
import { useFerryStore } from '../../store';
import { watchTask } from '../../store/live-updates';
import { tasksSelectors } from '../../store/slices/tasks/selectors';
import { folderError } from './guestPaths';
import { RestoreReport } from './RestoreReport';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '260px' },
});

export interface GuestWhere {
  pointId: string;
  vmId: string;
  diskIndex: number;
  volume: string;
}


export function RestorePanel({ where, selected, selectedIsOneFile, defaultFolder }: { where: GuestWhere | null; selected: string[]; selectedIsOneFile: boolean; defaultFolder: string }) {
  const s = useStyles();
  const [folder, setFolder] = useState(defaultFolder);
  const [touched, setTouched] = useState(false);
  const [taskId, setTaskId] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const task = useFerryStore(tasksSelectors.byId(taskId));
  useEffect(() => (taskId ? watchTask(taskId) : undefined), [taskId]);
  const localError = touched ? folderError(folder) : null;
  const running = taskId !== null && (!task || task.state === 'running');
  const parsed = task?.state === 'succeeded' ? GuestRestoreReport.safeParse(task.result) : null;

  const restore = async () => {
    setTouched(true);
    if (!where || folderError(folder) || selected.length === 0) return;
    setStartError(null);
    try {
      setTaskId((await getClient().call('files.restore', { ...where, paths: selected, folder: folder.trim() })).taskId);
    } catch (e) {
      setStartError(errorMessage(e));
    }
  };
  const download = async () => {
    if (!where || selected.length !== 1) return;
    setStartError(null);
    try {
      const { url } = await getClient().call('files.downloadLink', { ...where, path: selected[0] });
      const href = webHostAddress(url);
      if (!href) throw new Error('Downloads need the web console');
      const a = document.createElement('a');
      a.href = href;
      a.download = '';
      a.click();
    } catch (e) {
      setStartError(errorMessage(e));
    }
  };

  return (
    <>
      <div className={s.row}>
        <Field className={s.grow} label="Restore into folder" validationState={localError ? 'error' : 'none'} validationMessage={localError ?? undefined} hint="A folder on the Ferry host (created if only it is missing). Nothing in it is overwritten.">
          <Input value={folder} onChange={(_e, d) => setFolder(d.value)} />
        </Field>
        <Button appearance="primary" icon={<FolderOpen16Regular />} disabled={!where || selected.length === 0 || running} onClick={() => void restore()}>
          {`Restore ${selected.length || ''} selected`.replace(/\s+/g, ' ')}
        </Button>
        {canDownloadFromWebHost() && (
          <Button icon={<ArrowDownload16Regular />} disabled={!where || !selectedIsOneFile} onClick={() => void download()}>
            Download
          </Button>
        )}
      </div>
      {startError && <ErrorState title="That did not work" message={startError} />}
      {taskId && (
        <Field
          label={task ? (task.state === 'running' ? `Restoring… ${formatPercent(task.progress)}` : task.state === 'succeeded' ? 'Restore completed' : 'Restore failed') : 'Starting…'}
          validationState={task?.state === 'failed' ? 'error' : 'none'}
          validationMessage={task?.state === 'failed' ? task.error?.message : undefined}
        >
          <ProgressBar value={task?.state === 'succeeded' ? 1 : (task?.progress ?? 0)} color={task?.state === 'failed' ? 'error' : task?.state === 'succeeded' ? 'success' : 'brand'} />
        </Field>
      )}
      {parsed?.success && <RestoreReport report={parsed.data} />}
      {task && task.state !== 'succeeded' && <TaskLog label="Restore log" lines={task.log} />}
    </>
  );
}
