// Where time goes in the data path (Source → Proxy → Network → Target), measured by the data mover;
// the busiest stage is the bottleneck, the way admins read "Load: Source 86% > Proxy 54% > …". Time spent waiting
// on a proxy's traffic rule is its own row (Throttling): under a tight cap it is where the time goes.
import { memo } from 'react';
import { ProgressBar, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { SessionStats } from '../../../src-shared/domain';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, maxWidth: '560px' },
  row: {
    display: 'grid',
    gridTemplateColumns: '6.5em minmax(120px, 1fr) 3.5em',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
  },
  primary: { fontWeight: tokens.fontWeightSemibold },
  // Values change a few times a second: an eased width would keep the page repainting between updates.
  still: { transitionProperty: 'none' },
});

const STAGES = [
  { key: 'source', label: 'Source', hint: 'reading the snapshot' },
  { key: 'proxy', label: 'Proxy', hint: 'hashing, dedupe, compression' },
  { key: 'network', label: 'Network', hint: 'queue to the repository' },
  { key: 'target', label: 'Target', hint: 'writing to the repository' },
  { key: 'throttle', label: 'Throttling', hint: "waiting on the proxy's traffic rule" },
] as const satisfies ReadonlyArray<{ key: keyof SessionStats['busy']; label: NonNullable<SessionStats['bottleneck']>; hint: string }>;

/** A replication's data goes to the target host's data mover, which writes the replica disks. */
const REPLICATION_HINTS: Partial<Record<(typeof STAGES)[number]['key'], string>> = {
  proxy: 'reading, compression for the wire',
  network: 'queue to the target host',
  target: "the target host writing the replica's disks",
};

export const BottleneckPanel = memo(function BottleneckPanel({ stats, replication = false }: { stats: SessionStats; replication?: boolean }) {
  const s = useStyles();
  const pct = (v: number) => Math.round(Math.max(0, Math.min(100, v)));
  return (
    <>
      <Text role="status">
        {stats.bottleneck ? (
          <>
            Primary bottleneck: <strong>{stats.bottleneck}</strong>
          </>
        ) : (
          'No bottleneck measured yet'
        )}
      </Text>
      <div className={s.list} role="list" aria-label="Busy time per stage">
        {STAGES.map((st) => {
          const value = pct(stats.busy[st.key] ?? 0);
          const primary = stats.bottleneck === st.label;
          return (
            <div key={st.key} role="listitem" aria-label={`${st.label} ${value}% busy`} className={s.row}>
              <Text className={mergeClasses(primary && s.primary)} title={(replication ? REPLICATION_HINTS[st.key] : undefined) ?? st.hint}>
                {st.label}
              </Text>
              <ProgressBar value={value / 100} color={primary ? 'warning' : 'brand'} bar={{ className: s.still }} aria-hidden />
              <Text className={mergeClasses(primary && s.primary)}>{value}%</Text>
            </div>
          );
        })}
      </div>
    </>
  );
});
