// The Windows Event Log entry script, byte for byte against testing/__golden__/, and through the scripted executor:
// a hostile message stays inside its literal; a failure (no rights to register the source) is E_NOTIFY_FAILED.
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../testing/test-support';
import { ScriptedExecutor, psJson } from '../testing/scripted-executor';
import { writeEventLogPs } from './event-log-scripts';
import { WindowsEventLog } from './windows-event-log';

describe('Windows Event Log (golden)', () => {
  it('registers source Ferry in the Application log once and writes the entry with its event id', () => {
    expectGolden('event-log-write.ps1', writeEventLogPs({ eventId: 1002, entryType: 'Error', message: "Failed: Nightly\nVM SRV-O'Brien failed: disk 0" }));
  });

  it('writes through the local executor; a refusal is E_NOTIFY_FAILED with the reason', async () => {
    const ok = new ScriptedExecutor([{ label: 'write', program: 'powershell', script: /WriteEntry\(\$source, \$message, \[System\.Diagnostics\.EventLogEntryType\]::Warning, 1001\)/, reply: psJson({ written: true }) }]);
    await new WindowsEventLog(ok).write({ eventId: 1001, entryType: 'Warning', message: "x'); Remove-Item C:\\ -Recurse; ('" });
    expect(ok.calls[0].server).toBeUndefined();
    expect(ok.calls[0].script).toContain("$message = 'x''); Remove-Item C:\\ -Recurse; ('''");
    const refused = new ScriptedExecutor([{ label: 'write', program: 'powershell', reply: { exitCode: 1, stdout: '', stderr: 'FERRY_ERROR: Requested registry access is not allowed.' } }]);
    await expect(new WindowsEventLog(refused).write({ eventId: 1000, entryType: 'Information', message: 'm' })).rejects.toMatchObject({ code: 'E_NOTIFY_FAILED', message: expect.stringContaining('registry access is not allowed') });
  });
});
