// Counters of the session window: data amounts, rate, reduction ratios and VM outcomes.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { memo } from 'react';
import type { SessionStats as SessionStatsView, VmTaskView } from '../../../src-shared/domain';
import { formatBytes, formatRate, formatRatio } from '../../lib/format';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
  },
  tile: {
    display: 'flex',
    flexDirection: 'column',
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  label: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export const SessionStats = memo(function SessionStats({ stats: st, vms }: { stats: SessionStatsView; vms: VmTaskView[] }) {
  const s = useStyles();
  const count = (status: string) => vms.filter((v) => v.status === status).length;
  const tiles: [string, string, string?][] = [
    ['Processed', formatBytes(st.bytesProcessed), 'Total size of the VM disks handled so far'],
    ['Read', formatBytes(st.bytesRead), 'Read from the snapshot by the data mover'],
    ['Transferred', formatBytes(st.bytesTransferred), 'Written to the repository after dedupe and compression'],
    ['Processing rate', formatRate(st.ratePerSec)],
    ['Dedupe', formatRatio(st.dedupeRatio)],
    ['Compression', formatRatio(st.compressionRatio)],
    ['VMs', `${count('Success')} ok · ${count('Warning')} warn · ${count('Failed')} failed${count('Stopped') > 0 ? ` · ${count('Stopped')} stopped` : ''}`],
  ];
  return (
    <dl className={s.grid} aria-label="Session statistics">
      {tiles.map(([label, value, title]) => (
        <div key={label} className={s.tile} title={title}>
          <dt className={s.label}>{label}</dt>
          <dd className={s.value}>
            <Text>{value}</Text>
          </dd>
        </div>
      ))}
    </dl>
  );
});
