// Routes a disk task to where the data must move: the agent on the proxy for off-host tasks, the local
// mover otherwise. A lost agent connection is retried (the agent may have been restarted); chunks already
// stored dedupe, so a retry resumes rather than re-sends.
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { AgentEndpoint } from '../../platform/types';
import type { DataMover, DiskTask, DiskTaskEvent, DiskTaskResult } from '../task';
import { runOnAgent } from './agent-client';

const ATTEMPTS = 3;
const RETRYABLE = new Set<string>([ErrorCode.AgentLost, ErrorCode.AgentUnreachable]);

export class RoutingDataMover implements DataMover {
  constructor(
    private readonly local: DataMover,
    private readonly endpoint: (serverId: string) => Promise<AgentEndpoint | null>,
    private readonly consoleVersion: string,
    /** the lab without agent processes (Electron: runAsNode is fused off) moves proxy tasks in this process */
    private readonly localWhenNoAgent = false,
  ) {}

  async run(task: DiskTask, onEvent: (e: DiskTaskEvent) => void, signal: AbortSignal): Promise<DiskTaskResult> {
    if (!task.runOn) return this.local.run(task, onEvent, signal);
    for (let attempt = 1; ; attempt++) {
      const ep = await this.endpoint(task.runOn);
      if (!ep && this.localWhenNoAgent) return this.local.run(task, onEvent, signal);
      if (!ep) throw new FerryError(ErrorCode.AgentUnreachable, `No Ferry agent is installed on ${task.runOn}: re-run the proxy wizard`);
      try {
        if (attempt === 1) onEvent({ type: 'log', level: 'info', text: `Data mover: agent on ${ep.serverName} (${ep.host}:${ep.port}, TLS, pinned certificate)` });
        return await runOnAgent(ep, this.consoleVersion, task, onEvent, signal);
      } catch (e) {
        const err = FerryError.from(e);
        if (!RETRYABLE.has(err.code) || attempt >= ATTEMPTS || signal.aborted) throw err;
        onEvent({ type: 'log', level: 'warning', text: `${err.message}; reconnecting (attempt ${attempt + 1} of ${ATTEMPTS}), the task resumes` });
      }
    }
  }
}
