// Mount one disk of a restore point read-only over NBD (on 127.0.0.1 of the Ferry host) and show how to read it:
// the nbd:// URL, the qemu-img/nbdfuse commands, live counters (clients, bytes read, failed reads) and Stop.
import { useCallback, useEffect, useMemo, useState } from 'react';
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
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Copy16Regular, Stop16Regular } from '@fluentui/react-icons';
import type { RestorePoint } from '../../../src-shared/domain';
import { mountCommands, type MountInfo } from '../../../src-shared/mount';
import { getClient } from '../../backend/client';
import { errorMessage } from '../../backend/errors';
import { ErrorState } from '../../components/StateViews';
import { useNotify } from '../../components/notify';
import { formatBytes, formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { diskChoices } from '../restore/validation';

const POLL_MS = 2000;

const useStyles = makeStyles({
  surface: { width: '720px', maxWidth: '96vw' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  commands: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  command: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
  counters: { color: tokens.colorNeutralForeground2 },
});

type Phase = { kind: 'idle' } | { kind: 'starting' } | { kind: 'stopping' } | { kind: 'error'; title: string; message: string };

export function MountDialog({ restorePoint, onClose }: { restorePoint: RestorePoint; onClose(): void }) {
  const s = useStyles();
  const notify = useNotify();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const choices = useMemo(() => diskChoices(restorePoint), [restorePoint]);
  const [diskKey, setDiskKey] = useState(choices[0]?.key ?? '');
  const disk = choices.find((c) => c.key === diskKey);
  const [mounts, setMounts] = useState<MountInfo[] | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const mount = mounts?.find((m) => m.pointId === restorePoint.id && `${m.vmId}/${m.diskIndex}` === diskKey);

  const refresh = useCallback(async () => {
    try {
      setMounts(await getClient().call('mount.list', {}));
    } catch (e) {
      setPhase({ kind: 'error', title: 'The mounts could not be listed', message: errorMessage(e) });
    }
  }, []);
  // Live counters while the dialog is open: NBD clients, bytes served, failed reads.
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const start = async () => {
    if (!disk) return;
    setPhase({ kind: 'starting' });
    try {
      const started = await getClient().call('mount.start', { pointId: restorePoint.id, vmId: disk.vmId, diskIndex: disk.diskIndex });
      setMounts((all) => [...(all ?? []).filter((m) => m.id !== started.id), started]);
      setPhase({ kind: 'idle' });
    } catch (e) {
      setPhase({ kind: 'error', title: 'The disk was not mounted', message: errorMessage(e) });
    }
  };
  const stop = async (m: MountInfo) => {
    setPhase({ kind: 'stopping' });
    try {
      await getClient().call('mount.stop', { id: m.id });
      setMounts((all) => (all ?? []).filter((x) => x.id !== m.id));
      setPhase({ kind: 'idle' });
    } catch (e) {
      setPhase({ kind: 'error', title: 'The mount was not stopped', message: errorMessage(e) });
    }
  };
  const close = () => {
    const open = (mounts ?? []).filter((m) => m.pointId === restorePoint.id);
    if (open.length > 0) notify('Still mounted', `${open.map((m) => `${m.vmName} disk ${m.diskIndex}`).join(', ')}: stop it from Mount on this restore point.`, 'info');
    onClose();
  };

  return (
    <Dialog open modalType="modal" onOpenChange={(_e, d) => !d.open && close()}>
      <DialogSurface className={s.surface}>
        <DialogBody>
          <DialogTitle>Mount a disk of {formatDateTime(restorePoint.createdAt)}</DialogTitle>
          <DialogContent className={s.content}>
            <Text>
              The disk is served read-only over NBD on 127.0.0.1 of the Ferry host, straight from the repository (nothing is restored). Tools on that
              machine read it: qemu-img, nbdinfo, nbdcopy, nbdfuse, qemu-nbd. Writes are refused.
            </Text>
            <Field label="Disk" required>
              <Dropdown value={disk?.label ?? ''} selectedOptions={diskKey ? [diskKey] : []} onOptionSelect={(_e, d) => d.optionValue && setDiskKey(d.optionValue)}>
                {choices.map((c) => (
                  <Option key={c.key} value={c.key} text={c.label}>
                    {c.label}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            {mounts === null && <Spinner size="tiny" label="Looking for mounts…" />}
            {mount && <MountDetails mount={mount} />}
            {phase.kind === 'error' && <ErrorState title={phase.title} message={phase.message} />}
          </DialogContent>
          <DialogActions>
            {mount ? (
              <Button icon={<Stop16Regular />} disabled={phase.kind === 'stopping' || !connected} onClick={() => void stop(mount)}>
                {phase.kind === 'stopping' ? 'Stopping…' : 'Stop'}
              </Button>
            ) : (
              <Button appearance="primary" disabled={phase.kind === 'starting' || !connected || !disk || mounts === null} onClick={() => void start()}>
                {phase.kind === 'starting' ? 'Mounting…' : 'Mount'}
              </Button>
            )}
            <Button onClick={close}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function MountDetails({ mount }: { mount: MountInfo }) {
  const s = useStyles();
  const notify = useNotify();
  const copy = () =>
    void navigator.clipboard?.writeText(mount.url).then(
      () => notify('Copied', mount.url, 'success'),
      () => notify('Not copied', 'The browser did not allow it: select the address and copy it.', 'warning'),
    );
  return (
    <>
      <Field label="NBD address" hint={`Export ${mount.exportName}, ${formatBytes(mount.sizeBytes)}, mounted ${formatDateTime(mount.startedAt)}`}>
        <Input
          readOnly
          value={mount.url}
          contentAfter={<Button appearance="transparent" size="small" icon={<Copy16Regular />} aria-label="Copy the NBD address" onClick={copy} />}
        />
      </Field>
      <Text className={s.counters} role="status" aria-live="polite">
        {`${mount.connections} ${mount.connections === 1 ? 'client' : 'clients'} connected · ${formatBytes(mount.bytesRead)} read · ${mount.chunksRead} chunks from the repository`}
        {mount.readErrors > 0 ? ` · ${mount.readErrors} failed reads: ${mount.lastReadError ?? ''}` : ''}
      </Text>
      <Field label="Read it with">
        <ul className={s.commands} aria-label="Commands that read the mounted disk">
          {mountCommands(mount.url, `${mount.vmName}-disk${mount.diskIndex}.raw`).map((c) => (
            <li key={c.purpose}>
              <Text size={200}>{c.purpose}</Text>
              <div className={s.command}>{c.command}</div>
            </li>
          ))}
        </ul>
      </Field>
    </>
  );
}

/** The Mount button of a restore point row, with its dialog. */
export function MountAction({ restorePoint }: { restorePoint: RestorePoint }) {
  const connected = useFerryStore(connectionSelectors.isConnected);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" disabled={!connected} aria-label={`Mount a disk of the restore point of ${formatDateTime(restorePoint.createdAt)} over NBD`} onClick={() => setOpen(true)}>
        Mount
      </Button>
      {open && <MountDialog restorePoint={restorePoint} onClose={() => setOpen(false)} />}
    </>
  );
}
