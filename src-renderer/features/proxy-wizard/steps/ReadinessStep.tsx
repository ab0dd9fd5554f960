// Step 2: every requirement for an off-host proxy, pass / fail / warning, with the reason and the fix.
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise16Regular } from '@fluentui/react-icons';
import { ChecksTable, checksSummary } from '../../../components/ChecksTable';
import { ErrorState } from '../../../components/StateViews';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { useProxyWizard } from '../store';
import { servableVolumeIds } from '../validation';

const useStyles = makeStyles({
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

export function ReadinessStep() {
  const s = useStyles();
  const readiness = useProxyWizard((w) => w.readiness);
  const runReadiness = useProxyWizard((w) => w.runReadiness);
  const hosts = useFerryStore(inventorySelectors.hosts);
  const volumes = useFerryStore(inventorySelectors.volumes);
  const serverName = hosts.find((h) => h.id === readiness?.serverId)?.name ?? readiness?.serverId ?? '';
  const volumeLabel = (id: string | undefined) => (id ? (volumes.find((v) => v.id === id)?.path ?? id) : null);

  if (!readiness || readiness.status === 'loading') return <Spinner size="small" label={`Checking ${serverName}…`} />;

  const rows = readiness.rows;
  const servable = servableVolumeIds(rows);
  const warnings = rows.filter((r) => r.status === 'warning').length;
  // volumes a failed row of their own rules out (e.g. a cluster node's own CSVs); not-zoned LUNs are N/A, not failures
  const refused = [...new Set(rows.filter((r) => r.volumeId && r.status === 'fail').map((r) => volumeLabel(r.volumeId) ?? r.volumeId ?? ''))];

  return (
    <>
      <div className={s.toolbar}>
        <Button icon={<ArrowClockwise16Regular />} onClick={() => void runReadiness()}>
          Re-run checks
        </Button>
        <Text>{checksSummary(rows)}</Text>
      </div>

      {readiness.status === 'error' ? (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The readiness check could not run</MessageBarTitle>
            {readiness.error}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <ReadinessVerdict serverName={serverName} servable={servable.map((id) => volumeLabel(id) ?? id)} refused={refused} warnings={warnings} />
      )}

      <ChecksTable
        label={`Readiness of ${serverName}`}
        checks={rows}
        detail={(row) =>
          row.volumeId && !row.title.includes(volumeLabel(row.volumeId) ?? '') ? (
            <Text block size={200}>
              {volumeLabel(row.volumeId)}
            </Text>
          ) : null
        }
      />
    </>
  );
}

/**
 * The verdict agrees with the rows and with Next: red (Next disabled) when no volume can be served; amber when it
 * can, but some rows warn or some volumes failed their own check (those are left out, named here); green otherwise.
 */
function ReadinessVerdict({ serverName, servable, refused, warnings }: { serverName: string; servable: string[]; refused: string[]; warnings: number }) {
  if (servable.length === 0) {
    return (
      <ErrorState title={`${serverName} cannot be an off-host proxy for any volume`} message="Fix the failed requirements and re-run the checks, or go back and choose another server." />
    );
  }
  return (
    <MessageBar intent={warnings > 0 || refused.length > 0 ? 'warning' : 'success'} layout="multiline" data-verdict={refused.length > 0 ? 'partial' : 'ready'}>
      <MessageBarBody>
        <MessageBarTitle>
          {serverName} can back up {servable.length} volume{servable.length === 1 ? '' : 's'} off-host
        </MessageBarTitle>
        {servable.join(', ')}
        {refused.length > 0 && <Text block>{`Not from this server (see the failed rows): ${refused.join(', ')}. These failures do not block the proxy for the other volumes.`}</Text>}
      </MessageBarBody>
    </MessageBar>
  );
}
