// Review: what will be installed (add) or what will change (edit), before anything happens.
import {
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
import type { ConnectedVolumes, Volume } from '../../../../src-shared/domain';
import { DetailsList } from '../../../components/DetailsList';
import { ErrorState } from '../../../components/StateViews';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { currentSettings, useProxyWizard } from '../store';
import { servableVolumeIds, settingsOf, trafficRuleText, type ProxySettings } from '../validation';

const useStyles = makeStyles({
  ul: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
});

function volumesText(cv: ConnectedVolumes, servable: string[], volumes: Volume[]): string {
  const path = (id: string) => volumes.find((v) => v.id === id)?.path ?? id;
  return cv.mode === 'automatic'
    ? `Automatic (${servable.map(path).join(', ') || 'none reachable'})`
    : `Chosen: ${cv.volumeIds.map(path).join(', ')}`;
}

export function ReviewStep() {
  const s = useStyles();
  const w = useProxyWizard((st) => st);
  const host = useFerryStore(inventorySelectors.hostById(w.serverId));
  const volumes = useFerryStore(inventorySelectors.volumes);
  const servable = servableVolumeIds(w.readiness?.rows ?? []);
  const settings = currentSettings(w);
  if (!settings) return <Text>Some settings are incomplete; go back and fill them in.</Text>;

  const rows: [string, (st: ProxySettings) => string][] = [
    ['Description', (st) => st.description || '—'],
    ['Connected volumes', (st) => volumesText(st.connectedVolumes, servable, volumes)],
    ['Max concurrent tasks', (st) => String(st.maxTasks)],
    ['Traffic rule (per task)', (st) => trafficRuleText(st.throttleMBps, st.throttleWindow)],
  ];
  // A new proxy always starts enabled; only an edit can change it.
  if (w.original) rows.push(['State', (st) => (st.enabled ? 'Enabled' : 'Disabled: skipped by automatic proxy selection')]);

  return (
    <>
      {w.apply.status === 'error' && (
        <ErrorState title="The changes were not saved" message={w.apply.error} />
      )}
      {w.original ? (
        <>
          <Table size="small" aria-label="Changes to the proxy">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Setting</TableHeaderCell>
                <TableHeaderCell>Now</TableHeaderCell>
                <TableHeaderCell>After saving</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map(([label, text]) => {
                const before = text(settingsOf(w.original!));
                const after = text(settings);
                return (
                  <TableRow key={label} data-changed={before !== after}>
                    <TableCell>{label}</TableCell>
                    <TableCell>{before}</TableCell>
                    <TableCell>{before === after ? 'unchanged' : <strong>{after}</strong>}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <Text>Nothing is installed or restarted on {host?.name ?? w.serverId}. Running sessions keep their settings; the next ones use the new ones.</Text>
        </>
      ) : (
        <>
          <DetailsList
            label="Proxy to be added"
            items={[{ term: 'Server', value: host?.name ?? w.serverId }, ...rows.map(([term, text]) => ({ term, value: text(settings) }))]}
          />
          <h4 className={s.heading}>What will be installed on {host?.name ?? w.serverId}</h4>
          <ul className={s.ul} aria-label="Components to install">
            <li>Ferry data mover agent, as the Windows service FerryAgent (automatic start): reads snapshots on the proxy, writes to the repository</li>
            <li>A TLS certificate for the agent; the console pins its fingerprint and stores a pairing token</li>
            <li>Transportable snapshot import through {host?.vssHardwareProvider ?? 'the VSS hardware provider'} (already on the server; nothing to install)</li>
          </ul>
          <h4 className={s.heading}>What will change</h4>
          <ul className={s.ul} aria-label="Changes">
            <li>{host?.name ?? w.serverId} is registered as an off-host backup proxy; jobs with automatic proxy selection can use it at once</li>
            <li>No reboot; the Hyper-V hosts are not touched</li>
          </ul>
          <Text>Click Apply to install the components and register the proxy. You can follow the progress on the next step.</Text>
        </>
      )}
    </>
  );
}
