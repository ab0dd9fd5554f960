// Step 2: every requirement for an off-host proxy, pass / fail / warning, with the reason and the fix.
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwise16Regular } from '@fluentui/react-icons';
import type { ReadinessCheck } from '../../../../src-shared/domain';
import { CheckStatusLabel } from '../../../components/CheckStatusLabel';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { useProxyWizard } from '../store';
import { servableVolumeIds } from '../validation';

const useStyles = makeStyles({
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  statusCol: { width: '110px' },
  fix: { color: tokens.colorNeutralForeground2 },
  failRow: { backgroundColor: tokens.colorPaletteRedBackground1 },
  warnRow: { backgroundColor: tokens.colorPaletteYellowBackground1 },
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
  const failed = rows.filter((r) => r.status === 'fail').length;
  const warnings = rows.filter((r) => r.status === 'warning').length;

  return (
    <>
      <div className={s.toolbar}>
        <Button icon={<ArrowClockwise16Regular />} onClick={() => void runReadiness()}>
          Re-run checks
        </Button>
        <Text>
          {rows.length} requirements: {rows.length - failed - warnings} passed, {warnings} warnings, {failed} failed
        </Text>
      </div>

      {readiness.status === 'error' ? (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The readiness check could not run</MessageBarTitle>
            {readiness.error}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <ReadinessVerdict serverName={serverName} servable={servable.map((id) => volumeLabel(id) ?? id)} warnings={warnings} />
      )}

      <Table size="small" aria-label={`Readiness of ${serverName}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={s.statusCol}>Status</TableHeaderCell>
            <TableHeaderCell>Requirement</TableHeaderCell>
            <TableHeaderCell>Reason</TableHeaderCell>
            <TableHeaderCell>How to fix</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row: ReadinessCheck, i) => (
            <TableRow
              key={`${row.id}:${row.volumeId ?? ''}:${i}`}
              data-status={row.status}
              className={row.status === 'fail' ? s.failRow : row.status === 'warning' ? s.warnRow : undefined}
            >
              <TableCell>
                <CheckStatusLabel status={row.status} />
              </TableCell>
              <TableCell>
                {row.title}
                {row.volumeId && !row.title.includes(volumeLabel(row.volumeId) ?? '') && (
                  <Text block size={200}>
                    {volumeLabel(row.volumeId)}
                  </Text>
                )}
              </TableCell>
              <TableCell>{row.reason}</TableCell>
              <TableCell className={s.fix}>{row.status === 'pass' ? '' : (row.fix ?? '')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

function ReadinessVerdict({ serverName, servable, warnings }: { serverName: string; servable: string[]; warnings: number }) {
  if (servable.length === 0) {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{serverName} cannot be an off-host proxy for any volume</MessageBarTitle>
          Fix the failed requirements and re-run the checks, or go back and choose another server.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent={warnings > 0 ? 'warning' : 'success'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {serverName} can back up {servable.length} volume{servable.length === 1 ? '' : 's'} off-host
        </MessageBarTitle>
        {servable.join(', ')}
      </MessageBarBody>
    </MessageBar>
  );
}
