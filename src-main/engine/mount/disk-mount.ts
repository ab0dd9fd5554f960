// One restore point disk served over NBD: the point reader and the server over it, started and stopped together.
import { openPointReader, type PointReader } from '../repository/point-reader';
import { NbdServer, type NbdServerOptions } from '../nbd/server';

export interface DiskMountRequest {
  repoPath: string;
  pointId: string;
  diskKey: string;
  /** the NBD export name (URL-safe); clients may also use the default export '' */
  exportName: string;
  description?: string;
  /** 0: a free port; default 10809 */
  port?: number;
  log?: NbdServerOptions['log'];
}

export interface DiskMountStats {
  connections: number;
  bytesRead: number;
  chunksRead: number;
  readErrors: number;
  lastReadError: string | null;
}

export class DiskMount {
  private stopped: Promise<void> | undefined;

  private constructor(
    readonly reader: PointReader,
    readonly server: NbdServer,
  ) {}

  /** Opens the point (E_NOT_FOUND, E_REPO_*) and listens (E_IN_USE); nothing is left open when either fails. */
  static async start(req: DiskMountRequest): Promise<DiskMount> {
    const reader = await openPointReader(req.repoPath, req.pointId, req.diskKey);
    try {
      const blockSize = reader.preferredBlockSize;
      const server = await NbdServer.start({ name: req.exportName, description: req.description, source: reader, preferredBlockSize: blockSize }, { port: req.port, log: req.log });
      return new DiskMount(reader, server);
    } catch (e) {
      await reader.close();
      throw e;
    }
  }

  get url(): string {
    return this.server.url;
  }

  get stats(): DiskMountStats {
    const s = this.server.stats;
    return { connections: s.connections, bytesRead: s.bytesRead, chunksRead: this.reader.stats.chunksRead, readErrors: s.readErrors, lastReadError: s.lastReadError ?? null };
  }

  /** Clients' reads under way finish, clients are disconnected, then the repository is closed. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      try {
        await this.server.stop();
      } finally {
        await this.reader.close();
      }
    })();
    return this.stopped;
  }
}

/** An NBD export name from parts a person recognises: letters, digits, '.', '_' and '-' only. */
export function exportNameOf(...parts: Array<string | number>): string {
  return parts
    .map((p) => String(p).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('-')
    .slice(0, 200);
}
