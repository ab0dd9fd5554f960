// Session log lines as text for assertions, the way the console shows them: a line about a VM gets its name in
// brackets from the line's vmId (the engine does not repeat it in the text).
import type { LogLine, VmTaskView } from '../../src-shared/domain';

export function logText(lines: LogLine[], vms: Pick<VmTaskView, 'vmId' | 'vmName'>[], withLevel = true): string[] {
  const name = (id: string) => vms.find((v) => v.vmId === id)?.vmName ?? id;
  return lines.map((l) => `${withLevel ? `${l.level}: ` : ''}${l.vmId ? `[${name(l.vmId)}] ` : ''}${l.text}`);
}
