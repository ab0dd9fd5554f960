// The guest-file browser's state: the VM's volumes in the restore point, the open folder (or search results) and
// the selection. Calls the contract directly, like the disk restore dialog: nothing here outlives the dialog.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GuestEntryView } from '../../../src-shared/contract/files';
import { getClient } from '../../backend/client';
import { errorMessage } from '../../backend/errors';
import { defaultVolume, volumeChoices, type VolumeChoice } from './guestPaths';

export type Listing =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; entries: GuestEntryView[]; truncated: boolean; search?: { pattern: string; scanned: number } };

export interface GuestBrowser {
  volumes: VolumeChoice[] | null;
  volumesError: string | null;
  volume: VolumeChoice | undefined;
  path: string;
  listing: Listing;
  selected: ReadonlySet<string>;
  chooseVolume(id: string): void;
  open(path: string): void;
  search(pattern: string): void;
  toggle(path: string, on: boolean): void;
  setSelected(paths: string[]): void;
}

export function useGuestBrowser(pointId: string, vmId: string): GuestBrowser {
  const [volumes, setVolumes] = useState<VolumeChoice[] | null>(null);
  const [volumesError, setVolumesError] = useState<string | null>(null);
  const [volumeId, setVolumeId] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [selected, setSelectedState] = useState<ReadonlySet<string>>(new Set());
  const volume = volumes?.find((v) => v.id === volumeId);

  useEffect(() => {
    let live = true;
    setVolumes(null);
    setVolumesError(null);
    getClient()
      .call('files.volumes', { pointId, vmId })
      .then(({ disks }) => {
        if (!live) return;
        const choices = volumeChoices(disks);
        const failed = disks.find((d) => d.error);
        setVolumes(choices);
        if (failed && choices.length === 0) setVolumesError(`Disk ${failed.diskIndex}: ${failed.error?.message}`);
        setVolumeId(defaultVolume(choices)?.id ?? null);
        setPath('');
      })
      .catch((e: unknown) => live && setVolumesError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [pointId, vmId]);

  const diskIndex = volume?.diskIndex;
  const volumeKey = volume?.volume.key;
  const where = useMemo(
    () => (diskIndex !== undefined && volumeKey ? { pointId, vmId, diskIndex, volume: volumeKey } : null),
    [pointId, vmId, diskIndex, volumeKey],
  );

  useEffect(() => {
    if (!where) return;
    let live = true;
    setListing({ status: 'loading' });
    getClient()
      .call('files.list', { ...where, path })
      .then((r) => live && setListing({ status: 'ready', entries: r.entries, truncated: r.truncated }))
      .catch((e: unknown) => live && setListing({ status: 'error', message: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [where, path]);

  const search = useCallback(
    (pattern: string) => {
      if (!where) return;
      setListing({ status: 'loading' });
      setSelectedState(new Set());
      getClient()
        .call('files.search', { ...where, path, pattern, limit: 200 })
        .then((r) => setListing({ status: 'ready', entries: r.matches, truncated: r.truncated, search: { pattern, scanned: r.scanned } }))
        .catch((e: unknown) => setListing({ status: 'error', message: errorMessage(e) }));
    },
    [where, path],
  );

  return {
    volumes,
    volumesError,
    volume,
    path,
    listing,
    selected,
    chooseVolume: (id) => {
      setVolumeId(id);
      setPath('');
      setSelectedState(new Set());
    },
    open: (p) => {
      setPath(p);
      setSelectedState(new Set());
    },
    search,
    toggle: (p, on) =>
      setSelectedState((s) => {
        const next = new Set(s);
        if (on) next.add(p);
        else next.delete(p);
        return next;
      }),
    setSelected: (paths) => setSelectedState(new Set(paths)),
  };
}
