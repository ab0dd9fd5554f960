// Routes a restore write to the target server's agent (restore data flows repository → target, never through
// the console), or to this process where the server has no agent process (the lab without agent processes).
// A lost connection is retried: a new file is written again from the start, in-place ranges again (idempotent).
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { AgentEndpoint } from '../../platform/types';
import type { DiskWriter, RestoreDiskTask, RestoreTaskEvent, RestoreTaskResult } from '../restore-task';
import { runRestoreOnAgent } from './agent-client';

const ATTEMPTS = 3;
const RETRYABLE = new Set<string>([ErrorCode.AgentLost, ErrorCode.AgentUnreachable]);

export class RoutingDiskWriter implements DiskWriter {
  constructor(
    private readonly local: DiskWriter,
    private readonly endpoint: (serverId: string) => Promise<AgentEndpoint | null>,
    private readonly consoleVersion: string,
    /** the lab without agent processes writes in this process (its stand-in for the host's data mover) */
    private readonly localWhenNoAgent = false,
  ) {}

  async restore(task: RestoreDiskTask, onEvent: (e: RestoreTaskEvent) => void, signal: AbortSignal): Promise<RestoreTaskResult> {
    if (!task.runOn) return this.local.restore(task, onEvent, signal);
    for (let attempt = 1; ; attempt++) {
      const ep = await this.endpoint(task.runOn).catch((e: unknown) => {
        const err = FerryError.from(e);
        if (RETRYABLE.has(err.code) && attempt < ATTEMPTS) return undefined;
        throw err;
      });
      if (ep === undefined) {
        onEvent({ type: 'log', level: 'warning', text: `The data mover on ${task.runOn} is unreachable; trying again (attempt ${attempt + 1} of ${ATTEMPTS})` });
        await new Promise((r) => setTimeout(r, 500 * attempt));
        continue;
      }
      if (!ep && this.localWhenNoAgent) return this.local.restore(task, onEvent, signal);
      if (!ep) throw new FerryError(ErrorCode.AgentUnreachable, `No Ferry data mover is installed on ${task.runOn}`);
      try {
        if (attempt === 1) onEvent({ type: 'log', level: 'info', text: `Data mover: agent on ${ep.serverName} (${ep.host}:${ep.port}, TLS, pinned certificate) writes the disk` });
        return await runRestoreOnAgent(ep, this.consoleVersion, task, onEvent, signal);
      } catch (e) {
        const err = FerryError.from(e);
        if (!RETRYABLE.has(err.code) || attempt >= ATTEMPTS || signal.aborted) throw err;
        onEvent({ type: 'log', level: 'warning', text: `${err.message}; reconnecting (attempt ${attempt + 1} of ${ATTEMPTS}), the disk is written again` });
      }
    }
  }
}
