// The whole orchestrator driven through the Windows platform, with no Windows present: a real store (node:sqlite),
// a real Orchestrator and a real repository; WindowsPlatform over a ScriptedExecutor that replays the recorded
// transcripts (every script matched against its golden file); and a data mover stub, because the real mover cannot
// open C:\ paths here — it records what it was given and stores one small block per disk, so a real restore point
// is committed. The platform's clock is manual: no real timer is waited on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FerryError } from '../../../src-shared/contract/errors';
import { JobSpec, Proxy, type Inventory, type Job, type ReadinessCheck, type SessionView } from '../../../src-shared/domain';
import { emptyStats, type DataMover, type DiskTask, type DiskTaskResult } from '../datamover/task';
import type { AgentEndpoint, ChangedRanges, CreatedSnapshot, ExposedSnapshot, Leftover, Platform, PlatformLog, SnapshotRequest } from '../platform/types';
import { WindowsPlatform } from '../platform/windows';
import { DEFAULT_WORK_ROOT } from '../platform/windows/paths';
import { snapshotPaths } from '../platform/windows/snapshot/snapshot-paths';
import { mountPointStatePs, removeWorkPs, signalGatePs } from '../platform/windows/snapshot/ps-scripts';
import { rctRetirePs } from '../platform/windows/rct/rct-scripts';
import { deleteShadowsScript, exposeScript } from '../platform/windows/snapshot/dsh-scripts';
import { ScriptedExecutor, ok, psJson, type ScriptedStep } from '../platform/windows/testing/scripted-executor';
import {
  APP01,
  CSV1,
  HV01,
  HV02,
  HV03,
  PROXY,
  SCENARIO,
  SQL01,
  ManualClock,
  cleanupStep,
  createSteps,
  deferred,
  exposeSteps,
  forSnapshotId,
  golden,
  heldSession,
  importSteps,
  inventorySteps,
  transcript,
} from '../platform/windows/testing/test-support';
import { RepoPool } from '../repository/repo-pool';
import { chunkHashOf, compressChunk } from '../repository';
import { Store } from '../store/store';
import { Orchestrator } from './orchestrator';
import type { SessionSink } from './session-recorder';
import type { StoredPointDisk } from './change-chain';
import { PendingReferences } from './pending-references';
import { logText } from '../../testing/session-log';

const REPO_ID = 'repo-win';
const JOB_ID = 'job-win';
const ORPHAN = 'snap-orphan';

// ---------- the test's own doubles ----------

/** Delegates to the Windows platform and writes down every call the orchestrator makes, with its outcome. */
class RecordingPlatform implements Platform {
  readonly kind = 'windows' as const;
  readonly calls: string[] = [];
  readonly errors: FerryError[] = [];

  constructor(private readonly inner: Platform) {}

  inventory(): Promise<Inventory> {
    return this.record('inventory', () => this.inner.inventory());
  }
  checkProxy(serverId: string): Promise<ReadinessCheck[]> {
    return this.record(`checkProxy ${serverId}`, () => this.inner.checkProxy(serverId));
  }
  installProxy(serverId: string, log: PlatformLog): Promise<void> {
    return this.record(`installProxy ${serverId}`, () => this.inner.installProxy(serverId, log));
  }
  uninstallProxy(serverId: string, log: PlatformLog): Promise<void> {
    return this.record(`uninstallProxy ${serverId}`, () => this.inner.uninstallProxy(serverId, log));
  }
  createSnapshot(req: SnapshotRequest, log: PlatformLog): Promise<CreatedSnapshot> {
    return this.record(`createSnapshot ${req.snapshotId} on ${req.hostId}`, () => this.inner.createSnapshot(req, log));
  }
  importSnapshot(snap: CreatedSnapshot, proxyServerId: string, log: PlatformLog): Promise<void> {
    return this.record(`importSnapshot ${snap.snapshotId} on ${proxyServerId}`, () => this.inner.importSnapshot(snap, proxyServerId, log));
  }
  exposeSnapshot(snap: CreatedSnapshot, serverId: string, log: PlatformLog): Promise<ExposedSnapshot> {
    return this.record(`exposeSnapshot ${snap.snapshotId} on ${serverId}`, () => this.inner.exposeSnapshot(snap, serverId, log));
  }
  unexposeSnapshot(snapshotId: string, serverId: string, log: PlatformLog): Promise<void> {
    return this.record(`unexposeSnapshot ${snapshotId} on ${serverId}`, () => this.inner.unexposeSnapshot(snapshotId, serverId, log));
  }
  deleteSnapshot(snapshotId: string, log: PlatformLog): Promise<void> {
    return this.record(`deleteSnapshot ${snapshotId}`, () => this.inner.deleteSnapshot(snapshotId, log));
  }
  agentEndpoint(serverId: string): Promise<AgentEndpoint | null> {
    return this.record(`agentEndpoint ${serverId}`, () => this.inner.agentEndpoint(serverId));
  }
  listLeftovers(): Promise<Leftover[]> {
    return this.record('listLeftovers', () => this.inner.listLeftovers());
  }
  changedRanges(snap: CreatedSnapshot, vmId: string, diskIndex: number, sinceReferenceId: string, log: PlatformLog): Promise<ChangedRanges> {
    return this.record(`changedRanges ${vmId}/${diskIndex}`, () => this.inner.changedRanges(snap, vmId, diskIndex, sinceReferenceId, log));
  }
  retireChangeReferences(vmId: string, retire: readonly string[], keep: readonly string[], log: PlatformLog): Promise<void> {
    return this.record(`retireChangeReferences ${vmId}`, () => this.inner.retireChangeReferences(vmId, retire, keep, log));
  }

  /** The call is written down when it starts (so the order is the orchestrator's); a failure appends its code. */
  private async record<T>(call: string, run: () => Promise<T>): Promise<T> {
    const i = this.calls.push(call) - 1;
    try {
      return await run();
    } catch (e) {
      const err = FerryError.from(e);
      this.errors.push(err);
      this.calls[i] = `${call} → ${err.code}`;
      throw e;
    }
  }
}

/**
 * Stands in for the data mover on the proxy: keeps each task (the exposed path it was told to read) and stores one
 * block of recognisable bytes per disk, the second block being zeros (not stored), as the real mover would.
 */
class RecordingMover implements DataMover {
  readonly tasks: DiskTask[] = [];
  readonly started = deferred<void>();

  constructor(
    private readonly repos: RepoPool,
    /** true: never finish, as if the console died while the disks were being read */
    private readonly hang = false,
  ) {}

  async run(task: DiskTask): Promise<DiskTaskResult> {
    this.tasks.push(task);
    this.started.resolve();
    if (this.hang) return new Promise<DiskTaskResult>(() => undefined);
    const block = Buffer.alloc(task.blockSize, `${task.diskKey} read from ${task.sourcePath}\n`);
    const hash = chunkHashOf(block);
    await this.repos.use(task.repositoryDir, async (repo) => {
      if (!(await repo.hasChunk(hash))) await repo.putChunk(hash, await compressChunk(block, 'none'), 'none', block.length);
    });
    const stats = { ...emptyStats(), bytesProcessed: 2 * block.length, bytesRead: block.length, bytesTransferred: block.length, newRawBytes: block.length, elapsedMs: 1 };
    return {
      manifest: { diskKey: task.diskKey, virtualSize: 2 * block.length, blockSize: task.blockSize, sourcePath: task.sourcePath, blocks: [{ offset: 0, length: block.length, hash }] },
      stats,
    };
  }
}

const quietSink: SessionSink = { state: () => undefined, log: () => undefined };

// ---------- the world: data folder, store, repository, proxy, job ----------

interface World {
  dir: string;
  dbPath: string;
  repoDir: string;
  store: Store;
  repos: RepoPool;
  job: Job;
}

const opened: Array<{ dir: string; stores: Store[]; pools: RepoPool[] }> = [];

afterEach(async () => {
  for (const w of opened.splice(0)) {
    for (const p of w.pools) await p.closeAll();
    for (const s of w.stores) s.close();
    rmSync(w.dir, { recursive: true, force: true });
  }
});

function world(): World {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-win-orch-'));
  const dbPath = join(dir, 'ferry.db');
  const repoDir = join(dir, 'repository');
  const store = new Store(dbPath);
  const repos = new RepoPool();
  opened.push({ dir, stores: [store], pools: [repos] });
  const now = new Date().toISOString();
  store.putRepository({ id: REPO_ID, name: 'Test repository', path: repoDir, capacityBytes: 0, usedBytes: 0, restorePoints: 0 });
  // through the schemas, so fields added later get their defaults
  store.putProxy(Proxy.parse({ id: 'px-proxy01', serverId: 'proxy01', name: 'PROXY01', description: '', maxTasks: 2, eligibleVolumeIds: [CSV1], status: 'ready', lastCheckAt: now, createdAt: now }));
  const spec = JobSpec.parse({
    name: 'Cluster VMs off-host',
    vmIds: [APP01, SQL01],
    repositoryId: REPO_ID,
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: false },
    blockSize: '256K',
    compression: 'none',
    retries: { count: 0, intervalSec: 0 },
  });
  const job: Job = { id: JOB_ID, spec, createdAt: now, lastResult: null, lastRunAt: null, nextRunAt: null };
  store.putJob(job);
  return { dir, dbPath, repoDir, store, repos, job };
}

/** "Another process" on the same data folder: its own store connection and repository handles. */
function restart(w: World): { store: Store; repos: RepoPool } {
  const store = new Store(w.dbPath);
  const repos = new RepoPool();
  const entry = opened.find((o) => o.dir === w.dir);
  entry?.stores.unshift(store);
  entry?.pools.push(repos);
  return { store, repos };
}

function windows(steps: ScriptedStep[]): { exec: ScriptedExecutor; platform: RecordingPlatform } {
  const exec = new ScriptedExecutor(steps);
  // pollIntervalMs 2 s on the manual clock: the proxy record's importedAt is then the golden's 13:04:02
  const inner = new WindowsPlatform({ executor: exec, hosts: [HV01, HV02, HV03], servers: [PROXY], clock: new ManualClock(), pollIntervalMs: 2000 });
  return { exec, platform: new RecordingPlatform(inner) };
}

/** The snapshot the orchestrator chose (one per test), as the ledger knows it. */
const ledgerId = (store: Store) => (): string => store.ledgerAll()[0]?.snapshotId ?? '';

/** Jobs track changes by default: the host makes RCT reference points right before DiskShadow creates the snapshot. */
const RCT_IDS = { os: 'rctX:4a1f9c2e:0000000000000013:0', data: 'rctX:5b2e0d3f:0000000000000008:0', sql: 'rctX:6c3f1e40:0000000000000002:0' };
const VOL1 = 'C:\\ClusterStorage\\Volume1\\VMs';
function withRct(create: ScriptedStep[]): ScriptedStep[] {
  const rct: ScriptedStep = {
    label: 'RCT reference points',
    program: 'powershell',
    server: HV01,
    script: golden('rct-reference-points.ps1'),
    reply: psJson([
      { VmId: APP01, Code: 0, InstanceId: 'Microsoft:APP01:RP:3', Disks: [{ Path: `${VOL1}\\APP01\\Virtual Hard Disks\\APP01_OS_8D3F2A1B-4C5D-4E6F-9A0B-1C2D3E4F5A6B.avhdx`, RctId: RCT_IDS.os }, { Path: `${VOL1}\\APP01\\Virtual Hard Disks\\APP01_Data.vhdx`, RctId: RCT_IDS.data }] },
      { VmId: SQL01, Code: 0, InstanceId: 'Microsoft:SQL01:RP:1', Disks: { Path: `${VOL1}\\SQL01\\SQL01.vhdx`, RctId: RCT_IDS.sql } },
    ]),
  };
  return [create[0], rct, ...create.slice(1)];
}

/** The readiness check of proxy01 the session runs before planning: one facts probe. */
const readinessProbe = (): ScriptedStep => ({ ...inventorySteps()[3], label: 'readiness probe proxy01' });

async function runJob(w: World, platform: Platform, mover: DataMover): Promise<{ view: SessionView; log: string[] }> {
  const orchestrator = new Orchestrator({ store: w.store, platform, mover, repos: w.repos, sink: quietSink });
  const sessionId = orchestrator.start(w.job);
  await orchestrator.wait(sessionId);
  const view = w.store.getSession(sessionId);
  if (!view) throw new Error(`session ${sessionId} not stored`);
  return { view, log: logText(w.store.getLog(sessionId), view.vms) };
}

const stagesOf = (view: SessionView) => view.snapshots[0].history.map((h) => h.stage);

// ---------- the scenarios ----------

describe('Orchestrator through the Windows platform (scripted executor, recorded transcripts)', () => {
  it('a successful off-host session: exact platform calls and scripts, the lifecycle in the view, ledger closed, restore point', async () => {
    const w = world();
    const { session, release } = heldSession();
    const { exec, platform } = windows(
      forSnapshotId(
        [
          ...inventorySteps(),
          readinessProbe(),
          ...withRct(createSteps(session)),
          ...importSteps(),
          ...exposeSteps(),
          { label: 'probe mount folder', program: 'powershell', server: PROXY, script: golden('mount-probe.ps1'), reply: psJson({ state: 'mounted' }) },
          { label: 'unexpose on proxy', program: 'diskshadow', server: PROXY, script: golden('unexpose.dsh'), reply: ok(transcript('proxy-unexpose.success.txt')) },
          { label: 'delete shadow set on proxy', program: 'diskshadow', server: PROXY, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) },
          release,
          cleanupStep('clean up host', HV01, ['dir']),
          cleanupStep('clean up proxy', PROXY, ['dir', 'mount']),
        ],
        ledgerId(w.store),
      ),
    );
    const mover = new RecordingMover(w.repos);

    const { view, log } = await runJob(w, platform, mover);

    expect(view.result, view.reason).toBe('Success');
    const id = ledgerId(w.store)();
    expect(id).toMatch(/^snap-/);
    expect(platform.calls).toEqual([
      'inventory',
      'checkProxy proxy01',
      `createSnapshot ${id} on hv01`,
      `importSnapshot ${id} on proxy01`,
      `exposeSnapshot ${id} on proxy01`,
      `unexposeSnapshot ${id} on proxy01`,
      `deleteSnapshot ${id}`,
    ]);
    expect(exec.labels()).toEqual([
      'facts hv01',
      'facts hv02',
      'facts hv03',
      'facts proxy01',
      'readiness probe proxy01',
      'prepare host folder + gate',
      'RCT reference points',
      'host session (DiskShadow create … exec gate … end backup)',
      'poll created.txt (not yet)',
      'poll created.txt (written)',
      'read .cab on host',
      'write .cab on proxy',
      'import on proxy',
      'prepare mount folder',
      'expose on proxy',
      'probe mount folder',
      'unexpose on proxy',
      'delete shadow set on proxy',
      'release gate',
      'clean up host',
      'clean up proxy',
    ]);
    exec.assertDone();

    // the snapshot lifecycle as the console shows it
    const root = `C:\\ProgramData\\Ferry\\mounts\\${id}`;
    expect(view.snapshots).toHaveLength(1);
    expect(view.snapshots[0]).toMatchObject({ id, volumeId: CSV1, hostId: 'hv01', proxyServerId: 'proxy01', vmIds: [APP01, SQL01], stage: 'deleted' });
    expect(stagesOf(view)).toEqual(['planned', 'created', 'imported', 'exposed', 'released', 'deleted']);
    expect(view.snapshots[0].history[1].note).toContain(SCENARIO.shadowId);
    expect(view.snapshots[0].history[3].note).toMatch(new RegExp(` at ${root.replace(/\\/g, '\\\\')}$`));
    expect(view.vms.map((v) => [v.vmId, v.status, v.processingMode, v.proxyServerId])).toEqual([
      [APP01, 'Success', 'off-host', 'proxy01'],
      [SQL01, 'Success', 'off-host', 'proxy01'],
    ]);

    // ledger: the shadow id was recorded, and the row is closed
    expect(w.store.ledgerOpen()).toEqual([]);
    expect(w.store.ledgerGet(id)).toMatchObject({ stage: 'deleted', shadowIds: [SCENARIO.shadowId], exposedOn: 'proxy01', hostId: 'hv01' });

    // the data mover ran on the proxy and read the proxy-side exposed paths, never the live disks on the host
    expect(mover.tasks.map((t) => [t.diskKey, t.sourcePath, t.runOn])).toEqual([
      [`${APP01}/0`, `${root}\\VMs\\APP01\\Virtual Hard Disks\\APP01_OS_8D3F2A1B-4C5D-4E6F-9A0B-1C2D3E4F5A6B.avhdx`, 'proxy01'],
      [`${APP01}/1`, `${root}\\VMs\\APP01\\Virtual Hard Disks\\APP01_Data.vhdx`, 'proxy01'],
      [`${SQL01}/0`, `${root}\\VMs\\SQL01\\SQL01.vhdx`, 'proxy01'],
    ]);
    expect(new Set(mover.tasks.map((t) => t.repositoryDir))).toEqual(new Set([w.repoDir]));

    // BackupComplete was sent only after the proxy was done, and the log says so
    expect(log).toContain('info: hv01.contoso.local: backup completed (BackupComplete sent, VSS session closed)');
    expect(log).toContain(`info: Snapshot ${id}: deleted`);

    // a real, verifiable restore point
    const [point] = w.store.listRestorePoints(JOB_ID);
    expect(point.id).toBe(view.restorePointId);
    expect(point.disks.map((d) => [d.vmId, d.diskIndex])).toEqual([
      [APP01, 0],
      [APP01, 1],
      [SQL01, 0],
    ]);
    // the first point of the job is a full; each disk keeps the RCT id its next incremental starts from
    expect(view.vms.map((v) => v.backupKind)).toEqual(['full', 'full']);
    expect(log).toContain('info: [APP01] Disk 0 full: first run of the job');
    expect((point.disks as StoredPointDisk[]).map((d) => [d.kind, d.referenceId, d.blockSize])).toEqual([
      ['full', RCT_IDS.os, 256 * 1024],
      ['full', RCT_IDS.data, 256 * 1024],
      ['full', RCT_IDS.sql, 256 * 1024],
    ]);
    const stored = await w.repos.read(w.repoDir, async (repo) => ({ info: await repo.getPoint(point.id), verify: await repo.verify(point.id) }));
    expect(stored.info.disks.map((d) => d.sourcePath)).toEqual(mover.tasks.map((t) => t.sourcePath));
    expect(stored.verify).toMatchObject({ ok: true, chunksChecked: 3, damaged: [] });
  });

  it('import fails (VSS_E_NO_SNAPSHOTS_IMPORTED): the VMs fail with the mapped code and message, the snapshot is still deleted on the host', async () => {
    const w = world();
    const { session, release } = heldSession();
    const { exec, platform } = windows(
      forSnapshotId(
        [
          ...inventorySteps(),
          readinessProbe(),
          ...withRct(createSteps(session)),
          ...importSteps('proxy-import.no-snapshots-imported.txt'),
          { label: 'delete on proxy (not there)', program: 'diskshadow', server: PROXY, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.object-not-found.txt')) },
          release,
          { label: 'delete on host', program: 'diskshadow', server: HV01, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) },
          cleanupStep('clean up host', HV01, ['dir']),
          cleanupStep('clean up proxy', PROXY, ['dir']),
          // no restore point builds on the reference points taken for this snapshot: destroyed on the host
          { label: 'retire APP01', program: 'powershell', server: HV01, script: rctRetirePs({ vmId: APP01, retire: [RCT_IDS.os, RCT_IDS.data].sort(), keep: [] }), reply: psJson({ Found: true, Destroyed: ['Microsoft:APP01:RP:3'], Failed: [] }) },
          { label: 'retire SQL01', program: 'powershell', server: HV01, script: rctRetirePs({ vmId: SQL01, retire: [RCT_IDS.sql], keep: [] }), reply: psJson({ Found: true, Destroyed: 'Microsoft:SQL01:RP:1', Failed: null }) },
        ],
        ledgerId(w.store),
      ),
    );
    const mover = new RecordingMover(w.repos);

    const { view, log } = await runJob(w, platform, mover);

    const id = ledgerId(w.store)();
    const [first, second] = [APP01, SQL01].sort();
    expect(platform.calls).toEqual([
      'inventory',
      'checkProxy proxy01',
      `createSnapshot ${id} on hv01`,
      `importSnapshot ${id} on proxy01 → E_VSS_NO_SNAPSHOTS_IMPORTED`,
      // never exposed: nothing to unexpose; deleted all the same
      `deleteSnapshot ${id}`,
      `retireChangeReferences ${first}`,
      `retireChangeReferences ${second}`,
    ]);
    exec.assertDone();
    expect(exec.labels().slice(-7, -2)).toEqual(['delete on proxy (not there)', 'release gate', 'delete on host', 'clean up host', 'clean up proxy']);
    expect(log).toContain('info: APP01: deleted 1 old change-tracking reference point(s) on hv01.contoso.local that no backup needs any more');

    const [importError] = platform.errors;
    expect(importError.message).toMatch(/^Import on proxy01\.contoso\.local failed: .+ \(VSS_E_NO_SNAPSHOTS_IMPORTED, 0x80042320\)\.$/);
    expect(importError.details).toMatchObject({ hresult: '0x80042320', vssName: 'VSS_E_NO_SNAPSHOTS_IMPORTED', server: PROXY, step: 'Import', hint: expect.any(String) });

    expect(view.result).toBe('Failed');
    expect(view.reason).toBe(`2 of 2 VM(s) failed: ${importError.message}`);
    expect(view.vms.map((v) => [v.vmId, v.status, v.message])).toEqual([
      [APP01, 'Failed', importError.message],
      [SQL01, 'Failed', importError.message],
    ]);
    expect(stagesOf(view)).toEqual(['planned', 'created', 'failed', 'released', 'deleted']);
    expect(view.snapshots[0].history[2].note).toBe(importError.message);
    expect(log).toContain(`error: C:\\ClusterStorage\\Volume1: ${importError.message}`);
    expect(log).toContain(`info: Snapshot ${id}: deleted`);

    expect(w.store.ledgerOpen()).toEqual([]);
    expect(mover.tasks).toEqual([]);
    expect(w.store.listRestorePoints(JOB_ID)).toEqual([]);
    expect(view.restorePointId).toBeNull();
  });

  it('a crash after expose: a new Orchestrator on the same store recovers, cleaning every leftover through the platform with a log line each', async () => {
    const w = world();
    // --- the first console: gets as far as the data mover, then "dies" (never stopped, nothing released)
    const first = windows(forSnapshotId([...inventorySteps(), readinessProbe(), ...withRct(createSteps(heldSession().session)), ...importSteps(), ...exposeSteps()], ledgerId(w.store)));
    const hung = new RecordingMover(w.repos, true);
    const crashed = new Orchestrator({ store: w.store, platform: first.platform, mover: hung, repos: w.repos, sink: quietSink });
    const sessionId = crashed.start(w.job);
    // whichever comes first: the mover starts (as intended), or the session ends early (then say why)
    await Promise.race([hung.started.promise, crashed.wait(sessionId)]);
    expect(hung.tasks.length, w.store.getSession(sessionId)?.reason).toBeGreaterThan(0);
    const id = ledgerId(w.store)();
    first.exec.assertDone();
    expect(first.platform.calls.slice(-1)).toEqual([`exposeSnapshot ${id} on proxy01`]);
    expect(w.store.ledgerOpen()).toMatchObject([{ snapshotId: id, sessionId, stage: 'exposed', exposedOn: 'proxy01', shadowIds: [SCENARIO.shadowId] }]);

    // --- the next start: its own store connection, a fresh platform (no memory of the snapshot), recovery first
    const next = restart(w);
    const hostRecord = { folder: id, record: JSON.stringify({ ...SCENARIO.hostRecord, snapshotId: id }), created: transcript('gate-created.txt') };
    const proxyRecord = { folder: id, record: JSON.stringify({ ...SCENARIO.proxyRecord, snapshotId: id }), created: null };
    // a folder no ledger knows (its record unreadable): found by the leftover scan, cleaned all the same
    const orphanFolder = { folder: ORPHAN, record: null, created: null };
    const scanAll = (why: string): ScriptedStep[] =>
      [
        [HV01, [hostRecord]],
        [HV02, []],
        [HV03, [orphanFolder]],
        [PROXY, [proxyRecord]],
      ].map(([server, records]) => ({ label: `${why}: records ${String(server).split('.')[0]}`, program: 'powershell', server: String(server), script: golden('list-records.ps1'), reply: psJson(records) }));
    const noShadows = ok('-> list shadows all\r\n\r\nNumber of shadow copies listed: 0\r\n');
    const orphanPaths = snapshotPaths(DEFAULT_WORK_ROOT, ORPHAN);
    const probe = (server: string, state: string): ScriptedStep => ({ label: `probe mount ${server.split('.')[0]}`, program: 'powershell', server, script: golden('mount-probe.ps1'), reply: psJson({ state }) });
    const second = windows([
      // listLeftovers: Ferry's records on every server, joined with what VSS still lists where records exist
      ...scanAll('leftovers'),
      { label: 'list shadows hv01', program: 'diskshadow', server: HV01, script: golden('list-shadows.dsh'), reply: noShadows },
      { label: 'list shadows hv03', program: 'diskshadow', server: HV03, script: golden('list-shadows.dsh'), reply: noShadows },
      { label: 'list shadows proxy01', program: 'diskshadow', server: PROXY, script: golden('list-shadows.dsh'), reply: ok(transcript('list-shadows-all.txt')) },
      // the ledger's snapshot: dismount where the ledger says it was exposed ...
      ...forSnapshotId(
        [
          probe(PROXY, 'mounted'),
          { label: 'unexpose proxy01', program: 'diskshadow', server: PROXY, script: golden('unexpose.dsh'), reply: ok(transcript('proxy-unexpose.success.txt')) },
        ],
        () => id,
      ),
      // ... then delete: state rebuilt from the records, every server with a folder probed, BackupComplete via the orphaned gate
      ...scanAll(id),
      ...forSnapshotId(
        [
          probe(HV01, 'absent'),
          probe(PROXY, 'empty'),
          { label: 'delete set on proxy01', program: 'diskshadow', server: PROXY, script: golden('delete-set.dsh'), reply: ok(transcript('delete-set.success.txt')) },
          { label: 'release orphaned gate hv01', program: 'powershell', server: HV01, script: golden('signal-release.ps1'), reply: psJson({ state: 'signalled' }) },
          cleanupStep('clean up hv01', HV01, ['dir']),
          cleanupStep('clean up proxy01', PROXY, ['dir', 'mount']),
        ],
        () => id,
      ),
      // the orphan: no ids known, so no DiskShadow delete; its folder (and any gate still waiting) is cleared on hv03
      ...scanAll(ORPHAN),
      { label: 'probe mount hv03', program: 'powershell', server: HV03, script: mountPointStatePs({ mountPoint: orphanPaths.mountPoint, create: false }), reply: psJson({ state: 'absent' }) },
      { label: 'release gate hv03', program: 'powershell', server: HV03, script: signalGatePs({ dir: orphanPaths.dir, flagPath: orphanPaths.releaseFlag, flag: 'release' }), reply: psJson({ state: 'no-folder' }) },
      { label: 'clean up hv03', program: 'powershell', server: HV03, script: removeWorkPs({ dir: orphanPaths.dir, mountPoint: orphanPaths.mountPoint }), reply: psJson({ removed: ['dir'], kept: [] }) },
      // the RCT reference points the crashed session took (no restore point builds on them): destroyed where the VMs run
      ...inventorySteps(),
      { label: 'retire APP01', program: 'powershell', server: HV01, script: rctRetirePs({ vmId: APP01, retire: [RCT_IDS.os, RCT_IDS.data].sort(), keep: [] }), reply: psJson({ Found: true, Destroyed: ['Microsoft:APP01:RP:3'], Failed: [] }) },
      { label: 'retire SQL01', program: 'powershell', server: HV01, script: rctRetirePs({ vmId: SQL01, retire: [RCT_IDS.sql], keep: [] }), reply: psJson({ Found: true, Destroyed: ['Microsoft:SQL01:RP:1'], Failed: [] }) },
    ]);
    const recovering = new Orchestrator({ store: next.store, platform: second.platform, mover: new RecordingMover(next.repos), repos: next.repos, sink: quietSink });
    const lines: string[] = [];

    const outcome = await recovering.recover((level, text) => lines.push(`${level}: ${text}`));

    expect(outcome).toEqual({ cleaned: [id, ORPHAN], failed: [] });
    const [vmA, vmB] = [APP01, SQL01].sort();
    expect(second.platform.calls).toEqual(['listLeftovers', `unexposeSnapshot ${id} on proxy01`, `deleteSnapshot ${id}`, `deleteSnapshot ${ORPHAN}`, `retireChangeReferences ${vmA}`, `retireChangeReferences ${vmB}`]);
    second.exec.assertDone();
    // one line per cleaned snapshot, saying where it came from
    expect(lines.filter((l) => l.includes('left behind'))).toEqual([
      `warning: Cleaned up snapshot ${id} left behind by an interrupted session (${sessionId}, was exposed)`,
      `warning: Cleaned up snapshot ${ORPHAN} left behind by an interrupted session (not in the ledger)`,
    ]);
    expect(lines).toContain(`info: proxy01.contoso.local: snapshot ${id} unexposed from C:\\ProgramData\\Ferry\\mounts\\${id}`);
    expect(lines).toContain(`info: Snapshot ${id}: deleted`);
    expect(lines).toContain(`info: Snapshot ${ORPHAN}: deleted`);

    expect(lines).toContain('info: Retiring 3 change-tracking reference(s) left by interrupted session(s)');
    expect(lines).toContain('info: SQL01: deleted 1 old change-tracking reference point(s) on hv01.contoso.local that no backup needs any more');
    // dealt with: the next start has nothing left to retire
    expect(new PendingReferences(next.store).orphaned(() => false)).toEqual([]);

    expect(next.store.ledgerOpen()).toEqual([]);
    expect(next.store.ledgerGet(id)?.stage).toBe('deleted');
    expect(next.store.getSession(sessionId)).toMatchObject({ result: 'Failed', reason: 'Interrupted: Ferry stopped while this session was running' });
    expect(next.store.listRestorePoints(JOB_ID)).toEqual([]);
  });
});

describe('Orchestrator through the Windows platform: hardware provider fails, the software provider takes over', () => {
  const SW_SHADOW = '{2b7e4c1a-8d3f-4a6b-9c2e-5f1d0a7b3e84}';
  const SW_SET = '{7a1c9e3b-4f2d-4b8a-8e6c-1d3f5a7b9c20}';

  it('VSS_E_PROVIDER_VETO on the host: the failed attempt is cleaned up, a software snapshot is taken, exposed and read on the host', async () => {
    const w = world();
    // RCT reference points are another story (tested above): without change tracking the scripts are the snapshot's only
    w.job = { ...w.job, spec: { ...w.job.spec, changeTracking: false } };
    let recorder: RecordingPlatform | null = null;
    /** the snapshot the orchestrator is working on now: the id of its latest createSnapshot */
    const currentId = (): string => /^createSnapshot (\S+)/.exec([...(recorder?.calls ?? [])].reverse().find((c) => c.startsWith('createSnapshot')) ?? '')?.[1] ?? '';
    const vetoAfterFirstPoll = deferred<void>();
    const released = deferred<void>();
    const { exec, platform } = windows([
      ...inventorySteps(),
      readinessProbe(),
      // 1. the hardware attempt: DiskShadow reports the provider's veto and exits
      ...forSnapshotId(
        [
          { label: 'prepare host folder + gate (hardware)', program: 'powershell', server: HV01, script: golden('prepare-host.ps1'), reply: psJson({ prepared: true }) },
          {
            label: 'host session (hardware): provider veto',
            program: 'diskshadow',
            server: HV01,
            script: golden('host-create.app-consistent.dsh'),
            reply: async () => {
              await vetoAfterFirstPoll.promise;
              return ok(transcript('host-create.provider-veto.txt'));
            },
          },
          {
            label: 'poll created.txt (hardware, never written)',
            program: 'powershell',
            server: HV01,
            script: golden('read-gate-state.ps1'),
            reply: () => {
              vetoAfterFirstPoll.resolve();
              return psJson({ created: null });
            },
          },
          // no shadow copy exists: releasing the failed attempt only removes its folder
          cleanupStep('clean up host (hardware attempt)', HV01, ['dir']),
        ],
        currentId,
      ),
      // 2. the software attempt, on the host: no .cab shipping, no import, exposed where it was taken
      {
        label: 'prepare host folder + gate (software)',
        program: 'powershell',
        server: HV01,
        script: (s) => s.includes(`"snapshotId":"${currentId()}"`) && s.includes('"providerId":"{b5946137-7b9f-4925-af80-51abd60b20d5}"'),
        reply: psJson({ prepared: true }),
      },
      ...forSnapshotId(
        [
          {
            label: 'host session (software)',
            program: 'diskshadow',
            server: HV01,
            script: golden('host-create.software.dsh'),
            reply: async () => {
              await released.promise;
              return ok(transcript('host-create.software.success.txt'));
            },
          },
          { label: 'poll created.txt (software)', program: 'powershell', server: HV01, script: golden('read-gate-state.ps1'), reply: psJson({ created: transcript('gate-created.software.txt') }) },
          { label: 'prepare mount folder on host', program: 'powershell', server: HV01, script: golden('mount-prepare.ps1'), reply: psJson({ state: 'created' }) },
          {
            label: 'expose on host',
            program: 'diskshadow',
            server: HV01,
            script: exposeScript({ label: `snapshot ${SCENARIO.snapshotId}`, exposures: [{ shadowId: SW_SHADOW, mountPoint: snapshotPaths(DEFAULT_WORK_ROOT, SCENARIO.snapshotId).mountPoint }] }),
            reply: ok(transcript('host-expose.software.success.txt')),
          },
          { label: 'probe mount folder on host', program: 'powershell', server: HV01, script: golden('mount-probe.ps1'), reply: psJson({ state: 'mounted' }) },
          { label: 'unexpose on host', program: 'diskshadow', server: HV01, script: golden('unexpose.dsh'), reply: ok(transcript('proxy-unexpose.success.txt')) },
          {
            label: 'release gate (software)',
            program: 'powershell',
            server: HV01,
            script: golden('signal-release.ps1'),
            reply: () => {
              released.resolve();
              return psJson({ state: 'signalled' });
            },
          },
          { label: 'delete set on host', program: 'diskshadow', server: HV01, script: deleteShadowsScript({ label: `snapshot ${SCENARIO.snapshotId}`, target: { setId: SW_SET } }), reply: ok(transcript('delete-set.success.txt')) },
          cleanupStep('clean up host (software)', HV01, ['dir', 'mount']),
        ],
        currentId,
      ),
    ]);
    recorder = platform;
    const mover = new RecordingMover(w.repos);

    const { view, log } = await runJob(w, platform, mover);

    exec.assertDone();
    const [hw, sw] = w.store.ledgerAll().map((r) => r.snapshotId).sort((a, b) => platform.calls.findIndex((c) => c.includes(a)) - platform.calls.findIndex((c) => c.includes(b)));
    expect(platform.calls).toEqual([
      'inventory',
      'checkProxy proxy01',
      `createSnapshot ${hw} on hv01 → E_HW_PROVIDER_FAILED`,
      `deleteSnapshot ${hw}`,
      `createSnapshot ${sw} on hv01`,
      `exposeSnapshot ${sw} on hv01`,
      `unexposeSnapshot ${sw} on hv01`,
      `deleteSnapshot ${sw}`,
    ]);
    expect(platform.errors[0].details).toMatchObject({ vssCode: 'E_VSS_PROVIDER_VETO', hresult: '0x80042306' });

    // visible: a Warning with the reason on the session and each VM, processed on-host
    expect(view.result).toBe('Warning');
    expect(view.reason).toMatch(/^hardware VSS provider failed on C:\\ClusterStorage\\Volume1: Snapshot on hv01\.contoso\.local failed: the VSS hardware provider refused the snapshot \(VSS_E_PROVIDER_VETO, 0x80042306\); fell back to the Microsoft Software Shadow Copy provider — processed on-host$/);
    expect(view.vms.map((v) => [v.vmId, v.status, v.processingMode, v.proxyServerId, v.consistency])).toEqual([
      [APP01, 'Warning', 'on-host', null, 'application'],
      [SQL01, 'Warning', 'on-host', null, 'application'],
    ]);
    expect(view.snapshots.map((s) => [s.id, s.provider, s.proxyServerId, s.history.map((x) => x.stage)])).toEqual([
      [hw, 'hardware', 'proxy01', ['planned', 'failed', 'released', 'deleted']],
      [sw, 'software', null, ['planned', 'created', 'exposed', 'released', 'deleted']],
    ]);
    expect(view.snapshots[1].history[0].note).toBe(view.reason);
    expect(log).toContain(`warning: ${view.reason}`);
    expect(log).toContain('info: hv01.contoso.local: backup completed (BackupComplete sent, VSS session closed)');

    // the data mover ran on the host (no agent), reading the host's mount of the software shadow copy
    const root = `C:\\ProgramData\\Ferry\\mounts\\${sw}`;
    expect(mover.tasks.map((t) => [t.diskKey, t.runOn, t.sourcePath.startsWith(`${root}\\VMs\\`)])).toEqual([
      [`${APP01}/0`, undefined, true],
      [`${APP01}/1`, undefined, true],
      [`${SQL01}/0`, undefined, true],
    ]);

    expect(w.store.ledgerOpen()).toEqual([]);
    const [point] = w.store.listRestorePoints(JOB_ID);
    expect(point.disks.map((d) => d.consistency)).toEqual(['application', 'application', 'application']);
    expect(await w.repos.read(w.repoDir, (repo) => repo.verify(point.id))).toMatchObject({ ok: true, damaged: [] });
  });
});
