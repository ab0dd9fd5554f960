// Restore points mounted read-only over NBD (on 127.0.0.1 of the console's machine): start, list, stop.
import { z } from 'zod';
import { Id } from '../domain';
import { MountInfo } from '../mount';

export const mountMethods = {
  /**
   * Serve one disk of a restore point read-only over NBD. `port` 0 or absent: a free port. Mounting a disk that is
   * mounted already returns that mount. E_NOT_FOUND (point, disk), E_IN_USE (port taken), E_REPO_* (repository).
   */
  'mount.start': {
    params: z.object({ pointId: Id, vmId: Id, diskIndex: z.number().int().min(0).max(255), port: z.number().int().min(0).max(65535).optional() }).strict(),
    result: MountInfo,
  },
  /** The mounts this engine serves, with live counters (clients, bytes read, read errors). */
  'mount.list': { params: z.object({}).strict(), result: z.array(MountInfo) },
  /** Stop serving: reads under way finish, clients are disconnected. E_NOT_FOUND for an unknown id. */
  'mount.stop': { params: z.object({ id: Id }).strict(), result: z.object({ ok: z.literal(true) }) },
} as const;
