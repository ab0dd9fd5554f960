// importSnapshot on the proxy: the .cab travels host → console → proxy (no second-hop credentials), checked by
// length, SHA-256 and signature; the proxy writes its own record, then DiskShadow loads the metadata and imports.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CreatedSnapshot, PlatformLog } from '../../types';
import type { WindowsInventory } from '../discovery/inventory';
import { WinCode } from '../error-codes';
import { vssFailureError, winError } from '../errors';
import { isoNow } from '../exec/clock';
import type { Target } from '../exec/script-runner';
import { proxyImportScript } from './dsh-scripts';
import { readCabPs, writeProxyCabPs } from './ps-scripts';
import { knownState } from './record-scan';
import type { ProxyRecord } from './records';
import type { SnapshotContext } from './snapshot-context';
import { notTransportableError, providerKindOf } from './snapshot-provider';
import type { SnapshotState } from './snapshot-state';

const CabPayload = z.object({ length: z.number(), sha256: z.string(), base64: z.string() });

export async function importSnapshot(ctx: SnapshotContext, snap: CreatedSnapshot, proxyServerId: string, log: PlatformLog): Promise<void> {
  const state = await knownState(ctx, snap);
  const proxy = ctx.directory.target(proxyServerId);
  if (providerKindOf(state.providerId) === 'software') throw notTransportableError(state.snapshotId, ctx.directory.target(state.hostId).name, proxy.name, 'Import');
  if (state.importedOn === proxy.id) {
    log('info', `${proxy.name}: snapshot ${state.snapshotId} is already imported`);
    return;
  }
  if (state.importedOn) {
    throw winError(WinCode.AlreadyImported, `Snapshot ${state.snapshotId} is already imported on ${state.importedOn}; a transportable snapshot can be imported only once.`, {
      hint: 'Expose it on the server that imported it, or delete it and take a new one.',
      server: proxy.name,
      step: 'Import',
    });
  }
  const inv = await ctx.inventory();
  assertOutsideCluster(inv, state, proxy);
  const host = ctx.directory.target(state.hostId);
  // on-host import (standalone host): the .cab and the host's own record are already where DiskShadow needs them
  if (proxy.id !== host.id) await shipCab(ctx, state, host, proxy);
  log('info', `${proxy.name}: importing snapshot ${state.snapshotId} from ${host.name}`);
  state.importAttemptedOn = [...new Set([...state.importAttemptedOn, proxy.id])];
  const t = await ctx.run.dsh(proxy, 'Import', proxyImportScript({ label: `snapshot ${state.snapshotId} from ${state.hostId}`, cabPath: state.paths.cab }), ctx.timeouts.importMs);
  if (t.failures.length > 0) throw vssFailureError('Import', proxy.name, t.failures[0]);
  const ids = t.shadows.map((s) => s.shadowId);
  // nothing listed after a "successful" import is the same situation as VSS_E_NO_SNAPSHOTS_IMPORTED
  if (ids.length === 0) throw vssFailureError('Import', proxy.name, { hresult: 0x80042320, errorText: null });
  if (state.shadowIds.length > 0 && !state.shadowIds.every((id) => ids.includes(id))) {
    log('warning', `${proxy.name}: imported shadow ids ${ids.join(', ')} differ from the host's ${state.shadowIds.join(', ')}`);
  }
  state.importedOn = proxy.id;
  state.importedShadowIds = ids;
  state.setId ??= t.shadowSetId;
  log('info', `${proxy.name}: imported shadow copy ${ids.join(', ')} (hidden, read-only)`);
}

/** Carries the .cab from the host to the proxy through the console (no second-hop credentials needed). */
async function shipCab(ctx: SnapshotContext, state: SnapshotState, host: Target, proxy: Target): Promise<void> {
  const cab = CabPayload.parse(await ctx.run.ps(host, 'Read snapshot metadata', readCabPs({ cabPath: state.paths.cab }), ctx.timeouts.commandMs));
  const bytes = Buffer.from(cab.base64, 'base64');
  const sha256 = createHash('sha256').update(bytes).digest('hex').toUpperCase();
  if (bytes.length !== cab.length || sha256 !== cab.sha256.toUpperCase() || bytes.subarray(0, 4).toString('latin1') !== 'MSCF') {
    throw winError(WinCode.BadCab, `${host.name}: the snapshot metadata file ${state.paths.cab} is not a valid .cab.`, {
      hint: 'Delete this snapshot and take a new one; if it repeats, check the host\'s disk and antivirus exclusions for the Ferry work folder.',
      server: host.name,
      step: 'Import',
    });
  }
  const record: ProxyRecord = { ferry: 1, role: 'proxy', snapshotId: state.snapshotId, hostId: state.hostId, setId: state.setId, shadowIds: state.shadowIds, importedAt: isoNow(ctx.clock) };
  await ctx.run.ps(
    proxy,
    'Copy snapshot metadata',
    writeProxyCabPs({ dir: state.paths.dir, cabPath: state.paths.cab, recordPath: state.paths.record, recordJson: JSON.stringify(record), base64: cab.base64, sha256 }),
    ctx.timeouts.commandMs,
  );
}

/** A CSV's transportable snapshot imported on a node of its own cluster would give the cluster duplicate disk signatures. */
function assertOutsideCluster(inv: WindowsInventory, state: SnapshotState, server: Target): void {
  const volume = inv.volumes.find((v) => v.id === state.volumeId);
  if (!volume || volume.kind !== 'csv') return;
  const cluster = inv.clusters.find((c) => c.id === volume.clusterId);
  if (cluster?.nodeIds.includes(server.id)) {
    throw winError(WinCode.ImportOnClusterNode, `${server.name} is a node of cluster ${cluster.name}; a transportable snapshot of its CSV ${volume.displayPath} must be imported outside the cluster.`, {
      hint: 'Use an off-host proxy that is not a node of this cluster (duplicate disk signatures break the cluster).',
      server: server.name,
      step: 'Import',
    });
  }
}
