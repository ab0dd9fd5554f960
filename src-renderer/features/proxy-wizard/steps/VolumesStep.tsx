// Step 3: connected volumes — every volume the proxy can reach (automatic), or an admin's choice among them.
import {
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
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
import { CheckStatusLabel } from '../../../components/CheckStatusLabel';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { useProxyWizard } from '../store';
import { servableVolumeIds, unservableReason } from '../validation';

const useStyles = makeStyles({
  useCol: { width: '64px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function VolumesStep({ error }: { error: string | null }) {
  const s = useStyles();
  const volumes = useFerryStore(inventorySelectors.volumes);
  const clusters = useFerryStore(inventorySelectors.clusters);
  const hosts = useFerryStore(inventorySelectors.hosts);
  const mode = useProxyWizard((w) => w.volumesMode);
  const chosen = useProxyWizard((w) => w.chosenVolumeIds);
  const rows = useProxyWizard((w) => w.readiness?.rows ?? []);
  const setMode = useProxyWizard((w) => w.setVolumesMode);
  const toggle = useProxyWizard((w) => w.toggleVolume);
  const servable = servableVolumeIds(rows);
  const ownerText = (clusterId: string | null, ownerHostId: string) =>
    clusterId ? `CSV of ${clusters.find((c) => c.id === clusterId)?.name ?? clusterId}` : `LUN of ${hosts.find((h) => h.id === ownerHostId)?.name ?? ownerHostId}`;

  return (
    <>
      <Field label="Volumes this proxy backs up">
        <RadioGroup value={mode} onChange={(_e, d) => setMode(d.value as 'automatic' | 'chosen')}>
          <Radio value="automatic" label={`Automatic: every volume this server can reach (${servable.length} today; re-detected at every check)`} />
          <Radio value="chosen" label="Only the volumes I choose" />
        </RadioGroup>
      </Field>
      {error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Table size="small" aria-label="Volumes on the SAN">
        <TableHeader>
          <TableRow>
            {mode === 'chosen' && <TableHeaderCell className={s.useCol}>Use</TableHeaderCell>}
            <TableHeaderCell>Volume</TableHeaderCell>
            <TableHeaderCell>Kind</TableHeaderCell>
            <TableHeaderCell>LUN</TableHeaderCell>
            <TableHeaderCell>Off-host from this server</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {volumes.map((v) => {
            const ok = servable.includes(v.id);
            const isChosen = chosen.includes(v.id);
            return (
              <TableRow key={v.id} data-volume={v.id}>
                {mode === 'chosen' && (
                  <TableCell>
                    <Checkbox
                      aria-label={`Use ${v.path}`}
                      checked={isChosen}
                      // A chosen volume that became unservable stays clickable, so it can be cleared.
                      disabled={!ok && !isChosen}
                      onChange={(_e, d) => toggle(v.id, d.checked === true)}
                    />
                  </TableCell>
                )}
                <TableCell>{v.path}</TableCell>
                <TableCell>{ownerText(v.clusterId, v.ownerHostId)}</TableCell>
                <TableCell>{v.lun}</TableCell>
                <TableCell>
                  {ok ? (
                    <CheckStatusLabel status="pass" />
                  ) : (
                    <>
                      <CheckStatusLabel status="fail" />{' '}
                      <Text size={200} className={s.muted}>
                        {unservableReason(rows, v.id)}
                      </Text>
                    </>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {mode === 'chosen' && (
        <Text aria-live="polite">
          {chosen.length} of {servable.length} reachable volume{servable.length === 1 ? '' : 's'} chosen
        </Text>
      )}
    </>
  );
}
