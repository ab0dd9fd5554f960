// `ferry agent`: the data mover as a service on an off-host proxy. TLS with a certificate generated at
// install (the console pins it), a token on hello, one disk task per connection; a dropped connection
// cancels its task so nothing keeps writing for a console that is gone.
import { createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { DataMover, DiskTask } from '../../engine/datamover/task';
import type { DiskWriter, RestoreDiskTask } from '../../engine/datamover/restore-task';
import { MAX_AGENT_LINE, ToAgent } from '../../engine/datamover/remote/protocol';
import { readLines, writeFrame } from '../../engine/datamover/remote/ndjson';
import { ReplicaSession, type TargetWriteFault } from './replica-session';

const HELLO_TIMEOUT_MS = 10_000;

const DiskTaskShape = z
  .object({
    taskId: z.string().min(1),
    sourcePath: z.string().min(1),
    diskKey: z.string().min(1),
    repositoryDir: z.string(),
    // a replica disk: the proxy reads, the target host's agent (pinned TLS, token) writes
    replica: z
      .object({
        file: z.string().min(1).max(1024),
        parentFile: z.string().min(1).max(1024).optional(),
        transferId: z.string().min(1).max(200),
        target: z.object({ serverId: z.string(), serverName: z.string(), host: z.string(), port: z.number().int(), certPem: z.string(), fingerprint256: z.string(), token: z.string() }).nullable(),
      })
      .optional(),
    blockSize: z.number().int().positive().max(64 * 1024 * 1024),
    compression: z.enum(['none', 'optimal', 'high', 'extreme']),
    // incrementals: what RCT reported, and the point whose manifest of this disk the agent reads as the base
    changedRanges: z.array(z.object({ offset: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), length: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) })).optional(),
    basePointId: z.string().min(1).max(64).optional(),
    // the proxy's traffic rule: a fixed cap, or one that applies during the window's spans (absolute times)
    throttleMBps: z.number().nonnegative().max(1_000_000).optional(),
    throttleSchedule: z
      .array(z.object({ fromMs: z.number().int().nonnegative(), toMs: z.number().int().nonnegative(), mibPerSec: z.number().positive().max(1_000_000) }).refine((s) => s.toMs > s.fromMs, 'a span ends after it starts'))
      .max(64)
      .optional(),
  })
  .passthrough();

const Range = z.object({ offset: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), length: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const RestoreTaskShape = z
  .object({
    taskId: z.string().min(1),
    repositoryDir: z.string().min(1),
    pointId: z.string().min(1).max(128),
    diskKey: z.string().min(1),
    path: z.string().min(1).max(4096),
    write: z.enum(['new-file', 'in-place']),
    ranges: z.array(Range).max(1_000_000).optional(),
  })
  .passthrough();

export interface AgentServerOptions {
  serverId: string;
  version: string;
  certPem: string;
  keyPem: string;
  token: string;
  mover: DataMover;
  /** restores: writes disks of restore points on this server (absent: restore frames are refused) */
  writer?: DiskWriter;
  port?: number;
  bind?: string;
  /** lab only: the injected target-write fault of a replica disk */
  targetWriteFault?: TargetWriteFault;
  /** called when no task is running any more (e.g. to release the repository lock) */
  onIdle?: () => Promise<void>;
  log?: (text: string) => void;
}

type Work = { what: string; run(onEvent: (e: unknown) => void, signal: AbortSignal): Promise<unknown> };
const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

function backupWork(body: unknown, opts: AgentServerOptions): Work | string {
  const parsed = DiskTaskShape.safeParse(body);
  if (!parsed.success) return `bad task: ${issues(parsed.error)}`;
  const task = parsed.data as unknown as DiskTask;
  if (!task.replica && task.repositoryDir === '') return 'bad task: repositoryDir: a backup task needs a repository';
  return { what: `task ${task.taskId}: ${task.sourcePath} → ${task.replica ? `replica ${task.replica.file}` : task.repositoryDir}`, run: (onEvent, signal) => opts.mover.run({ ...task, runOn: undefined }, onEvent, signal) };
}

function restoreWork(body: unknown, opts: AgentServerOptions): Work | string {
  const writer = opts.writer;
  if (!writer) return 'this agent does not take restore tasks';
  const parsed = RestoreTaskShape.safeParse(body);
  if (!parsed.success) return `bad restore task: ${issues(parsed.error)}`;
  const task = parsed.data as unknown as RestoreDiskTask;
  return { what: `restore ${task.taskId}: ${task.pointId} ${task.diskKey} → ${task.path} (${task.write})`, run: (onEvent, signal) => writer.restore({ ...task, runOn: undefined }, onEvent, signal) };
}

export async function startAgentServer(opts: AgentServerOptions): Promise<{ port: number; close(): Promise<void> }> {
  let running = 0;
  const log = opts.log ?? (() => undefined);
  const server = createServer({ cert: opts.certPem, key: opts.keyPem, minVersion: 'TLSv1.2' }, (socket: TLSSocket) => {
    let authed = false;
    let abort: AbortController | null = null;
    let replica: ReplicaSession | null = null;
    const helloTimer = setTimeout(() => socket.destroy(), HELLO_TIMEOUT_MS);
    const deny = (code: string, message: string) => {
      writeFrame(socket, { t: 'denied', error: { code, message } });
      socket.end();
    };
    socket.on('error', () => abort?.abort(new FerryError(ErrorCode.AgentLost, 'console connection lost')));
    socket.on('close', () => {
      clearTimeout(helloTimer);
      abort?.abort(new FerryError(ErrorCode.AgentLost, 'console connection lost'));
    });
    readLines(
      socket,
      MAX_AGENT_LINE,
      (line) => {
        let frame: ToAgent;
        try {
          frame = ToAgent.parse(JSON.parse(line));
        } catch {
          return deny(ErrorCode.BadFrame, 'malformed frame');
        }
        if (!authed) {
          if (frame.t !== 'hello') return deny(ErrorCode.AgentAuth, 'hello expected first');
          const a = Buffer.from(frame.token);
          const b = Buffer.from(opts.token);
          if (a.length !== b.length || !timingSafeEqual(a, b)) return deny(ErrorCode.AgentAuth, 'wrong pairing token');
          authed = true;
          clearTimeout(helloTimer);
          writeFrame(socket, { t: 'welcome', version: opts.version, serverId: opts.serverId });
          return;
        }
        if (replica) return replica.frame(frame);
        if (frame.t === 'replica-open' && !abort) {
          replica = new ReplicaSession(socket, frame.open, opts.targetWriteFault, log);
          return;
        }
        if (frame.t === 'cancel') return abort?.abort(new FerryError(ErrorCode.Cancelled, 'Stopped by the user'));
        if ((frame.t !== 'task' && frame.t !== 'restore') || abort) return deny(ErrorCode.BadFrame, 'one task per connection');
        const work = frame.t === 'task' ? backupWork(frame.task, opts) : restoreWork(frame.task, opts);
        if (typeof work === 'string') return deny(ErrorCode.InvalidParams, work);
        abort = new AbortController();
        running++;
        log(work.what);
        work
          .run((event) => writeFrame(socket, { t: 'event', event }), abort.signal)
          .then(
            (result) => writeFrame(socket, { t: 'done', result }),
            (e: unknown) => writeFrame(socket, { t: 'failed', error: FerryError.from(e).toPayload() }),
          )
          .finally(async () => {
            socket.end();
            if (--running === 0) await opts.onIdle?.().catch(() => undefined);
          });
      },
      () => deny(ErrorCode.BadFrame, 'frame too large'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.bind ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
