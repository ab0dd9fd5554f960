// Writes Ferry's entries into this machine's Application log through the platform's executor (the console's own
// machine: no server). A failure (source not registered and no administrator rights, …) is the delivery's failure.
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import type { Executor } from '../exec/executor';
import { ScriptRunner } from '../exec/script-runner';
import { writeEventLogPs, type EventLogEntry } from './event-log-scripts';

const TIMEOUT_MS = 30_000;

export interface EventLogWriter {
  write(entry: EventLogEntry): Promise<void>;
}

export class WindowsEventLog implements EventLogWriter {
  private readonly runner: ScriptRunner;
  constructor(executor: Executor) {
    this.runner = new ScriptRunner(executor);
  }

  async write(entry: EventLogEntry): Promise<void> {
    try {
      await this.runner.ps({ id: 'localhost', server: undefined, name: 'this machine' }, 'Write the Windows Event Log entry', writeEventLogPs(entry), TIMEOUT_MS);
    } catch (e) {
      throw new FerryError(ErrorCode.NotifyFailed, `Windows Event Log: ${FerryError.from(e).message}`);
    }
  }
}
