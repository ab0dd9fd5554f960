// Step 4: what will be installed and registered, before anything changes.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { useProxyWizard } from '../store';
import { servableVolumeIds } from '../validation';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0 },
  ul: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

export function ReviewStep() {
  const s = useStyles();
  const { serverId, description, maxTasks, readiness } = useProxyWizard((w) => w);
  const host = useFerryStore(inventorySelectors.hostById(serverId));
  const volumes = useFerryStore(inventorySelectors.volumes);
  const servable = servableVolumeIds(readiness?.rows ?? []).map((id) => volumes.find((v) => v.id === id)?.path ?? id);

  return (
    <>
      <dl className={s.list} aria-label="Proxy to be added">
        <dt className={s.term}>Server</dt>
        <dd className={s.dd}>{host?.name ?? serverId}</dd>
        <dt className={s.term}>Description</dt>
        <dd className={s.dd}>{description || '—'}</dd>
        <dt className={s.term}>Max concurrent tasks</dt>
        <dd className={s.dd}>{maxTasks}</dd>
        <dt className={s.term}>Volumes backed up off-host</dt>
        <dd className={s.dd}>
          <ul className={s.ul}>
            {servable.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </dd>
        <dt className={s.term}>Components to install</dt>
        <dd className={s.dd}>
          <ul className={s.ul}>
            <li>Ferry data mover agent (reads snapshots on the proxy, writes to the repository)</li>
            <li>Transportable snapshot import ({host?.vssHardwareProvider ?? 'VSS hardware provider'})</li>
          </ul>
        </dd>
      </dl>
      <Text>Click Apply to install the components and register the proxy. You can follow the progress on the next step.</Text>
    </>
  );
}
