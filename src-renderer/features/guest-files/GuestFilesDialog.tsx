// Restore guest files: pick a VM of the restore point, a volume (by drive letter and label), browse or search its
// folders inside the backup, select files and folders, and restore them to a folder or download one. Entry point:
// <RestoreGuestFilesButton> (restore points list; the Backups view hooks the same button in).
import { useMemo, useState } from 'react';
import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Option,
  SearchBox,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowUp16Regular, Search16Regular } from '@fluentui/react-icons';
import type { RestorePoint } from '../../../src-shared/domain';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { FileList } from './FileList';
import { crumbs, displayPath, parentOf } from './guestPaths';
import { RestorePanel } from './RestorePanel';
import { useGuestBrowser, type GuestBrowser } from './useGuestBrowser';

const useStyles = makeStyles({
  surface: { width: '980px', maxWidth: '97vw' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function vmsOf(rp: RestorePoint): Array<{ vmId: string; vmName: string }> {
  const seen = new Map<string, string>();
  for (const d of rp.disks) seen.set(d.vmId, d.vmName);
  return [...seen].map(([vmId, vmName]) => ({ vmId, vmName })).sort((a, b) => a.vmName.localeCompare(b.vmName));
}

export function GuestFilesDialog({ restorePoint, onClose }: { restorePoint: RestorePoint; onClose(): void }) {
  const s = useStyles();
  const vms = useMemo(() => vmsOf(restorePoint), [restorePoint]);
  const [vmId, setVmId] = useState(vms[0]?.vmId ?? '');
  const browser = useGuestBrowser(restorePoint.id, vmId);
  const dataDir = useFerryStore(connectionSelectors.appInfo)?.dataDir ?? '';
  const vmName = vms.find((v) => v.vmId === vmId)?.vmName ?? vmId;
  const sep = dataDir.includes('\\') ? '\\' : '/';
  const defaultFolder = dataDir ? `${dataDir}${sep}restored` : '';
  return (
    <Dialog open modalType="modal" onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface className={s.surface}>
        <DialogBody>
          <DialogTitle>{`Restore guest files from ${formatDateTime(restorePoint.createdAt)}`}</DialogTitle>
          <DialogContent className={s.content}>
            <div className={s.row}>
              <Field label="VM">
                <Dropdown value={vmName} selectedOptions={[vmId]} onOptionSelect={(_e, d) => d.optionValue && setVmId(d.optionValue)}>
                  {vms.map((v) => (
                    <Option key={v.vmId} value={v.vmId}>
                      {v.vmName}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <VolumeField browser={browser} />
            </div>
            <Browser key={`${vmId}/${browser.volume?.id ?? ''}`} browser={browser} />
            <RestorePanel
              key={`${vmId}`}
              where={browser.volume ? { pointId: restorePoint.id, vmId, diskIndex: browser.volume.diskIndex, volume: browser.volume.volume.key } : null}
              selected={[...browser.selected]}
              selectedIsOneFile={browser.selected.size === 1 && browser.listing.status === 'ready' && browser.listing.entries.some((e) => browser.selected.has(e.path) && e.kind === 'file')}
              defaultFolder={defaultFolder}
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function VolumeField({ browser }: { browser: GuestBrowser }) {
  const s = useStyles();
  if (browser.volumesError) return <ErrorState title="The disks could not be read" message={browser.volumesError} />;
  if (!browser.volumes) return <LoadingState label="Reading the partition tables…" />;
  const unreadable = browser.volumes.filter((v) => !v.volume.readable);
  return (
    <Field label="Volume" hint={unreadable.map((v) => `${v.label}: ${v.volume.note}`).join(' · ') || undefined}>
      <Dropdown aria-label="Volume" value={browser.volume?.label ?? ''} selectedOptions={browser.volume ? [browser.volume.id] : []} onOptionSelect={(_e, d) => d.optionValue && browser.chooseVolume(d.optionValue)}>
        {browser.volumes.map((v) => (
          <Option key={v.id} value={v.id} text={v.label} disabled={!v.volume.readable}>
            {v.volume.readable ? v.label : <span className={s.muted}>{`${v.label} — ${v.volume.note ?? 'cannot be read'}`}</span>}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

function Browser({ browser }: { browser: GuestBrowser }) {
  const s = useStyles();
  const [pattern, setPattern] = useState('');
  const v = browser.volume;
  if (!browser.volumes || browser.volumesError) return null;
  if (!v) return <EmptyState>No volume of this VM can be read (see the notes under Volume).</EmptyState>;
  const root = v.volume.letter ? `${v.volume.letter}:` : (v.volume.label ?? v.volume.key);
  const { listing } = browser;
  return (
    <>
      <div className={s.bar}>
        <Button size="small" icon={<ArrowUp16Regular />} aria-label="Up one folder" disabled={browser.path === ''} onClick={() => browser.open(parentOf(browser.path))} />
        <Breadcrumb aria-label="Folder path" size="small">
          {crumbs(root, browser.path).map((c, i, all) => (
            <BreadcrumbItem key={c.path}>
              <BreadcrumbButton current={i === all.length - 1} onClick={() => browser.open(c.path)}>
                {c.name}
              </BreadcrumbButton>
              {i < all.length - 1 && <BreadcrumbDivider />}
            </BreadcrumbItem>
          ))}
        </Breadcrumb>
        <SearchBox
          aria-label={`Search in ${displayPath(v.volume, browser.path)}`}
          placeholder="Search names (* and ?)"
          value={pattern}
          onChange={(_e, d) => setPattern(d.value)}
          onKeyDown={(e) => e.key === 'Enter' && pattern.trim() && browser.search(pattern.trim())}
        />
        <Button size="small" icon={<Search16Regular />} disabled={!pattern.trim()} onClick={() => browser.search(pattern.trim())}>
          Search
        </Button>
      </div>
      {listing.status === 'loading' && <LoadingState label="Reading the folder from the restore point…" />}
      {listing.status === 'error' && <ErrorState title="The folder could not be read" message={listing.message} />}
      {listing.status === 'ready' && (
        <>
          {listing.search && (
            <Text className={s.muted} role="status">
              {`${listing.entries.length} match(es) for “${listing.search.pattern}” in ${displayPath(v.volume, browser.path)}${listing.truncated ? ' (stopped early: narrow the search)' : ''}`}
            </Text>
          )}
          {listing.entries.length === 0 ? (
            <EmptyState>{listing.search ? 'Nothing matches.' : 'This folder is empty.'}</EmptyState>
          ) : (
            <FileList entries={listing.entries} showPath={!!listing.search} selected={browser.selected} onToggle={browser.toggle} onSelectAll={browser.setSelected} onOpen={browser.open} />
          )}
        </>
      )}
    </>
  );
}

/** The one action a list of restore points shows per point: opens the guest-file browser. */
export function RestoreGuestFilesButton({ restorePoint }: { restorePoint: RestorePoint }) {
  const [open, setOpen] = useState(false);
  const connected = useFerryStore(connectionSelectors.isConnected);
  return (
    <>
      <Button size="small" disabled={!connected} aria-label={`Restore guest files from the restore point of ${formatDateTime(restorePoint.createdAt)}`} onClick={() => setOpen(true)}>
        Guest files
      </Button>
      {open && <GuestFilesDialog restorePoint={restorePoint} onClose={() => setOpen(false)} />}
    </>
  );
}
