$ErrorActionPreference = 'Stop'
$source = 'Ferry'
$log = 'Application'
if (-not [System.Diagnostics.EventLog]::SourceExists($source)) { [System.Diagnostics.EventLog]::CreateEventSource($source, $log) }
$message = 'Failed: Nightly
VM SRV-O''Brien failed: disk 0'
[System.Diagnostics.EventLog]::WriteEntry($source, $message, [System.Diagnostics.EventLogEntryType]::Error, 1002)
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject (@{ written = $true; source = $source; eventId = 1002 }))
